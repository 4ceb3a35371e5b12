/*
 * The TFTP probe (probe_tftp.h). An RRQ is opcode 1, the file name and
 * the mode, each name ended by a zero byte. An answer's opcode is two
 * bytes; DATA and ACK carry a block number, ERROR a code and a message
 * ended by a zero byte (which a careless server may leave out: the
 * datagram's end ends it then).
 */
#include <string.h>

#include "scan/probe_tftp.h"

long
tftp_probe_request(uint8_t *out, const char *name)
{
	size_t len = strlen(name), n = 0;

	if (len == 0 || len + 2 + 1 + 6 > TFTP_REQUEST_MAX ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                 "0123456789-.") != len)
		return -1;
	out[n++] = 0;
	out[n++] = TFTP_RRQ;
	memcpy(out + n, name, len + 1);
	n += len + 1;
	memcpy(out + n, "octet", 6);
	return (long)(n + 6);
}

int
tftp_probe_parse(const uint8_t *in, size_t n, struct tftp_answer *a)
{
	size_t k = 0;

	memset(a, 0, sizeof(*a));
	if (n < 4 || in[0] != 0)
		return -1;
	a->opcode = (enum tftp_opcode)in[1];
	switch (a->opcode) {
	case TFTP_DATA:
	case TFTP_OACK:
		return 0;
	case TFTP_ERROR:
		a->error_code = (unsigned)(in[2] << 8 | in[3]);
		for (size_t i = 4;
		     i < n && in[i] != 0 && k + 1 < TFTP_MESSAGE_MAX; i++)
			a->message[k++] =
			    in[i] >= 0x20 && in[i] < 0x7f ? (char)in[i] : '?';
		a->message[k] = '\0';
		return 0;
	default:
		return -1;
	}
}
