/*
 * The monitor's view of a record from the kernel: decode it, and check
 * the decoder's promises. On success the prefix ends within its buffer,
 * both addresses are of one family, IPv4 or IPv6, and the fields that
 * belong to a protocol are 0 for any other; on an error the code is one
 * of enum nflog_err and out is all zeros. A record decodes the same
 * whatever out held before. (libFuzzer's input is an exact-size heap
 * copy, so ASan sees a read one byte past the record.)
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <netinet/in.h>
#include <sys/socket.h>

#include "monitor/nflog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
has_ports(uint8_t proto)
{
	return proto == IPPROTO_TCP || proto == IPPROTO_UDP ||
	       proto == IPPROTO_UDPLITE || proto == IPPROTO_SCTP;
}

static void
check_ok(const struct nflog_pkt *k)
{
	if (memchr(k->prefix, '\0', sizeof(k->prefix)) == NULL)
		abort();
	if (k->src.family != k->dst.family)
		abort();
	if (k->src.family != AF_INET && k->src.family != AF_INET6)
		abort();
	if (!has_ports(k->proto) && (k->sport != 0 || k->dport != 0))
		abort();
	if (k->proto != IPPROTO_TCP && k->tcp_flags != 0)
		abort();
	if (k->icmp_type != 0 &&
	    !(k->proto == IPPROTO_ICMP && k->src.family == AF_INET) &&
	    !(k->proto == IPPROTO_ICMPV6 && k->src.family == AF_INET6))
		abort();
}

static void
check_err(int rc, const struct nflog_pkt *k)
{
	static const struct nflog_pkt zero;

	if (rc != NFLOG_ESHORT && rc != NFLOG_EFORMAT && rc != NFLOG_ENOPAYLOAD)
		abort();
	if (memcmp(k, &zero, sizeof(*k)) != 0)
		abort();
	if (strcmp(nflog_strerror(rc), "unknown error") == 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nflog_pkt k, again;
	int rc;

	memset(&k, 0xa5, sizeof(k));
	rc = nflog_decode(data, size, &k);
	if (rc == NFLOG_EOK)
		check_ok(&k);
	else
		check_err(rc, &k);
	memset(&again, 0x5a, sizeof(again));
	if (nflog_decode(data, size, &again) != rc ||
	    memcmp(&k, &again, sizeof(k)) != 0)
		abort();
	return 0;
}
