/*
 * The enforcer's memory of the DNS names' addresses: each address lives
 * until its own time (the TTL plus the grace, from the last answer that
 * held it), answers of one family leave the other alone, a name holds
 * 128 addresses at most, a new plan keeps the names it still uses, and
 * the script that fills a name's sets says exactly what is live. Times
 * are given, never read from the clock.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sys/socket.h>

#include "policy/policy_dns.h"

#define CLOUD "cloud.example.com"
#define NTP "ntp.example.org"
#define T0 ((time_t)1000000)

/* A from-device ACE "e<i>" to dst-dnsname n, in an ipv4 ACL. */
#define ACE(i, n)                                                              \
	"{\"name\": \"e" #i "\", \"matches\": {\"ipv4\": "                     \
	"{\"ietf-acldns:dst-dnsname\": \"" n "\"}}, "                          \
	"\"actions\": {\"forwarding\": \"accept\"}}"
#define DOC(aces)                                                              \
	"{\"ietf-mud:mud\": {\"mud-version\": 1, "                             \
	"\"mud-url\": \"https://example.com/cam\", "                           \
	"\"from-device-policy\": {\"access-lists\": {\"access-list\": "        \
	"[{\"name\": \"a\"}]}}}, "                                             \
	"\"ietf-access-control-list:acls\": {\"acl\": [{\"name\": \"a\", "     \
	"\"type\": \"ipv4-acl-type\", \"aces\": {\"ace\": [" aces "]}}]}}"

/* Names in ACE order: cloud is 0, ntp 1 (the name is lower-cased). */
static const char doc_both[] =
    DOC(ACE(0, "Cloud.Example.com.") ", " ACE(1, NTP) ", " ACE(2, CLOUD));
/* ntp alone: it becomes name 0. */
static const char doc_ntp[] = DOC(ACE(0, NTP));

static const struct policy_zone zone; /* the plan only borrows it */

struct plan {
	struct mud_policy *mud;
	struct policy_plan *pl;
};

static void
plan_of(struct plan *p, const char *doc)
{
	struct mud_errors errs;
	struct policy_profile prof = {.name = "cam"};

	p->mud = mud_parse(doc, strlen(doc), &errs);
	assert_non_null(p->mud);
	prof.mud = p->mud;
	p->pl = policy_plan_new(&zone, &prof, 1);
	assert_non_null(p->pl);
}

static void
plan_free(struct plan *p)
{
	policy_plan_free(p->pl);
	mud_policy_free(p->mud);
}

static struct ipaddr
ip(const char *s)
{
	struct ipaddr a;

	assert_int_equal(ipaddr_parse(s, &a), 0);
	return a;
}

/* policy_dns_script of name i at now, compared with want. */
static void
assert_script(const struct policy_dns *d, const struct plan *p, size_t i,
    time_t now, const char *want)
{
	struct obuf out;

	obuf_init(&out, 1 << 20);
	assert_int_equal(policy_dns_script(d, p->pl, i, now, &out), 0);
	assert_non_null(out.data);
	assert_string_equal(out.data, want);
	obuf_reset(&out);
}

static struct policy_dns *
dns_for(const struct plan *p)
{
	struct policy_dns *d = policy_dns_new();

	assert_non_null(d);
	assert_int_equal(policy_dns_rebind(d, p->pl), 0);
	return d;
}

static void
test_plan_names(void **state)
{
	struct plan p;

	(void)state;
	plan_of(&p, doc_both);
	assert_int_equal(policy_plan_dns_count(p.pl), 2);
	assert_string_equal(policy_plan_dns_name(p.pl, 0), CLOUD);
	assert_string_equal(policy_plan_dns_name(p.pl, 1), NTP);
	plan_free(&p);
}

static void
test_merge_new_name(void **state)
{
	struct ipaddr a[2] = {ip("192.0.2.1"), ip("192.0.2.2")};
	struct policy_dns *d;
	struct plan p;

	(void)state;
	plan_of(&p, doc_both);
	/* Before any plan, no name is known. */
	d = policy_dns_new();
	assert_non_null(d);
	assert_int_equal(policy_dns_merge(d, CLOUD, AF_INET, a, 2, 30, T0), -1);
	assert_int_equal(policy_dns_rebind(d, p.pl), 0);

	assert_int_equal(policy_dns_merge(d, CLOUD, AF_INET, a, 2, 30, T0), 0);
	assert_int_equal(policy_dns_live(d, 0, T0), 2);
	assert_int_equal(policy_dns_live(d, 1, T0), 0);
	/* Live up to the last second of its time, not at its end. */
	assert_int_equal(policy_dns_live(d, 0, T0 + 29), 2);
	assert_int_equal(policy_dns_live(d, 0, T0 + 30), 0);
	assert_script(d, &p, 0, T0,
	    "flush set inet airlock n0_4\n"
	    "add element inet airlock n0_4 { 192.0.2.1 timeout 30s }\n"
	    "add element inet airlock n0_4 { 192.0.2.2 timeout 30s }\n"
	    "flush set inet airlock n0_6\n");
	assert_script(d, &p, 0, T0 + 25,
	    "flush set inet airlock n0_4\n"
	    "add element inet airlock n0_4 { 192.0.2.1 timeout 5s }\n"
	    "add element inet airlock n0_4 { 192.0.2.2 timeout 5s }\n"
	    "flush set inet airlock n0_6\n");

	/* The other name is its own: index 1, its own sets. */
	assert_int_equal(
	    policy_dns_merge(d, NTP, AF_INET, a + 1, 1, 60, T0), 1);
	assert_int_equal(policy_dns_live(d, 1, T0), 1);
	assert_int_equal(policy_dns_live(d, 0, T0), 2);
	assert_script(d, &p, 1, T0,
	    "flush set inet airlock n1_4\n"
	    "add element inet airlock n1_4 { 192.0.2.2 timeout 60s }\n"
	    "flush set inet airlock n1_6\n");

	/* No address: the sets are emptied, nothing added. */
	assert_script(d, &p, 0, T0 + 30,
	    "flush set inet airlock n0_4\n"
	    "flush set inet airlock n0_6\n");
	policy_dns_free(d);
	plan_free(&p);
}

static void
test_remerge(void **state)
{
	struct ipaddr a = ip("192.0.2.1");
	struct policy_dns *d;
	struct plan p;

	(void)state;
	plan_of(&p, doc_both);
	d = dns_for(&p);
	assert_int_equal(policy_dns_merge(d, CLOUD, AF_INET, &a, 1, 30, T0), 0);
	/* Answered again 20 s later: 30 s from then, one element. */
	assert_int_equal(
	    policy_dns_merge(d, CLOUD, AF_INET, &a, 1, 30, T0 + 20), 0);
	assert_int_equal(policy_dns_live(d, 0, T0 + 40), 1);
	assert_int_equal(policy_dns_live(d, 0, T0 + 50), 0);
	assert_script(d, &p, 0, T0 + 40,
	    "flush set inet airlock n0_4\n"
	    "add element inet airlock n0_4 { 192.0.2.1 timeout 10s }\n"
	    "flush set inet airlock n0_6\n");

	/* The last answer rules, also when its TTL is shorter. */
	assert_int_equal(
	    policy_dns_merge(d, CLOUD, AF_INET, &a, 1, 5, T0 + 40), 0);
	assert_int_equal(policy_dns_live(d, 0, T0 + 44), 1);
	assert_int_equal(policy_dns_live(d, 0, T0 + 45), 0);

	/* An expired address answered again comes back. */
	assert_int_equal(
	    policy_dns_merge(d, CLOUD, AF_INET, &a, 1, 30, T0 + 100), 0);
	assert_int_equal(policy_dns_live(d, 0, T0 + 100), 1);
	policy_dns_free(d);
	plan_free(&p);
}

static void
test_absent_stays(void **state)
{
	struct ipaddr ab[2] = {ip("192.0.2.1"), ip("192.0.2.2")};
	struct ipaddr bc[2] = {ip("192.0.2.2"), ip("192.0.2.3")};
	struct policy_dns *d;
	struct plan p;

	(void)state;
	plan_of(&p, doc_both);
	d = dns_for(&p);
	assert_int_equal(policy_dns_merge(d, CLOUD, AF_INET, ab, 2, 30, T0), 0);
	/* A round-robin answer without .1: it stays until its own time. */
	assert_int_equal(
	    policy_dns_merge(d, CLOUD, AF_INET, bc, 2, 60, T0 + 10), 0);
	assert_int_equal(policy_dns_live(d, 0, T0 + 20), 3);
	assert_script(d, &p, 0, T0 + 20,
	    "flush set inet airlock n0_4\n"
	    "add element inet airlock n0_4 { 192.0.2.1 timeout 10s }\n"
	    "add element inet airlock n0_4 { 192.0.2.2 timeout 50s }\n"
	    "add element inet airlock n0_4 { 192.0.2.3 timeout 50s }\n"
	    "flush set inet airlock n0_6\n");
	/* Then it is gone, from the count and from the script. */
	assert_int_equal(policy_dns_live(d, 0, T0 + 30), 2);
	assert_script(d, &p, 0, T0 + 30,
	    "flush set inet airlock n0_4\n"
	    "add element inet airlock n0_4 { 192.0.2.2 timeout 40s }\n"
	    "add element inet airlock n0_4 { 192.0.2.3 timeout 40s }\n"
	    "flush set inet airlock n0_6\n");

	/* An empty answer (NXDOMAIN) takes nothing away either. */
	assert_int_equal(
	    policy_dns_merge(d, CLOUD, AF_INET, NULL, 0, 60, T0 + 40), 0);
	assert_int_equal(policy_dns_live(d, 0, T0 + 40), 2);
	assert_int_equal(policy_dns_live(d, 0, T0 + 70), 0);
	policy_dns_free(d);
	plan_free(&p);
}

static void
test_families(void **state)
{
	struct ipaddr mixed[2] = {ip("192.0.2.1"), ip("2001:db8::1")};
	struct ipaddr v6[2] = {ip("2001:db8::1"), ip("2001:db8::2")};
	struct policy_dns *d;
	struct plan p;

	(void)state;
	plan_of(&p, doc_both);
	d = dns_for(&p);
	/* An IPv6 address in an A answer is not taken. */
	assert_int_equal(
	    policy_dns_merge(d, CLOUD, AF_INET, mixed, 2, 30, T0), 0);
	assert_int_equal(policy_dns_live(d, 0, T0), 1);
	assert_int_equal(
	    policy_dns_merge(d, CLOUD, AF_INET6, v6, 2, 90, T0), 0);
	assert_int_equal(policy_dns_live(d, 0, T0), 3);
	assert_script(d, &p, 0, T0,
	    "flush set inet airlock n0_4\n"
	    "add element inet airlock n0_4 { 192.0.2.1 timeout 30s }\n"
	    "flush set inet airlock n0_6\n"
	    "add element inet airlock n0_6 { 2001:db8::1 timeout 90s }\n"
	    "add element inet airlock n0_6 { 2001:db8::2 timeout 90s }\n");
	/* An empty AAAA answer leaves both families as they were, and an
	 * A answer does not refresh the IPv6 addresses. */
	assert_int_equal(
	    policy_dns_merge(d, CLOUD, AF_INET6, NULL, 0, 90, T0 + 10), 0);
	assert_int_equal(
	    policy_dns_merge(d, CLOUD, AF_INET, mixed, 2, 300, T0 + 10), 0);
	assert_script(d, &p, 0, T0 + 20,
	    "flush set inet airlock n0_4\n"
	    "add element inet airlock n0_4 { 192.0.2.1 timeout 290s }\n"
	    "flush set inet airlock n0_6\n"
	    "add element inet airlock n0_6 { 2001:db8::1 timeout 70s }\n"
	    "add element inet airlock n0_6 { 2001:db8::2 timeout 70s }\n");
	policy_dns_free(d);
	plan_free(&p);
}

/* 10.0.x.y for address i of a full name. */
static struct ipaddr
nth(unsigned i)
{
	char s[32];

	snprintf(s, sizeof(s), "10.0.%u.%u", i >> 8, i & 0xff);
	return ip(s);
}

static int
in_script(const struct policy_dns *d, const struct plan *p, time_t now,
    const char *addr)
{
	char needle[64];
	struct obuf out;
	int found;

	obuf_init(&out, 1 << 20);
	assert_int_equal(policy_dns_script(d, p->pl, 0, now, &out), 0);
	snprintf(needle, sizeof(needle), "{ %s timeout", addr);
	found = strstr(out.data, needle) != NULL;
	obuf_reset(&out);
	return found;
}

static void
test_cap(void **state)
{
	struct ipaddr x = ip("192.0.2.100"), y = ip("192.0.2.101");
	struct ipaddr z = ip("192.0.2.102");
	struct policy_dns *d;
	struct plan p;

	(void)state;
	plan_of(&p, doc_both);
	d = dns_for(&p);
	/* 128 addresses, address i until T0 + 200 + i: 10.0.0.0 first. */
	for (unsigned i = 0; i < POLICY_DNS_KEEP_MAX; i++) {
		struct ipaddr a = nth(i);

		assert_int_equal(
		    policy_dns_merge(d, CLOUD, AF_INET, &a, 1, 200 + i, T0), 0);
	}
	assert_int_equal(policy_dns_live(d, 0, T0), POLICY_DNS_KEEP_MAX);
	/* A new one takes the place of the one expiring first. */
	assert_int_equal(
	    policy_dns_merge(d, CLOUD, AF_INET, &x, 1, 500, T0), 0);
	assert_int_equal(policy_dns_live(d, 0, T0), POLICY_DNS_KEEP_MAX);
	assert_true(in_script(d, &p, T0, "192.0.2.100"));
	assert_false(in_script(d, &p, T0, "10.0.0.0"));
	assert_true(in_script(d, &p, T0, "10.0.0.1"));
	/* And the next one the next first. */
	assert_int_equal(
	    policy_dns_merge(d, CLOUD, AF_INET, &y, 1, 500, T0), 0);
	assert_true(in_script(d, &p, T0, "192.0.2.101"));
	assert_true(in_script(d, &p, T0, "192.0.2.100"));
	assert_false(in_script(d, &p, T0, "10.0.0.1"));
	assert_true(in_script(d, &p, T0, "10.0.0.2"));
	/* The IPv6 addresses share the 128. */
	{
		struct ipaddr v6 = ip("2001:db8::1");

		assert_int_equal(
		    policy_dns_merge(d, CLOUD, AF_INET6, &v6, 1, 500, T0), 0);
		assert_int_equal(
		    policy_dns_live(d, 0, T0), POLICY_DNS_KEEP_MAX);
		assert_false(in_script(d, &p, T0, "10.0.0.2"));
	}
	/* Once 10.0.0.3 to .10 have expired, a new one takes a free
	 * place and pushes no live one out. */
	assert_int_equal(policy_dns_live(d, 0, T0 + 210), 120);
	assert_int_equal(
	    policy_dns_merge(d, CLOUD, AF_INET, &z, 1, 500, T0 + 210), 0);
	assert_int_equal(policy_dns_live(d, 0, T0 + 210), 121);
	assert_true(in_script(d, &p, T0 + 210, "192.0.2.102"));
	assert_true(in_script(d, &p, T0 + 210, "10.0.0.11"));
	policy_dns_free(d);
	plan_free(&p);
}

/* A full name answered with a shorter TTL than its addresses' (a cache's
 * remaining TTL): every address of the answer must be in the sets, each
 * new one in the place of an address the answer lacks, never of one
 * the same answer brought. */
static void
test_cap_answer_kept(void **state)
{
	struct ipaddr ans[3];
	struct policy_dns *d;
	struct plan p;

	(void)state;
	plan_of(&p, doc_both);
	d = dns_for(&p);
	for (unsigned i = 0; i < POLICY_DNS_KEEP_MAX; i++) {
		struct ipaddr a = nth(i);

		assert_int_equal(
		    policy_dns_merge(d, CLOUD, AF_INET, &a, 1, 1000, T0), 0);
	}
	ans[0] = nth(5);            /* kept: refreshed */
	ans[1] = ip("192.0.2.100"); /* new */
	ans[2] = ip("192.0.2.101"); /* new */
	assert_int_equal(
	    policy_dns_merge(d, CLOUD, AF_INET, ans, 3, 90, T0 + 10), 0);
	assert_int_equal(policy_dns_live(d, 0, T0 + 10), POLICY_DNS_KEEP_MAX);
	assert_true(in_script(d, &p, T0 + 10, "10.0.0.5"));
	assert_true(in_script(d, &p, T0 + 10, "192.0.2.100"));
	assert_true(in_script(d, &p, T0 + 10, "192.0.2.101"));
	/* Two of the addresses the answer lacks made the room; the
	 * answer's three go first, the other 125 later. */
	assert_int_equal(policy_dns_live(d, 0, T0 + 99), POLICY_DNS_KEEP_MAX);
	assert_int_equal(policy_dns_live(d, 0, T0 + 100), 125);
	assert_int_equal(policy_dns_live(d, 0, T0 + 1000), 0);
	policy_dns_free(d);
	plan_free(&p);
}

static void
test_unknown_name(void **state)
{
	struct ipaddr a = ip("192.0.2.1");
	struct policy_dns *d;
	struct plan p;

	(void)state;
	plan_of(&p, doc_both);
	d = dns_for(&p);
	assert_int_equal(
	    policy_dns_merge(d, "other.example.com", AF_INET, &a, 1, 30, T0),
	    -1);
	/* Names are the plan's, lower case, without the final dot. */
	assert_int_equal(
	    policy_dns_merge(d, "cloud.example.com.", AF_INET, &a, 1, 30, T0),
	    -1);
	assert_int_equal(policy_dns_live(d, 0, T0), 0);
	assert_int_equal(policy_dns_live(d, 1, T0), 0);
	/* No name 2: nothing live, no script. */
	assert_int_equal(policy_dns_live(d, 2, T0), 0);
	{
		struct obuf out;

		obuf_init(&out, 1 << 20);
		assert_int_equal(policy_dns_script(d, p.pl, 2, T0, &out), -1);
		obuf_reset(&out);
	}
	policy_dns_free(d);
	plan_free(&p);
}

static void
test_rebind(void **state)
{
	struct ipaddr c = ip("192.0.2.1"), n = ip("192.0.2.123");
	struct plan both, again, ntp;
	struct policy_dns *d;

	(void)state;
	plan_of(&both, doc_both);
	plan_of(&again, doc_both);
	plan_of(&ntp, doc_ntp);
	d = dns_for(&both);
	assert_int_equal(policy_dns_merge(d, CLOUD, AF_INET, &c, 1, 30, T0), 0);
	assert_int_equal(policy_dns_merge(d, NTP, AF_INET, &n, 1, 60, T0), 1);

	/* A reload with the same names keeps every address. */
	assert_int_equal(policy_dns_rebind(d, again.pl), 0);
	assert_int_equal(policy_dns_live(d, 0, T0), 1);
	assert_int_equal(policy_dns_live(d, 1, T0), 1);

	/* A plan without cloud: its addresses are forgotten, ntp's follow
	 * it to its new number, with their time. */
	assert_int_equal(policy_dns_rebind(d, ntp.pl), 0);
	assert_int_equal(policy_dns_live(d, 0, T0), 1);
	assert_int_equal(policy_dns_live(d, 1, T0), 0);
	assert_script(d, &ntp, 0, T0 + 10,
	    "flush set inet airlock n0_4\n"
	    "add element inet airlock n0_4 { 192.0.2.123 timeout 50s }\n"
	    "flush set inet airlock n0_6\n");
	assert_int_equal(
	    policy_dns_merge(d, CLOUD, AF_INET, &c, 1, 30, T0), -1);

	/* Cloud used again: known, but it starts empty. */
	assert_int_equal(policy_dns_rebind(d, both.pl), 0);
	assert_int_equal(policy_dns_live(d, 0, T0), 0);
	assert_int_equal(policy_dns_live(d, 1, T0), 1);
	assert_script(d, &both, 0, T0,
	    "flush set inet airlock n0_4\n"
	    "flush set inet airlock n0_6\n");

	/* A plan without names forgets everything. */
	{
		struct policy_plan *none = policy_plan_new(&zone, NULL, 0);

		assert_non_null(none);
		assert_int_equal(policy_dns_rebind(d, none), 0);
		assert_int_equal(policy_dns_live(d, 0, T0), 0);
		assert_int_equal(
		    policy_dns_merge(d, NTP, AF_INET, &n, 1, 60, T0), -1);
		policy_plan_free(none);
	}
	policy_dns_free(d);
	policy_dns_free(NULL);
	plan_free(&both);
	plan_free(&again);
	plan_free(&ntp);
}

/* A failed reload must not cost the names their addresses: the enforcer
 * rebinds a copy, and the original stays as it was. */
static void
test_copy(void **state)
{
	struct ipaddr c = ip("192.0.2.1"), n = ip("192.0.2.123");
	struct plan both, ntp;
	struct policy_dns *d, *copy;

	(void)state;
	plan_of(&both, doc_both);
	plan_of(&ntp, doc_ntp);
	d = dns_for(&both);
	assert_int_equal(policy_dns_merge(d, CLOUD, AF_INET, &c, 1, 30, T0), 0);
	assert_int_equal(policy_dns_merge(d, NTP, AF_INET, &n, 1, 60, T0), 1);
	copy = policy_dns_copy(d);
	assert_non_null(copy);
	assert_int_equal(policy_dns_rebind(copy, ntp.pl), 0);
	assert_int_equal(policy_dns_live(copy, 0, T0), 1); /* ntp */
	assert_int_equal(policy_dns_live(d, 0, T0), 1);    /* cloud, still */
	assert_int_equal(policy_dns_live(d, 1, T0), 1);
	policy_dns_free(copy);
	policy_dns_free(d);
	plan_free(&both);
	plan_free(&ntp);
}

/* Answers mark their names; one script writes the marked ones, once. */
static void
test_marked(void **state)
{
	struct ipaddr c = ip("192.0.2.1"), n = ip("192.0.2.123");
	struct policy_dns *d;
	struct obuf out;
	struct plan p;

	(void)state;
	plan_of(&p, doc_both);
	d = dns_for(&p);
	obuf_init(&out, 1 << 20);
	assert_int_equal(policy_dns_script_marked(d, p.pl, T0, &out), 0);
	assert_int_equal(out.len, 0);
	assert_int_equal(policy_dns_merge(d, NTP, AF_INET, &n, 1, 60, T0), 1);
	assert_int_equal(policy_dns_merge(d, NTP, AF_INET, &n, 1, 60, T0), 1);
	assert_int_equal(policy_dns_script_marked(d, p.pl, T0, &out), 1);
	assert_non_null(out.data);
	assert_string_equal(out.data,
	    "flush set inet airlock n1_4\n"
	    "add element inet airlock n1_4 { 192.0.2.123 timeout 60s }\n"
	    "flush set inet airlock n1_6\n");
	obuf_clear(&out);
	assert_int_equal(policy_dns_script_marked(d, p.pl, T0, &out), 0);
	assert_int_equal(policy_dns_merge(d, CLOUD, AF_INET, &c, 1, 30, T0), 0);
	assert_int_equal(policy_dns_merge(d, NTP, AF_INET, NULL, 0, 60, T0), 1);
	assert_int_equal(policy_dns_script_marked(d, p.pl, T0, &out), 2);
	obuf_reset(&out);
	policy_dns_free(d);
	plan_free(&p);
}

/* What a DNS answer may not open: the zone, the local networks, and the
 * special ranges of both families. */
static void
test_usable(void **state)
{
	static const char *const refused[] = {"10.64.0.9", "192.168.1.7",
	    "127.0.0.1", "0.0.0.0", "169.254.1.1", "224.0.0.251",
	    "255.255.255.255", "fd64::9", "::1", "::", "fe80::1", "ff02::1",
	    "::ffff:10.64.0.9"};
	static const char *const allowed[] = {"192.0.2.1", "198.51.100.10",
	    "10.0.0.1", "2001:db8::1", "fd00::1"};
	struct policy_zone z;

	(void)state;
	memset(&z, 0, sizeof(z));
	assert_int_equal(cidr_parse("10.64.0.0/10", &z.devnets[0]), 0);
	assert_int_equal(cidr_parse("fd64::/48", &z.devnets[1]), 0);
	z.n_devnets = 2;
	assert_int_equal(cidr_parse("192.168.1.0/24", &z.local[0]), 0);
	z.n_local = 1;
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		struct ipaddr a = ip(refused[i]);

		if (policy_dns_usable(&z, &a))
			fail_msg("%s is usable", refused[i]);
	}
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++) {
		struct ipaddr a = ip(allowed[i]);

		if (!policy_dns_usable(&z, &a))
			fail_msg("%s is refused", allowed[i]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plan_names),
	    cmocka_unit_test(test_merge_new_name),
	    cmocka_unit_test(test_remerge),
	    cmocka_unit_test(test_absent_stays),
	    cmocka_unit_test(test_families),
	    cmocka_unit_test(test_cap),
	    cmocka_unit_test(test_cap_answer_kept),
	    cmocka_unit_test(test_unknown_name),
	    cmocka_unit_test(test_rebind),
	    cmocka_unit_test(test_copy),
	    cmocka_unit_test(test_marked),
	    cmocka_unit_test(test_usable),
	};

	return cmocka_run_group_tests_name("policy_dns", tests, NULL, NULL);
}
