/*
 * The CoAP probe's reading of a datagram, on anything. Checked promises:
 * a parsed message's token is at most 8 bytes and its payload lies inside
 * the datagram, never empty; the link list is always terminated, within
 * its buffer, and printable.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/probe_coap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t token[COAP_TOKEN_LEN] = {1, 2, 3, 4};
	struct coap_msg m;
	char out[40];
	size_t len;

	if (coap_probe_parse(data, size, &m) == 0) {
		if (m.token_len > 8)
			abort();
		if (m.payload != NULL &&
		    (m.payload < data || m.payload_len == 0 ||
		        m.payload + m.payload_len != data + size))
			abort();
		(void)coap_probe_matches(&m, 0x1234, token);
	}
	coap_probe_links(data, size, out, sizeof(out));
	len = strnlen(out, sizeof(out));
	if (len == sizeof(out))
		abort();
	for (size_t i = 0; i < len; i++)
		if (out[i] < 0x20 || out[i] > 0x7e)
			abort();
	return 0;
}
