/*
 * The packet decoder on anything: the first byte picks the link type, the
 * rest is the captured packet. Checked promises: the result is one of
 * enum decode_err; a decoded packet is ARP or IP with both addresses of
 * one family; transport fields only with a transport header, and ports
 * only for the protocols that have them; a fragment after the first has
 * no transport header. (libFuzzer's input is an exact-size heap copy, so
 * ASan sees a read one byte past the packet.)
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sys/socket.h>

#include "monitor/decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(int rc, const struct decoded *d)
{
	if (rc != DECODE_OK && rc != DECODE_ETRUNC && rc != DECODE_EMALFORMED &&
	    rc != DECODE_EOTHER)
		abort();
	if (rc != DECODE_OK)
		return;
	if (d->kind != DECODE_ARP && d->kind != DECODE_IP)
		abort();
	if (d->src.family != d->dst.family ||
	    (d->src.family != AF_INET && d->src.family != AF_INET6))
		abort();
	if (d->kind == DECODE_ARP && d->src.family != AF_INET)
		abort();
	if (!d->has_l4 && (d->sport || d->dport || d->tcp_flags ||
	                      d->icmp_type || d->l4_payload))
		abort();
	if (d->fragment && d->has_l4)
		abort();
	if (d->proto != 6 && d->proto != 17 && d->proto != 136 &&
	    (d->sport || d->dport))
		abort();
	if (strcmp(decode_strerror(rc), "unknown error") == 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum decode_link links[] = {DECODE_LINK_ETHERNET,
	    DECODE_LINK_SLL, DECODE_LINK_SLL2, DECODE_LINK_RAW};
	struct decoded d;
	uint8_t *copy;
	int rc;

	if (size < 1)
		return 0;
	/* the packet alone, in a buffer of its exact size */
	copy = malloc(size - 1 ? size - 1 : 1);
	if (copy == NULL)
		abort();
	memcpy(copy, data + 1, size - 1);
	rc = decode_packet(links[data[0] % 4], copy, size - 1, &d);
	check(rc, &d);
	free(copy);
	return 0;
}
