/*
 * TFTP (udp/69): does a server hand out files to anyone? The scanner
 * sends one read request (RRQ, RFC 1350) in octet mode for a random name
 * that no device holds; any TFTP answer (DATA, ERROR, or an option
 * acknowledgement) says a server is there. Never a write request.
 */
#ifndef AIRLOCK_PROBE_TFTP_H
#define AIRLOCK_PROBE_TFTP_H

#include <stddef.h>
#include <stdint.h>

#define TFTP_REQUEST_MAX 64
#define TFTP_MESSAGE_MAX 64

enum tftp_opcode {
	TFTP_RRQ = 1,
	TFTP_DATA = 3,
	TFTP_ERROR = 5,
	TFTP_OACK = 6, /* RFC 2347 */
};

struct tftp_answer {
	enum tftp_opcode opcode;
	unsigned error_code;            /* for ERROR */
	char message[TFTP_MESSAGE_MAX]; /* an ERROR's, printable */
};

/* The RRQ for name (letters, digits, '-' and '.' only: -1 otherwise)
 * into out (TFTP_REQUEST_MAX); its length. */
long tftp_probe_request(uint8_t *out, const char *name);

/* 0 and a filled for a server's answer (DATA, ERROR, OACK); -1 for
 * anything else (a request, a truncated header). */
int tftp_probe_parse(const uint8_t *in, size_t n, struct tftp_answer *a);

#endif
