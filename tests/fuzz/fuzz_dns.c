/*
 * The resolver's view of a datagram from the DNS server: parse it as the
 * answer to a question, and check the parser's promises. The first byte
 * picks the question, the rest is the message (gen_dns_seeds.py writes
 * seeds in that layout):
 *
 *   bit 0      AAAA, else A
 *   bits 1-2   the name, from names[] below
 *   bit 7      an id that is not the message's (else the message's own,
 *              so that the parser gets past the id)
 *
 * On DNS_EOK: at most DNS_ADDRS_MAX addresses, all of the question's
 * family (the unused bytes of an IPv4 address zero), a dropped count only
 * when full, no TTL without addresses, rcode NOERROR or NXDOMAIN (and no
 * address with NXDOMAIN). On -DNS_ERCODE: an rcode that is neither, no
 * address. Errors before the rcode leave out all zeros. The name matches
 * without case, and a message parses the same whatever out held before
 * (the parser keeps its CNAME chain in a static). (libFuzzer's input is
 * an exact-size heap copy, so ASan sees a read one byte past the message.)
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sys/socket.h>

#include "resolver/dns_wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[4] = {
    "www.example.com", "app.example.com", "gone.example.com", "v6.example.com"};
static const char *const upper[4] = {
    "WWW.EXAMPLE.COM", "App.Example.Com", "GONE.example.COM", "V6.EXAMPLE.com"};

static void
check_ok(const struct dns_answer *a, uint16_t qtype)
{
	static const uint8_t zero[12];
	int family = qtype == DNS_QTYPE_A ? AF_INET : AF_INET6;

	if (a->n > DNS_ADDRS_MAX)
		abort();
	if (a->dropped > 0 && a->n != DNS_ADDRS_MAX)
		abort();
	if (a->n == 0 && a->ttl != 0)
		abort();
	if (a->rcode != 0 && a->rcode != 3)
		abort();
	if (a->rcode == 3 && (a->n != 0 || a->dropped != 0))
		abort();
	if (a->truncated != 0 && a->truncated != 1)
		abort();
	for (size_t i = 0; i < a->n; i++) {
		if (a->addrs[i].family != family)
			abort();
		if (family == AF_INET &&
		    memcmp(a->addrs[i].bytes + 4, zero, sizeof(zero)) != 0)
			abort();
	}
}

static void
check_err(int rc, const struct dns_answer *a)
{
	static const struct dns_answer zero;

	if (a->ttl != 0 || a->n > DNS_ADDRS_MAX)
		abort();
	switch (rc) {
	case -DNS_ERCODE:
		if (a->rcode == 0 || a->rcode == 3 || a->n != 0)
			abort();
		break;
	case -DNS_EMALFORMED:
		/* may come from a record past the first addresses */
		break;
	case -DNS_ENOTANSWER:
	case -DNS_EID:
	case -DNS_EQUESTION:
		if (memcmp(a, &zero, sizeof(*a)) != 0)
			abort();
		break;
	default:
		abort(); /* ENAME and ESHORT are the query builder's */
	}
	if (strcmp(dns_strerror(rc), "unknown error") == 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dns_answer a, again;
	const uint8_t *msg;
	size_t len;
	uint16_t qtype, id;
	unsigned pick;
	int rc;

	if (size < 1)
		return 0;
	msg = data + 1;
	len = size - 1;
	qtype = data[0] & 1 ? DNS_QTYPE_AAAA : DNS_QTYPE_A;
	pick = (data[0] >> 1) & 3;
	id = len >= 2 ? (uint16_t)(msg[0] << 8 | msg[1]) : 0;
	if (data[0] & 0x80)
		id ^= 0x5a5a;

	memset(&a, 0xa5, sizeof(a));
	rc = dns_answer_parse(msg, len, id, names[pick], qtype, &a);
	if (rc == DNS_EOK)
		check_ok(&a, qtype);
	else
		check_err(rc, &a);
	/* Not our id: never an answer. */
	if ((data[0] & 0x80) && (rc == DNS_EOK || rc == -DNS_ERCODE))
		abort();

	memset(&again, 0x5a, sizeof(again));
	if (dns_answer_parse(msg, len, id, upper[pick], qtype, &again) != rc ||
	    memcmp(&a, &again, sizeof(a)) != 0)
		abort();
	return 0;
}
