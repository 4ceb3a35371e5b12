/*
 * CoAP (udp/5683): does the device answer a stranger's request, and what
 * resources does it list? The scanner sends one confirmable GET of
 * /.well-known/core (RFC 7252, RFC 6690) with a random message id and
 * token; the answer's code and, on 2.05, the resource paths of its link
 * format are all it keeps. Nothing is PUT, POSTed or observed.
 */
#ifndef AIRLOCK_PROBE_COAP_H
#define AIRLOCK_PROBE_COAP_H

#include <stddef.h>
#include <stdint.h>

#define COAP_REQUEST_MAX 32
#define COAP_TOKEN_LEN 4    /* the probe's; an answer's may be 0 to 8 */
#define COAP_CONTENT 0x45   /* 2.05 Content: class 2 << 5 | 5 */
#define COAP_LINK_FORMAT 40 /* Content-Format application/link-format */

enum coap_type { COAP_CON, COAP_NON, COAP_ACK, COAP_RST };

/* A CoAP message as RFC 7252 section 3 lays it out. */
struct coap_msg {
	enum coap_type type;
	uint8_t code; /* class << 5 | detail: 0x45 is 2.05 */
	uint16_t message_id;
	uint8_t token[8];
	size_t token_len;
	int content_format;     /* -1 when the option is absent */
	const uint8_t *payload; /* into the datagram; NULL for none */
	size_t payload_len;
};

/* The request: GET /.well-known/core, confirmable, with mid and a token
 * of COAP_TOKEN_LEN bytes, into out (COAP_REQUEST_MAX); its length. */
size_t coap_probe_request(
    uint8_t *out, uint16_t mid, const uint8_t token[COAP_TOKEN_LEN]);

/* 0 and m filled when in holds one well-formed CoAP message (version 1,
 * options in order, lengths within the datagram); else -1. */
int coap_probe_parse(const uint8_t *in, size_t n, struct coap_msg *m);

/* The answer to the request of mid and token: an ACK or RST of mid, or a
 * separate response (CON, NON) carrying the token. */
int coap_probe_matches(const struct coap_msg *m, uint16_t mid,
    const uint8_t token[COAP_TOKEN_LEN]);

/* The paths a link-format payload (RFC 6690 section 2) lists, "</a>,
 * </b>;rt=x", as "/a, /b" into out (printable, cut to fit); their count,
 * all of them, or 0 when there is none. */
size_t coap_probe_links(const uint8_t *in, size_t n, char *out, size_t outlen);

#endif
