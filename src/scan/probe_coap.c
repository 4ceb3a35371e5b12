/*
 * The CoAP probe (probe_coap.h). The parser reads a datagram with
 * bounded steps only: the 4-byte header, the token (at most 8 bytes;
 * 9 to 15 are a format error), then options, each a delta and a length
 * of 4 bits with 1 or 2 extension bytes (13, 14; 15 is reserved but as
 * the payload marker 0xff), then the payload.
 */
#include <string.h>

#include "scan/probe_coap.h"

#define OPT_URI_PATH 11
#define OPT_CONTENT_FORMAT 12

size_t
coap_probe_request(
    uint8_t *out, uint16_t mid, const uint8_t token[COAP_TOKEN_LEN])
{
	size_t n = 0;

	out[n++] = 0x40 | COAP_TOKEN_LEN; /* version 1, CON */
	out[n++] = 0x01;                  /* GET */
	out[n++] = (uint8_t)(mid >> 8);
	out[n++] = (uint8_t)mid;
	memcpy(out + n, token, COAP_TOKEN_LEN);
	n += COAP_TOKEN_LEN;
	out[n++] = OPT_URI_PATH << 4 | 11; /* ".well-known" */
	memcpy(out + n, ".well-known", 11);
	n += 11;
	out[n++] = 0 << 4 | 4; /* the same option again: "core" */
	memcpy(out + n, "core", 4);
	return n + 4;
}

/* An option's delta or length nibble with its extension bytes; -1 for
 * 15 or bytes missing. */
static long
extended(unsigned nib, const uint8_t *in, size_t n, size_t *at)
{
	if (nib < 13)
		return (long)nib;
	if (nib == 13 && *at + 1 <= n)
		return 13 + in[(*at)++];
	if (nib == 14 && *at + 2 <= n) {
		long v = 269 + (in[*at] << 8 | in[*at + 1]);

		*at += 2;
		return v;
	}
	return -1;
}

/* The options from at; the payload after the marker, if any. */
static int
options(const uint8_t *in, size_t n, size_t at, struct coap_msg *m)
{
	unsigned long number = 0;
	long delta, len;

	while (at < n && in[at] != 0xff) {
		uint8_t b = in[at++];

		delta = extended(b >> 4, in, n, &at);
		len = extended(b & 15, in, n, &at);
		if (delta < 0 || len < 0 || (size_t)len > n - at)
			return -1;
		number += (unsigned long)delta;
		if (number == OPT_CONTENT_FORMAT && len <= 2) {
			m->content_format = 0;
			for (long i = 0; i < len; i++)
				m->content_format =
				    m->content_format << 8 | in[at + (size_t)i];
		}
		at += (size_t)len;
	}
	if (at < n) { /* the marker: a payload must follow it */
		if (++at == n)
			return -1;
		m->payload = in + at;
		m->payload_len = n - at;
	}
	return 0;
}

int
coap_probe_parse(const uint8_t *in, size_t n, struct coap_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->content_format = -1;
	if (n < 4 || in[0] >> 6 != 1 || (in[0] & 15) > 8)
		return -1;
	m->type = (enum coap_type)(in[0] >> 4 & 3);
	m->token_len = in[0] & 15;
	m->code = in[1];
	m->message_id = (uint16_t)(in[2] << 8 | in[3]);
	if (n < 4 + m->token_len)
		return -1;
	memcpy(m->token, in + 4, m->token_len);
	/* an empty message is the header alone (RFC 7252 4.1) */
	if (m->code == 0 && (m->token_len != 0 || n != 4))
		return -1;
	return options(in, n, 4 + m->token_len, m);
}

int
coap_probe_matches(
    const struct coap_msg *m, uint16_t mid, const uint8_t token[COAP_TOKEN_LEN])
{
	int token_ok = m->token_len == COAP_TOKEN_LEN &&
	               memcmp(m->token, token, COAP_TOKEN_LEN) == 0;

	if (m->type == COAP_ACK || m->type == COAP_RST)
		return m->message_id == mid && (m->code == 0 || token_ok);
	return token_ok;
}

/* Append text to out (printable, cut to fit, always terminated). */
static void
append(char *out, size_t outlen, size_t *at, const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n && *at + 1 < outlen; i++)
		out[(*at)++] = s[i] >= 0x20 && s[i] < 0x7f ? (char)s[i] : '?';
	out[*at] = '\0';
}

size_t
coap_probe_links(const uint8_t *in, size_t n, char *out, size_t outlen)
{
	size_t at = 0, count = 0, i = 0, end;
	int quoted = 0;

	if (outlen > 0)
		out[0] = '\0';
	while (i < n) {
		while (i < n && (in[i] == ' ' || in[i] == ',' ||
		                    in[i] == '\r' || in[i] == '\n'))
			i++;
		if (i >= n || in[i] != '<')
			break; /* not link format (any more) */
		for (end = i + 1; end < n && in[end] != '>'; end++)
			;
		if (end >= n)
			break;
		if (outlen > 0) {
			if (count > 0)
				append(
				    out, outlen, &at, (const uint8_t *)", ", 2);
			append(out, outlen, &at, in + i + 1, end - i - 1);
		}
		count++;
		/* the link's attributes, to the comma outside quotes */
		for (i = end + 1; i < n && (quoted || in[i] != ','); i++)
			if (in[i] == '"')
				quoted = !quoted;
	}
	return count;
}
