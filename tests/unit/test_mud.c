/*
 * The MUD parser against RFC 8520's own example (section 9), every match,
 * port operator, family and remote it supports, and every refusal, each
 * at its exact JSON path. Documents are written with single quotes, which
 * doc() turns into double ones.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "policy/mud.h"

#define ACLS "ietf-access-control-list:acls"
#define ACE0 ACLS ".acl[0].aces.ace[0]"
#define M0 ACE0 ".matches"
#define FROM                                                                   \
	"'from-device-policy': {'access-lists': {'access-list': [{'name': "    \
	"'a'}]}}"
#define TO                                                                     \
	"'to-device-policy': {'access-lists': {'access-list': [{'name': "      \
	"'a'}]}}"
#define BOTH FROM ", " TO

/* RFC 8520 section 9: the light bulb that talks to its cloud service. */
static const char rfc8520_example[] =
    "{\n"
    "  'ietf-mud:mud': {\n"
    "    'mud-version': 1,\n"
    "    'mud-url': 'https://lighting.example.com/lightbulb2000',\n"
    "    'last-update': '2019-01-28T11:20:51+01:00',\n"
    "    'cache-validity': 48,\n"
    "    'is-supported': true,\n"
    "    'systeminfo': 'The BMS Example Light Bulb',\n"
    "    'from-device-policy': {\n"
    "      'access-lists': {\n"
    "        'access-list': [\n"
    "          {\n"
    "            'name': 'mud-76100-v6fr'\n"
    "          }\n"
    "        ]\n"
    "      }\n"
    "    },\n"
    "    'to-device-policy': {\n"
    "      'access-lists': {\n"
    "        'access-list': [\n"
    "          {\n"
    "            'name': 'mud-76100-v6to'\n"
    "          }\n"
    "        ]\n"
    "      }\n"
    "    }\n"
    "  },\n"
    "  'ietf-access-control-list:acls': {\n"
    "    'acl': [\n"
    "      {\n"
    "        'name': 'mud-76100-v6to',\n"
    "        'type': 'ipv6-acl-type',\n"
    "        'aces': {\n"
    "          'ace': [\n"
    "            {\n"
    "              'name': 'cl0-todev',\n"
    "              'matches': {\n"
    "                'ipv6': {\n"
    "                  'ietf-acldns:src-dnsname': 'test.example.com',\n"
    "                  'protocol': 6\n"
    "                },\n"
    "                'tcp': {\n"
    "                  'ietf-mud:direction-initiated': 'from-device',\n"
    "                  'source-port': {\n"
    "                    'operator': 'eq',\n"
    "                    'port': 443\n"
    "                  }\n"
    "                }\n"
    "              },\n"
    "              'actions': {\n"
    "                'forwarding': 'accept'\n"
    "              }\n"
    "            }\n"
    "          ]\n"
    "        }\n"
    "      },\n"
    "      {\n"
    "        'name': 'mud-76100-v6fr',\n"
    "        'type': 'ipv6-acl-type',\n"
    "        'aces': {\n"
    "          'ace': [\n"
    "            {\n"
    "              'name': 'cl0-frdev',\n"
    "              'matches': {\n"
    "                'ipv6': {\n"
    "                  'ietf-acldns:dst-dnsname': 'test.example.com',\n"
    "                  'protocol': 6\n"
    "                },\n"
    "                'tcp': {\n"
    "                  'ietf-mud:direction-initiated': 'from-device',\n"
    "                  'destination-port': {\n"
    "                    'operator': 'eq',\n"
    "                    'port': 443\n"
    "                  }\n"
    "                }\n"
    "              },\n"
    "              'actions': {\n"
    "                'forwarding': 'accept'\n"
    "              }\n"
    "            }\n"
    "          ]\n"
    "        }\n"
    "      }\n"
    "    ]\n"
    "  }\n"
    "}\n";

static char docbuf[512 * 1024];

/* printf into docbuf, then every ' into ". */
static const char *doc(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static const char *
doc(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(docbuf, sizeof(docbuf), fmt, ap);
	va_end(ap);
	assert_true(n > 0 && (size_t)n < sizeof(docbuf));
	for (char *p = docbuf; *p != '\0'; p++)
		if (*p == '\'')
			*p = '"';
	return docbuf;
}

/* A document whose ACL "a" of type holds one ACE "e" with matches,
 * referenced by policies (FROM, TO or BOTH). */
static const char *
ace_doc(const char *policies, const char *type, const char *matches)
{
	return doc("{'ietf-mud:mud': {'mud-version': 1, "
	           "'mud-url': 'https://example.com/bulb', %s}, "
	           "'" ACLS "': {'acl': [{'name': 'a', 'type': '%s', "
	           "'aces': {'ace': [{'name': 'e', 'matches': %s, "
	           "'actions': {'forwarding': 'accept'}}]}}]}}",
	    policies, type, matches);
}

static void
dump(const struct mud_errors *e)
{
	for (unsigned i = 0; i < e->n; i++)
		print_message("  %s: %s\n", e->e[i].path, e->e[i].msg);
}

static struct mud_policy *
ok(const char *d)
{
	struct mud_errors errs;
	struct mud_policy *p = mud_parse(d, strlen(d), &errs);

	if (p == NULL) {
		dump(&errs);
		fail_msg("%u errors in a valid document", errs.total);
	}
	assert_int_equal(errs.total, 0);
	assert_int_equal(errs.n, 0);
	return p;
}

/* The one ACE of a valid one-ACE document, copied. */
static struct mud_ace
ok1(const char *d)
{
	struct mud_policy *p = ok(d);
	struct mud_ace a;

	assert_int_equal(p->naces, 1);
	a = p->aces[0];
	mud_policy_free(p);
	return a;
}

static void
bad(const char *d, struct mud_errors *errs)
{
	struct mud_policy *p = mud_parse(d, strlen(d), errs);

	if (p != NULL) {
		mud_policy_free(p);
		fail_msg("an invalid document was accepted");
	}
	assert_true(errs->total > 0);
	assert_int_equal(errs->n,
	    errs->total < MUD_ERRORS_MAX ? errs->total : MUD_ERRORS_MAX);
}

/* errs holds an error at exactly path whose message has needle. */
static void
has(const struct mud_errors *errs, const char *path, const char *needle)
{
	for (unsigned i = 0; i < errs->n; i++)
		if (strcmp(errs->e[i].path, path) == 0 &&
		    strstr(errs->e[i].msg, needle) != NULL)
			return;
	dump(errs);
	fail_msg("no error at \"%s\" with \"%s\"", path, needle);
}

/* d is refused with exactly one error, at path, whose message has
 * needle. */
static void
one(const char *d, const char *path, const char *needle)
{
	struct mud_errors errs;

	bad(d, &errs);
	if (errs.total != 1) {
		dump(&errs);
		fail_msg("%u errors, wanted 1", errs.total);
	}
	has(&errs, path, needle);
}

static void
test_rfc8520_example(void **state)
{
	struct mud_policy *p;
	const struct mud_ace *a;
	char path[192];

	(void)state;
	p = ok(doc("%s", rfc8520_example));
	assert_string_equal(
	    p->url, "https://lighting.example.com/lightbulb2000");
	assert_string_equal(p->authority, "lighting.example.com");
	assert_string_equal(p->systeminfo, "The BMS Example Light Bulb");
	assert_int_equal(p->naces, 2);

	a = &p->aces[0];
	assert_string_equal(a->acl, "mud-76100-v6fr");
	assert_string_equal(a->name, "cl0-frdev");
	assert_int_equal(a->acl_pos, 1);
	assert_int_equal(a->ace_pos, 0);
	assert_int_equal(a->dir, MUD_FROM_DEVICE);
	assert_int_equal(a->family, 6);
	assert_int_equal(a->protocol, 6);
	assert_int_equal(a->remote, MUD_REMOTE_DNSNAME);
	assert_string_equal(a->text, "test.example.com");
	assert_int_equal(a->sport.op, MUD_PORT_ANY);
	assert_int_equal(a->dport.op, MUD_PORT_RANGE);
	assert_int_equal(a->dport.lo, 443);
	assert_int_equal(a->dport.hi, 443);
	assert_int_equal(a->icmp_type, -1);
	assert_int_equal(a->icmp_code, -1);
	assert_int_equal(a->initiated, MUD_INIT_FROM_DEVICE);
	assert_int_equal(a->action, MUD_ACCEPT);
	mud_ace_path(p, 0, path, sizeof(path));
	assert_string_equal(path, ACLS ".acl[1].aces.ace[0]");

	a = &p->aces[1];
	assert_string_equal(a->acl, "mud-76100-v6to");
	assert_string_equal(a->name, "cl0-todev");
	assert_int_equal(a->acl_pos, 0);
	assert_int_equal(a->dir, MUD_TO_DEVICE);
	assert_int_equal(a->remote, MUD_REMOTE_DNSNAME);
	assert_string_equal(a->text, "test.example.com");
	assert_int_equal(a->sport.op, MUD_PORT_RANGE);
	assert_int_equal(a->sport.lo, 443);
	assert_int_equal(a->sport.hi, 443);
	assert_int_equal(a->dport.op, MUD_PORT_ANY);
	assert_int_equal(a->initiated, MUD_INIT_FROM_DEVICE);
	mud_ace_path(p, 1, path, sizeof(path));
	assert_string_equal(path, ACLS ".acl[0].aces.ace[0]");
	mud_ace_path(p, 2, path, sizeof(path));
	assert_string_equal(path, "");
	mud_policy_free(p);
	mud_policy_free(NULL);
}

static void
test_header(void **state)
{
	struct mud_policy *p;

	(void)state;
	p = ok(
	    doc("{'ietf-mud:mud': {'mud-version': 1, "
	        "'mud-url': 'HTTPS://user@Lighting.Example.COM.:8443/a?b#c', "
	        "'last-update': '2019-01-28T11:20:51+01:00', "
	        "'mud-signature': 'https://example.com/a.p7s', "
	        "'cache-validity': 168, 'is-supported': false, "
	        "'systeminfo': 'x', 'mfg-name': 'Example', "
	        "'model-name': 'Bulb', 'firmware-rev': '1', "
	        "'software-rev': '2', "
	        "'documentation': 'https://example.com/doc', "
	        "'extensions': ['foo']}}"));
	assert_string_equal(p->authority, "lighting.example.com");
	assert_string_equal(p->systeminfo, "x");
	assert_int_equal(p->naces, 0);
	mud_policy_free(p);

	/* Informational members of the wrong type. */
	struct mud_errors errs;

	bad(doc("{'ietf-mud:mud': {'mud-version': 1, "
	        "'mud-url': 'https://example.com/x', 'cache-validity': 0, "
	        "'is-supported': 'yes', 'extensions': [1], "
	        "'systeminfo': 'a\\u0007b'}}"),
	    &errs);
	assert_int_equal(errs.total, 4);
	has(&errs, "ietf-mud:mud.cache-validity", "from 1 to 168");
	has(&errs, "ietf-mud:mud.is-supported", "expected a boolean");
	has(&errs, "ietf-mud:mud.extensions[0]", "is 1: expected");
	has(&errs, "ietf-mud:mud.systeminfo", "control character");
}

static void
test_required(void **state)
{
	(void)state;
	one(doc("{'ietf-mud:mud': {'mud-url': 'https://example.com/x'}}"),
	    "ietf-mud:mud.mud-version", "is required: expected 1");
	one(doc("{'ietf-mud:mud': {'mud-version': 2, "
	        "'mud-url': 'https://example.com/x'}}"),
	    "ietf-mud:mud.mud-version", "is 2: expected 1");
	one(doc("{'ietf-mud:mud': {'mud-version': 1}}"), "ietf-mud:mud.mud-url",
	    "is required");
	one(doc("{'ietf-mud:mud': {'mud-version': 1, "
	        "'mud-url': 'http://example.com/x'}}"),
	    "ietf-mud:mud.mud-url", "is not an https:// URL");
	one(doc("{'ietf-mud:mud': {'mud-version': 1, "
	        "'mud-url': 'https://exa mple.com/x'}}"),
	    "ietf-mud:mud.mud-url", "holds a space");
	one(doc("{'ietf-mud:mud': {'mud-version': 1, "
	        "'mud-url': 'https://example.com:99999/x'}}"),
	    "ietf-mud:mud.mud-url", "bad port");
	one(doc("{'ietf-mud:mud': {'mud-version': 1, "
	        "'mud-url': 'https://-bad.com/x'}}"),
	    "ietf-mud:mud.mud-url", "bad host");
	one(doc("{'ietf-mud:mud': {'mud-version': 1, "
	        "'mud-url': 'https:///x'}}"),
	    "ietf-mud:mud.mud-url", "bad host");
	one(doc("{'ietf-mud:mud': {'mud-version': '1', "
	        "'mud-url': 'https://example.com/x'}}"),
	    "ietf-mud:mud.mud-version", "is \"1\": expected 1");
	one(doc("{'" ACLS "': {'acl': []}}"), "ietf-mud:mud", "is required");
	one(doc("[]"), "", "is an array: expected an object");
	one(doc("{'ietf-mud:mud': []}"), "ietf-mud:mud",
	    "is an array: expected an object");
}

static void
test_syntax(void **state)
{
	struct mud_errors errs;
	char *big;

	(void)state;
	one("{\"ietf-mud:mud\": {", "", "invalid JSON at line 1, column");
	one("{\"a\": 1, \"a\": 2}", "", "duplicate");
	one("", "", "the document is empty");
	assert_null(mud_parse(NULL, 0, &errs));
	assert_int_equal(errs.total, 1);
	one("  ", "", "invalid JSON at line 1");

	big = malloc(MUD_DOC_MAX + 1);
	assert_non_null(big);
	memset(big, ' ', MUD_DOC_MAX + 1);
	assert_null(mud_parse(big, MUD_DOC_MAX + 1, &errs));
	assert_int_equal(errs.total, 1);
	assert_string_equal(errs.e[0].path, "");
	assert_non_null(strstr(errs.e[0].msg, "262145 bytes"));
	free(big);
}

static void
test_networks(void **state)
{
	struct mud_ace a;
	char text[CIDR_STRLEN];

	(void)state;
	a = ok1(ace_doc(FROM, "ipv4-acl-type",
	    "{'ipv4': {'destination-ipv4-network': '192.0.2.0/24'}}"));
	assert_int_equal(a.remote, MUD_REMOTE_NETWORK);
	assert_int_equal(a.family, 4);
	assert_int_equal(a.protocol, -1);
	cidr_format(&a.network, text, sizeof(text));
	assert_string_equal(text, "192.0.2.0/24");

	a = ok1(ace_doc(TO, "ipv6-acl-type",
	    "{'ipv6': {'source-ipv6-network': '2001:db8::/32', "
	    "'protocol': 17}}"));
	assert_int_equal(a.dir, MUD_TO_DEVICE);
	assert_int_equal(a.remote, MUD_REMOTE_NETWORK);
	assert_int_equal(a.family, 6);
	assert_int_equal(a.protocol, 17);
	assert_int_equal(a.sport.op, MUD_PORT_ANY);
	cidr_format(&a.network, text, sizeof(text));
	assert_string_equal(text, "2001:db8::/32");

	/* No matches: every packet of the family. */
	a = ok1(ace_doc(FROM, "ipv4-acl-type", "{}"));
	assert_int_equal(a.remote, MUD_REMOTE_ANY);
	assert_int_equal(a.protocol, -1);
	assert_int_equal(a.icmp_type, -1);

	one(ace_doc(FROM, "ipv4-acl-type",
	        "{'ipv4': {'destination-ipv4-network': '10.1.2.3/8'}}"),
	    M0 ".ipv4.destination-ipv4-network",
	    "\"10.1.2.3/8\" has bits set past its prefix: expected 10.0.0.0/8");
	one(ace_doc(FROM, "ipv4-acl-type",
	        "{'ipv4': {'destination-ipv4-network': '2001:db8::/32'}}"),
	    M0 ".ipv4.destination-ipv4-network", "is not an IPv4 network");
	one(ace_doc(FROM, "ipv6-acl-type",
	        "{'ipv6': {'destination-ipv6-network': '2001:db8::'}}"),
	    M0 ".ipv6.destination-ipv6-network",
	    "is not a network: expected a prefix such as \"2001:db8::/32\"");
	one(ace_doc(FROM, "ipv4-acl-type",
	        "{'ipv4': {'destination-ipv4-network': 7}}"),
	    M0 ".ipv4.destination-ipv4-network", "is 7: expected a string");
	one(ace_doc(FROM, "ipv4-acl-type", "{'ipv4': {'protocol': 256}}"),
	    M0 ".ipv4.protocol", "is 256: expected an integer from 0 to 255");
	one(ace_doc(FROM, "ipv4-acl-type", "{'ipv4': {'protocol': 6.0}}"),
	    M0 ".ipv4.protocol", "expected an integer");
}

static void
test_dnsname(void **state)
{
	struct mud_ace a;
	char name[300], m[400];

	(void)state;
	a = ok1(ace_doc(FROM, "ipv4-acl-type",
	    "{'ipv4': {'ietf-acldns:dst-dnsname': 'Cloud.Example.COM.'}}"));
	assert_int_equal(a.remote, MUD_REMOTE_DNSNAME);
	assert_string_equal(a.text, "cloud.example.com");
	a = ok1(ace_doc(TO, "ipv6-acl-type",
	    "{'ipv6': {'ietf-acldns:src-dnsname': 'a-1.b2.example'}}"));
	assert_string_equal(a.text, "a-1.b2.example");

	one(ace_doc(FROM, "ipv4-acl-type",
	        "{'ipv4': {'ietf-acldns:dst-dnsname': 'localhost'}}"),
	    M0 ".ipv4.ietf-acldns:dst-dnsname", "has a single label");
	one(ace_doc(FROM, "ipv4-acl-type",
	        "{'ipv4': {'ietf-acldns:dst-dnsname': '-a.example.com'}}"),
	    M0 ".ipv4.ietf-acldns:dst-dnsname", "starts or ends with '-'");
	one(ace_doc(FROM, "ipv4-acl-type",
	        "{'ipv4': {'ietf-acldns:dst-dnsname': 'a-.example.com'}}"),
	    M0 ".ipv4.ietf-acldns:dst-dnsname", "starts or ends with '-'");
	one(ace_doc(FROM, "ipv4-acl-type",
	        "{'ipv4': {'ietf-acldns:dst-dnsname': 'a..example.com'}}"),
	    M0 ".ipv4.ietf-acldns:dst-dnsname", "empty label");
	one(ace_doc(FROM, "ipv4-acl-type",
	        "{'ipv4': {'ietf-acldns:dst-dnsname': 'a_b.example.com'}}"),
	    M0 ".ipv4.ietf-acldns:dst-dnsname", "other than letters");
	one(ace_doc(FROM, "ipv4-acl-type",
	        "{'ipv4': {'ietf-acldns:dst-dnsname': '*.example.com'}}"),
	    M0 ".ipv4.ietf-acldns:dst-dnsname", "other than letters");
	one(ace_doc(FROM, "ipv4-acl-type",
	        "{'ipv4': {'ietf-acldns:dst-dnsname': '192.0.2.1'}}"),
	    M0 ".ipv4.ietf-acldns:dst-dnsname", "numeric label");
	a = ok1(ace_doc(FROM, "ipv4-acl-type",
	    "{'ipv4': {'ietf-acldns:dst-dnsname': '1.example.com'}}"));
	assert_string_equal(a.text, "1.example.com");

	/* 64-character label; then 253 and 254 characters in all. */
	memset(name, 'a', 64);
	snprintf(name + 64, sizeof(name) - 64, ".example.com");
	snprintf(
	    m, sizeof(m), "{'ipv4': {'ietf-acldns:dst-dnsname': '%s'}}", name);
	one(ace_doc(FROM, "ipv4-acl-type", m),
	    M0 ".ipv4.ietf-acldns:dst-dnsname", "longer than 63");
	for (int i = 0; i < 4; i++)
		memset(name + i * 64, i == 3 ? 'd' : 'a' + i, 63);
	for (int i = 0; i < 3; i++)
		name[i * 64 + 63] = '.';
	name[253] = '\0'; /* 63 + 1 + 63 + 1 + 63 + 1 + 61 */
	snprintf(
	    m, sizeof(m), "{'ipv4': {'ietf-acldns:dst-dnsname': '%s'}}", name);
	a = ok1(ace_doc(FROM, "ipv4-acl-type", m));
	assert_int_equal(strlen(a.text), 253);
	name[253] = 'd';
	name[254] = '\0';
	snprintf(
	    m, sizeof(m), "{'ipv4': {'ietf-acldns:dst-dnsname': '%s'}}", name);
	one(ace_doc(FROM, "ipv4-acl-type", m),
	    M0 ".ipv4.ietf-acldns:dst-dnsname", "longer than 253");
}

/* The destination-port of a from-device tcp ACE with port spec. */
static struct mud_ports
dport(const char *spec)
{
	char m[256];
	struct mud_ace a;

	snprintf(m, sizeof(m), "{'tcp': {'destination-port': %s}}", spec);
	a = ok1(ace_doc(FROM, "ipv4-acl-type", m));
	assert_int_equal(a.protocol, 6);
	return a.dport;
}

static void
expect_ports(struct mud_ports p, enum mud_port_op op, unsigned lo, unsigned hi)
{
	assert_int_equal(p.op, op);
	assert_int_equal(p.lo, lo);
	assert_int_equal(p.hi, hi);
}

static void
test_ports(void **state)
{
	struct mud_ace a;

	(void)state;
	expect_ports(
	    dport("{'operator': 'eq', 'port': 443}"), MUD_PORT_RANGE, 443, 443);
	expect_ports(dport("{'port': 80}"), MUD_PORT_RANGE, 80, 80);
	expect_ports(
	    dport("{'operator': 'lt', 'port': 1024}"), MUD_PORT_RANGE, 0, 1023);
	expect_ports(dport("{'operator': 'lte', 'port': 1024}"), MUD_PORT_RANGE,
	    0, 1024);
	expect_ports(dport("{'operator': 'gt', 'port': 1023}"), MUD_PORT_RANGE,
	    1024, 65535);
	expect_ports(dport("{'operator': 'gte', 'port': 1024}"), MUD_PORT_RANGE,
	    1024, 65535);
	expect_ports(
	    dport("{'operator': 'neq', 'port': 23}"), MUD_PORT_NEQ, 23, 23);
	expect_ports(dport("{'lower-port': 8000, 'upper-port': 8080}"),
	    MUD_PORT_RANGE, 8000, 8080);
	expect_ports(dport("{'lower-port': 0, 'upper-port': 65535}"),
	    MUD_PORT_RANGE, 0, 65535);
	expect_ports(
	    dport("{'operator': 'lt', 'port': 1}"), MUD_PORT_RANGE, 0, 0);
	expect_ports(dport("{'operator': 'gt', 'port': 65534}"), MUD_PORT_RANGE,
	    65535, 65535);

	a = ok1(ace_doc(TO, "ipv6-acl-type",
	    "{'ipv6': {'protocol': 17}, 'udp': {'source-port': "
	    "{'operator': 'eq', 'port': 123}, 'destination-port': "
	    "{'lower-port': 1024, 'upper-port': 2048}}}"));
	assert_int_equal(a.protocol, 17);
	expect_ports(a.sport, MUD_PORT_RANGE, 123, 123);
	expect_ports(a.dport, MUD_PORT_RANGE, 1024, 2048);
	assert_int_equal(a.initiated, MUD_INIT_EITHER);

	/* udp without an ipv6 match: the protocol comes from udp. */
	a = ok1(ace_doc(FROM, "ipv6-acl-type", "{'udp': {}}"));
	assert_int_equal(a.protocol, 17);
	assert_int_equal(a.sport.op, MUD_PORT_ANY);
	assert_int_equal(a.dport.op, MUD_PORT_ANY);
}

/* A tcp destination-port spec that is refused at .tcp.destination-port
 * plus sub, with needle. */
static void
port_bad(const char *spec, const char *sub, const char *needle)
{
	char m[256], path[192];

	snprintf(m, sizeof(m), "{'tcp': {'destination-port': %s}}", spec);
	snprintf(path, sizeof(path), M0 ".tcp.destination-port%s", sub);
	one(ace_doc(FROM, "ipv4-acl-type", m), path, needle);
}

static void
test_port_errors(void **state)
{
	(void)state;
	port_bad(
	    "{'operator': 'lt', 'port': 0}", "", "\"lt\" 0 matches no port");
	port_bad("{'operator': 'gt', 'port': 65535}", "",
	    "\"gt\" 65535 matches no port");
	port_bad("{'operator': 'ge', 'port': 1}", ".operator",
	    "is \"ge\": expected \"eq\", \"neq\", \"lt\", \"lte\", \"gt\" or "
	    "\"gte\"");
	port_bad("{'operator': 1, 'port': 1}", ".operator",
	    "is 1: expected a string");
	port_bad("{'operator': 'eq', 'port': 65536}", ".port",
	    "is 65536: expected an integer from 0 to 65535");
	port_bad("{'operator': 'eq', 'port': -1}", ".port", "is -1");
	port_bad("{'operator': 'eq', 'port': '443'}", ".port",
	    "is \"443\": expected an integer");
	port_bad("{'operator': 'eq'}", ".port", "is required");
	port_bad("{'lower-port': 2, 'upper-port': 1}", "",
	    "lower-port 2 is above upper-port 1");
	port_bad("{'lower-port': 2}", ".upper-port", "is required");
	port_bad("{'upper-port': 2}", ".lower-port", "is required");
	port_bad("{'lower-port': 1, 'upper-port': 2, 'port': 3}", "",
	    "mixes the two forms");
	port_bad("{}", "", "is empty");
	port_bad(
	    "{'port': 1, 'range': 2}", ".range", "unknown member \"range\"");
	port_bad("443", "", "is 443: expected an object");

	/* A bad operator and a bad port: both reported. */
	struct mud_errors errs;

	bad(ace_doc(FROM, "ipv4-acl-type",
	        "{'tcp': {'source-port': {'operator': 'x', 'port': 'y'}}}"),
	    &errs);
	assert_int_equal(errs.total, 2);
	has(&errs, M0 ".tcp.source-port.operator", "is \"x\"");
	has(&errs, M0 ".tcp.source-port.port", "is \"y\"");
}

static void
test_icmp(void **state)
{
	struct mud_ace a;

	(void)state;
	a = ok1(ace_doc(FROM, "ipv4-acl-type",
	    "{'ipv4': {'destination-ipv4-network': '198.51.100.0/24'}, "
	    "'icmp': {'type': 8, 'code': 0}}"));
	assert_int_equal(a.protocol, 1);
	assert_int_equal(a.icmp_type, 8);
	assert_int_equal(a.icmp_code, 0);
	a = ok1(ace_doc(TO, "ipv6-acl-type", "{'icmp': {'type': 128}}"));
	assert_int_equal(a.protocol, 58);
	assert_int_equal(a.icmp_type, 128);
	assert_int_equal(a.icmp_code, -1);
	a = ok1(ace_doc(
	    TO, "ipv6-acl-type", "{'ipv6': {'protocol': 58}, 'icmp': {}}"));
	assert_int_equal(a.protocol, 58);
	assert_int_equal(a.icmp_type, -1);

	one(ace_doc(FROM, "ipv4-acl-type", "{'icmp': {'type': 256}}"),
	    M0 ".icmp.type", "is 256: expected an integer from 0 to 255");
	one(ace_doc(
	        FROM, "ipv4-acl-type", "{'icmp': {'rest-of-header': 'AA'}}"),
	    M0 ".icmp.rest-of-header",
	    "unsupported match \"rest-of-header\": expected type or code");
	one(ace_doc(FROM, "ipv6-acl-type",
	        "{'ipv6': {'protocol': 1}, 'icmp': {'type': 1}}"),
	    M0 ".ipv6.protocol", "is 1, but the icmp match needs 58");
}

static void
test_protocol(void **state)
{
	struct mud_ace a;

	(void)state;
	a = ok1(ace_doc(
	    FROM, "ipv4-acl-type", "{'ipv4': {'protocol': 6}, 'tcp': {}}"));
	assert_int_equal(a.protocol, 6);
	a = ok1(ace_doc(FROM, "ipv4-acl-type", "{'ipv4': {'protocol': 6}}"));
	assert_int_equal(a.protocol, 6);
	assert_int_equal(a.dport.op, MUD_PORT_ANY);

	one(ace_doc(
	        FROM, "ipv4-acl-type", "{'ipv4': {'protocol': 17}, 'tcp': {}}"),
	    M0 ".ipv4.protocol", "is 17, but the tcp match needs 6");
	one(ace_doc(
	        FROM, "ipv4-acl-type", "{'ipv4': {'protocol': 6}, 'udp': {}}"),
	    M0 ".ipv4.protocol", "is 6, but the udp match needs 17");
	one(ace_doc(FROM, "ipv4-acl-type", "{'tcp': {}, 'udp': {}}"), M0 ".udp",
	    "\"tcp\" and \"udp\" together match no packet");
	one(ace_doc(FROM, "ipv4-acl-type", "{'tcp': []}"), M0 ".tcp",
	    "is an array: expected an object");
}

static void
test_initiated(void **state)
{
	struct mud_ace a;

	(void)state;
	a = ok1(ace_doc(FROM, "ipv4-acl-type",
	    "{'tcp': {'ietf-mud:direction-initiated': 'from-device'}}"));
	assert_int_equal(a.initiated, MUD_INIT_FROM_DEVICE);
	a = ok1(ace_doc(TO, "ipv4-acl-type",
	    "{'tcp': {'ietf-mud:direction-initiated': 'to-device'}}"));
	assert_int_equal(a.initiated, MUD_INIT_TO_DEVICE);
	a = ok1(ace_doc(TO, "ipv4-acl-type", "{'tcp': {}}"));
	assert_int_equal(a.initiated, MUD_INIT_EITHER);

	one(ace_doc(FROM, "ipv4-acl-type",
	        "{'tcp': {'ietf-mud:direction-initiated': 'device'}}"),
	    M0 ".tcp.ietf-mud:direction-initiated",
	    "is \"device\": expected \"from-device\" or \"to-device\"");
	one(ace_doc(FROM, "ipv4-acl-type",
	        "{'udp': {'ietf-mud:direction-initiated': 'from-device'}}"),
	    M0 ".udp.ietf-mud:direction-initiated", "is for tcp only");
}

/* The one ACE of a document whose matches are {"ietf-mud:mud": {m}}. */
static struct mud_ace
mud_ace(const char *policies, const char *m)
{
	char matches[512];

	snprintf(matches, sizeof(matches), "{'ietf-mud:mud': {%s}}", m);
	return ok1(ace_doc(policies, "ipv4-acl-type", matches));
}

static void
test_mud_remotes(void **state)
{
	struct mud_ace a;

	(void)state;
	a = mud_ace(FROM, "'manufacturer': 'Lighting.Example.com'");
	assert_int_equal(a.remote, MUD_REMOTE_MANUFACTURER);
	assert_string_equal(a.text, "lighting.example.com");
	a = mud_ace(TO, "'same-manufacturer': [null]");
	assert_int_equal(a.remote, MUD_REMOTE_SAME_MFG);
	assert_string_equal(a.text, "");
	a = mud_ace(FROM, "'model': 'https://example.com/other-model'");
	assert_int_equal(a.remote, MUD_REMOTE_MODEL);
	assert_string_equal(a.text, "https://example.com/other-model");
	a = mud_ace(FROM, "'local-networks': [null]");
	assert_int_equal(a.remote, MUD_REMOTE_LOCAL);
	a = mud_ace(FROM, "'controller': 'urn:ietf:params:mud:dns'");
	assert_int_equal(a.remote, MUD_REMOTE_CONTROLLER);
	assert_string_equal(a.text, "urn:ietf:params:mud:dns");
	a = mud_ace(TO, "'my-controller': [null]");
	assert_int_equal(a.remote, MUD_REMOTE_MY_CONTROLLER);

	/* With a transport match. */
	a = ok1(ace_doc(FROM, "ipv4-acl-type",
	    "{'ietf-mud:mud': {'controller': 'https://ntp.example.com/'}, "
	    "'udp': {'destination-port': {'operator': 'eq', 'port': 123}}}"));
	assert_int_equal(a.remote, MUD_REMOTE_CONTROLLER);
	assert_int_equal(a.protocol, 17);
	expect_ports(a.dport, MUD_PORT_RANGE, 123, 123);

	one(ace_doc(FROM, "ipv4-acl-type",
	        "{'ietf-mud:mud': {'same-manufacturer': true}}"),
	    M0 ".ietf-mud:mud.same-manufacturer", "is true: expected [null]");
	one(ace_doc(FROM, "ipv4-acl-type",
	        "{'ietf-mud:mud': {'local-networks': [null, null]}}"),
	    M0 ".ietf-mud:mud.local-networks", "is an array: expected [null]");
	one(ace_doc(FROM, "ipv4-acl-type",
	        "{'ietf-mud:mud': {'manufacturer': 'https://x.com/'}}"),
	    M0 ".ietf-mud:mud.manufacturer", "is not an authority");
	one(ace_doc(FROM, "ipv4-acl-type",
	        "{'ietf-mud:mud': {'model': 'http://x.com/m'}}"),
	    M0 ".ietf-mud:mud.model", "is not an https:// URL");
	one(ace_doc(FROM, "ipv4-acl-type",
	        "{'ietf-mud:mud': {'controller': 'not a uri'}}"),
	    M0 ".ietf-mud:mud.controller", "is not a URI");
	one(ace_doc(FROM, "ipv4-acl-type",
	        "{'ietf-mud:mud': {'controller': 'https://a b/'}}"),
	    M0 ".ietf-mud:mud.controller", "holds a space");
	one(ace_doc(
	        FROM, "ipv4-acl-type", "{'ietf-mud:mud': {'direction': 'x'}}"),
	    M0 ".ietf-mud:mud.direction",
	    "unsupported match \"direction\": expected manufacturer");
}

static void
test_one_remote(void **state)
{
	(void)state;
	one(ace_doc(FROM, "ipv4-acl-type",
	        "{'ipv4': {'destination-ipv4-network': '192.0.2.0/24', "
	        "'ietf-acldns:dst-dnsname': 'a.example.com'}}"),
	    M0 ".ipv4.ietf-acldns:dst-dnsname",
	    "more than one remote: \"destination-ipv4-network\" and "
	    "\"ietf-acldns:dst-dnsname\"");
	one(ace_doc(FROM, "ipv4-acl-type",
	        "{'ipv4': {'destination-ipv4-network': '192.0.2.0/24'}, "
	        "'ietf-mud:mud': {'controller': 'urn:x:y'}}"),
	    M0 ".ietf-mud:mud.controller",
	    "more than one remote: \"destination-ipv4-network\" and "
	    "\"controller\"");
	one(ace_doc(TO, "ipv4-acl-type",
	        "{'ietf-mud:mud': {'local-networks': [null], "
	        "'my-controller': [null]}}"),
	    M0 ".ietf-mud:mud.my-controller",
	    "more than one remote: \"local-networks\" and \"my-controller\"");
}

static void
test_own_address(void **state)
{
	struct mud_errors errs;

	(void)state;
	one(ace_doc(FROM, "ipv4-acl-type",
	        "{'ipv4': {'source-ipv4-network': '10.0.0.0/8'}}"),
	    M0 ".ipv4.source-ipv4-network",
	    "matches the device's own address; not enforceable");
	one(ace_doc(FROM, "ipv6-acl-type",
	        "{'ipv6': {'ietf-acldns:src-dnsname': 'me.example.com'}}"),
	    M0 ".ipv6.ietf-acldns:src-dnsname",
	    "matches the device's own address; not enforceable");
	one(ace_doc(TO, "ipv4-acl-type",
	        "{'ipv4': {'destination-ipv4-network': '10.0.0.0/8'}}"),
	    M0 ".ipv4.destination-ipv4-network",
	    "matches the device's own address; not enforceable: a "
	    "to-device ACE");
	one(ace_doc(TO, "ipv4-acl-type",
	        "{'ipv4': {'ietf-acldns:dst-dnsname': 'me.example.com'}}"),
	    M0 ".ipv4.ietf-acldns:dst-dnsname",
	    "matches the device's own address");

	/* Both ends named: one own-address error per direction. */
	bad(ace_doc(BOTH, "ipv4-acl-type",
	        "{'ipv4': {'source-ipv4-network': '10.0.0.0/8', "
	        "'destination-ipv4-network': '192.0.2.0/24'}}"),
	    &errs);
	assert_int_equal(errs.total, 2);
	has(&errs, M0 ".ipv4.source-ipv4-network", "own address");
	has(&errs, M0 ".ipv4.destination-ipv4-network", "own address");
}

static void
test_both_directions(void **state)
{
	struct mud_policy *p;
	struct mud_errors errs;

	(void)state;
	p = ok(ace_doc(BOTH, "ipv4-acl-type",
	    "{'tcp': {'destination-port': {'operator': 'eq', 'port': 80}}}"));
	assert_int_equal(p->naces, 2);
	assert_int_equal(p->aces[0].dir, MUD_FROM_DEVICE);
	assert_int_equal(p->aces[1].dir, MUD_TO_DEVICE);
	assert_string_equal(p->aces[1].name, "e");
	assert_int_equal(p->aces[1].dport.lo, 80);
	assert_int_equal(p->aces[1].acl_pos, 0);
	mud_policy_free(p);

	/* A problem that does not depend on the direction, once. */
	one(ace_doc(BOTH, "ipv4-acl-type",
	        "{'tcp': {'destination-port': {'operator': 'eq', "
	        "'port': 70000}}}"),
	    M0 ".tcp.destination-port.port", "is 70000");
	one(ace_doc(BOTH, "eth-acl-type", "{}"), ACLS ".acl[0].type",
	    "unsupported ACL type \"eth-acl-type\"");

	/* A remote that is the device in one direction: reported for it. */
	bad(ace_doc(BOTH, "ipv4-acl-type",
	        "{'ipv4': {'ietf-acldns:dst-dnsname': 'a.example.com'}}"),
	    &errs);
	assert_int_equal(errs.total, 1);
	has(&errs, M0 ".ipv4.ietf-acldns:dst-dnsname", "a to-device ACE");
}

static void
test_order(void **state)
{
	struct mud_policy *p;

	(void)state;
	p = ok(doc("{'ietf-mud:mud': {'mud-version': 1, "
	           "'mud-url': 'https://example.com/x', "
	           "'to-device-policy': {'access-lists': {'access-list': "
	           "[{'name': 'c'}]}}, "
	           "'from-device-policy': {'access-lists': {'access-list': "
	           "[{'name': 'b'}, {'name': 'a'}]}}}, "
	           "'" ACLS "': {'acl': ["
	           "{'name': 'a', 'type': 'ipv4-acl-type', 'aces': {'ace': "
	           "[{'name': 'a0', 'actions': {'forwarding': 'accept'}}, "
	           "{'name': 'a1', 'actions': {'forwarding': 'drop'}}]}}, "
	           "{'name': 'b', 'type': "
	           "'ietf-access-control-list:ipv6-acl-type', 'aces': {'ace': "
	           "[{'name': 'b0', 'actions': {'forwarding': "
	           "'ietf-access-control-list:reject'}}]}}, "
	           "{'name': 'c', 'type': 'ipv4-acl-type', 'aces': {'ace': "
	           "[{'name': 'c0', 'actions': {'forwarding': 'accept'}}]}}, "
	           "{'name': 'unused', 'type': 'mixed-eth-ipv4-acl-type', "
	           "'aces': {'ace': [{'name': 'x', 'matches': {'eth': {}}, "
	           "'actions': {'forwarding': 'accept'}}]}}, "
	           "{'name': 'empty', 'type': 'ipv4-acl-type'}]}}"));
	assert_int_equal(p->naces, 4);
	assert_string_equal(p->aces[0].name, "b0");
	assert_int_equal(p->aces[0].family, 6);
	assert_int_equal(p->aces[0].action, MUD_REJECT);
	assert_int_equal(p->aces[0].acl_pos, 1);
	assert_string_equal(p->aces[1].name, "a0");
	assert_string_equal(p->aces[2].name, "a1");
	assert_int_equal(p->aces[2].action, MUD_DROP);
	assert_int_equal(p->aces[2].ace_pos, 1);
	assert_string_equal(p->aces[3].name, "c0");
	assert_int_equal(p->aces[3].dir, MUD_TO_DEVICE);
	assert_int_equal(p->aces[3].acl_pos, 2);
	mud_policy_free(p);
}

static void
test_family(void **state)
{
	(void)state;
	one(ace_doc(FROM, "ipv4-acl-type",
	        "{'ipv6': {'destination-ipv6-network': '2001:db8::/32'}}"),
	    M0 ".ipv6",
	    "an ipv4-acl-type ACL cannot match IPv6: expected \"ipv4\"");
	one(ace_doc(FROM, "ipv6-acl-type", "{'ipv4': {'protocol': 6}}"),
	    M0 ".ipv4",
	    "an ipv6-acl-type ACL cannot match IPv4: expected \"ipv6\"");
	one(ace_doc(FROM, "mixed-eth-ipv4-acl-type", "{}"), ACLS ".acl[0].type",
	    "unsupported ACL type \"mixed-eth-ipv4-acl-type\": expected "
	    "\"ipv4-acl-type\" or \"ipv6-acl-type\"");
	one(ace_doc(FROM, "ipv4-acl-type", "{'eth': {}}"), M0 ".eth",
	    "unsupported match \"eth\": the gateway forwards IP");
	one(doc("{'ietf-mud:mud': {'mud-version': 1, "
	        "'mud-url': 'https://example.com/bulb', " FROM "}, "
	        "'" ACLS "': {'acl': [{'name': 'a'}]}}"),
	    ACLS ".acl[0].type", "is required");
}

static void
test_unknown(void **state)
{
	(void)state;
	one(doc("{'ietf-mud:mud': {'mud-version': 1, "
	        "'mud-url': 'https://example.com/x', 'ol': {}}}"),
	    "ietf-mud:mud.ol", "unknown member \"ol\"");
	one(doc("{'ietf-mud:mud': {'mud-version': 1, "
	        "'mud-url': 'https://example.com/x'}, "
	        "'ietf-access-control-list:access-lists': {}}"),
	    "ietf-access-control-list:access-lists",
	    "unknown member \"ietf-access-control-list:access-lists\"");
	one(ace_doc(FROM, "ipv4-acl-type", "{'ingress-interface': 'eth0'}"),
	    M0 ".ingress-interface",
	    "unsupported match \"ingress-interface\": expected ipv4, ipv6");
	one(ace_doc(FROM, "ipv4-acl-type", "{'ipv4': {'ttl': 1}}"),
	    M0 ".ipv4.ttl", "unsupported match \"ttl\"");
	one(ace_doc(FROM, "ipv4-acl-type", "{'tcp': {'flags': 'syn'}}"),
	    M0 ".tcp.flags", "unsupported match \"flags\"");
	one(doc("{'ietf-mud:mud': {'mud-version': 1, "
	        "'mud-url': 'https://example.com/bulb', " FROM "}, "
	        "'" ACLS "': {'acl': [{'name': 'a', 'type': 'ipv4-acl-type', "
	        "'aces': {'ace': [{'name': 'e', 'actions': "
	        "{'forwarding': 'accept', 'logging': 'log-syslog'}}]}}]}}"),
	    ACE0 ".actions.logging", "unsupported action \"logging\"");
	one(doc("{'ietf-mud:mud': {'mud-version': 1, "
	        "'mud-url': 'https://example.com/bulb', " FROM "}, "
	        "'" ACLS "': {'acl': [{'name': 'a', 'type': 'ipv4-acl-type', "
	        "'aces': {'ace': [{'name': 'e', 'statistics': {}, 'actions': "
	        "{'forwarding': 'accept'}}]}}]}}"),
	    ACE0 ".statistics", "unknown member \"statistics\"");
	/* A control character in a key is not passed on. */
	one(ace_doc(FROM, "ipv4-acl-type", "{'x\\ny': 1}"), M0 ".x?y",
	    "unsupported match \"x?y\"");
}

static void
test_actions(void **state)
{
	(void)state;
	one(doc("{'ietf-mud:mud': {'mud-version': 1, "
	        "'mud-url': 'https://example.com/bulb', " FROM "}, "
	        "'" ACLS "': {'acl': [{'name': 'a', 'type': 'ipv4-acl-type', "
	        "'aces': {'ace': [{'name': 'e'}]}}]}}"),
	    ACE0 ".actions", "is required");
	one(doc("{'ietf-mud:mud': {'mud-version': 1, "
	        "'mud-url': 'https://example.com/bulb', " FROM "}, "
	        "'" ACLS "': {'acl': [{'name': 'a', 'type': 'ipv4-acl-type', "
	        "'aces': {'ace': [{'name': 'e', 'actions': {}}]}}]}}"),
	    ACE0 ".actions.forwarding", "is required");
	one(doc("{'ietf-mud:mud': {'mud-version': 1, "
	        "'mud-url': 'https://example.com/bulb', " FROM "}, "
	        "'" ACLS "': {'acl': [{'name': 'a', 'type': 'ipv4-acl-type', "
	        "'aces': {'ace': [{'name': 'e', 'actions': "
	        "{'forwarding': 'permit'}}]}}]}}"),
	    ACE0 ".actions.forwarding",
	    "is \"permit\": expected \"accept\", \"drop\" or \"reject\"");
	one(doc("{'ietf-mud:mud': {'mud-version': 1, "
	        "'mud-url': 'https://example.com/bulb', " FROM "}, "
	        "'" ACLS "': {'acl': [{'name': 'a', 'type': 'ipv4-acl-type', "
	        "'aces': {'ace': [{'actions': {'forwarding': 'drop'}}]}}]}}"),
	    ACE0 ".name", "is required");
	one(doc("{'ietf-mud:mud': {'mud-version': 1, "
	        "'mud-url': 'https://example.com/bulb', " FROM "}, "
	        "'" ACLS "': {'acl': [{'name': 'a', 'type': 'ipv4-acl-type', "
	        "'aces': {'ace': [7]}}]}}"),
	    ACE0, "is 7: expected an ACE, an object");
}

static void
test_references(void **state)
{
	(void)state;
	one(doc("{'ietf-mud:mud': {'mud-version': 1, "
	        "'mud-url': 'https://example.com/x', "
	        "'to-device-policy': {'access-lists': {'access-list': "
	        "[{'name': 'a'}, {'name': 'nope'}]}}}, "
	        "'" ACLS
	        "': {'acl': [{'name': 'a', 'type': 'ipv4-acl-type'}]}}"),
	    "ietf-mud:mud.to-device-policy.access-lists.access-list[1]",
	    "access list \"nope\" is not defined");
	one(doc("{'ietf-mud:mud': {'mud-version': 1, "
	        "'mud-url': 'https://example.com/x', "
	        "'from-device-policy': {'access-lists': {'access-list': "
	        "[{'name': 'a'}, {'name': 'a'}]}}}, "
	        "'" ACLS
	        "': {'acl': [{'name': 'a', 'type': 'ipv4-acl-type'}]}}"),
	    "ietf-mud:mud.from-device-policy.access-lists.access-list[1]",
	    "is listed twice");
	one(doc("{'ietf-mud:mud': {'mud-version': 1, "
	        "'mud-url': 'https://example.com/x'}, "
	        "'" ACLS "': {'acl': [{'name': 'a', 'type': 'ipv4-acl-type'}, "
	        "{'name': 'a', 'type': 'ipv4-acl-type'}]}}"),
	    ACLS ".acl[1].name", "\"a\" is also the name of acl[0]");
	one(doc("{'ietf-mud:mud': {'mud-version': 1, "
	        "'mud-url': 'https://example.com/bulb', " FROM "}, "
	        "'" ACLS "': {'acl': [{'name': 'a', 'type': 'ipv4-acl-type', "
	        "'aces': {'ace': [{'name': 'e', 'actions': {'forwarding': "
	        "'accept'}}, {'name': 'e', 'actions': {'forwarding': "
	        "'drop'}}]}}]}}"),
	    ACLS ".acl[0].aces.ace[1].name", "names another ACE");
	one(doc("{'ietf-mud:mud': {'mud-version': 1, "
	        "'mud-url': 'https://example.com/x', "
	        "'from-device-policy': {'access-lists': {'access-list': "
	        "[{'name': 'a'}]}}}}"),
	    "ietf-mud:mud.from-device-policy.access-lists.access-list[0]",
	    "is not defined");
	one(doc("{'ietf-mud:mud': {'mud-version': 1, "
	        "'mud-url': 'https://example.com/x', "
	        "'from-device-policy': {'access-lists': {'access-list': "
	        "{'name': 'a'}}}}}"),
	    "ietf-mud:mud.from-device-policy.access-lists.access-list",
	    "is an object: expected an array");
	one(doc("{'ietf-mud:mud': {'mud-version': 1, "
	        "'mud-url': 'https://example.com/x'}, "
	        "'" ACLS
	        "': {'acl': [{'name': 'a\\\"b', 'type': 'ipv4-acl-type'}]}}"),
	    ACLS ".acl[0].name", "quote");
}

static void
test_limits(void **state)
{
	char name[80], url[300], *aces, *p;
	struct mud_errors errs;
	struct mud_policy *pol;
	size_t left;

	(void)state;
	memset(name, 'n', 63);
	name[63] = '\0';
	pol = ok(doc("{'ietf-mud:mud': {'mud-version': 1, "
	             "'mud-url': 'https://example.com/x'}, "
	             "'" ACLS "': {'acl': [{'name': '%s'}]}}",
	    name));
	mud_policy_free(pol);
	strcat(name, "n");
	one(doc("{'ietf-mud:mud': {'mud-version': 1, "
	        "'mud-url': 'https://example.com/x'}, "
	        "'" ACLS "': {'acl': [{'name': '%s'}]}}",
	        name),
	    ACLS ".acl[0].name", "is too long: expected a string of 1 to 63");

	snprintf(url, sizeof(url), "https://example.com/");
	memset(url + 20, 'u', 235);
	url[255] = '\0';
	pol = ok(
	    doc("{'ietf-mud:mud': {'mud-version': 1, 'mud-url': '%s'}}", url));
	assert_int_equal(strlen(pol->url), 255);
	mud_policy_free(pol);
	strcat(url, "u");
	one(doc("{'ietf-mud:mud': {'mud-version': 1, 'mud-url': '%s'}}", url),
	    "ietf-mud:mud.mud-url", "is too long");

	/* 128 ACEs referenced both ways: 256, the most. One more: 258. */
	aces = malloc(128 * 80 + 100);
	assert_non_null(aces);
	for (int n = 128; n <= 129; n++) {
		p = aces;
		left = 128 * 80 + 100;
		for (int i = 0; i < n; i++) {
			int w = snprintf(p, left,
			    "%s{'name': 'e%d', 'actions': "
			    "{'forwarding': 'accept'}}",
			    i ? ", " : "", i);

			p += w;
			left -= (size_t)w;
		}
		doc("{'ietf-mud:mud': {'mud-version': 1, "
		    "'mud-url': 'https://example.com/bulb', " BOTH "}, "
		    "'" ACLS "': {'acl': [{'name': 'a', 'type': "
		    "'ipv4-acl-type', 'aces': {'ace': [%s]}}]}}",
		    aces);
		if (n == 128) {
			pol = ok(docbuf);
			assert_int_equal(pol->naces, MUD_ACES_MAX);
			assert_int_equal(pol->aces[255].dir, MUD_TO_DEVICE);
			assert_string_equal(pol->aces[255].name, "e127");
			mud_policy_free(pol);
		} else {
			one(docbuf, ACLS, "hold 258 ACEs");
		}
	}
	free(aces);
	(void)errs;
}

static void
test_many_errors(void **state)
{
	struct mud_errors errs;
	char *p;
	size_t left = sizeof(docbuf);
	int w;

	(void)state;
	/* Several problems at once, each reported. */
	bad(doc("{'ietf-mud:mud': {'mud-version': 2, "
	        "'mud-url': 'ftp://example.com/x', 'foo': 1, " FROM "}, "
	        "'" ACLS "': {'acl': [{'name': 'a', 'type': 'ipv4-acl-type', "
	        "'aces': {'ace': [{'name': 'e0', 'matches': {'eth': {}, "
	        "'tcp': {'destination-port': {'operator': 'lt', 'port': 0}}}, "
	        "'actions': {'forwarding': 'accept'}}, "
	        "{'name': 'e1', 'matches': {'ipv4': {'source-ipv4-network': "
	        "'10.0.0.1/8'}}, 'actions': {'forwarding': 'maybe'}}]}}]}}"),
	    &errs);
	assert_int_equal(errs.total, 7);
	assert_int_equal(errs.n, 7);
	has(&errs, "ietf-mud:mud.foo", "unknown member");
	has(&errs, "ietf-mud:mud.mud-version", "is 2");
	has(&errs, "ietf-mud:mud.mud-url", "https");
	has(&errs, M0 ".eth", "unsupported match");
	has(&errs, M0 ".tcp.destination-port", "matches no port");
	has(&errs, ACLS ".acl[0].aces.ace[1].matches.ipv4.source-ipv4-network",
	    "expected 10.0.0.0/8");
	has(&errs, ACLS ".acl[0].aces.ace[1].actions.forwarding", "maybe");

	/* 40 bad ACEs: 40 counted, the first 32 kept. */
	p = docbuf;
	w = snprintf(p, left,
	    "{'ietf-mud:mud': {'mud-version': 1, "
	    "'mud-url': 'https://example.com/bulb', " FROM "}, "
	    "'" ACLS "': {'acl': [{'name': 'a', 'type': 'ipv4-acl-type', "
	    "'aces': {'ace': [");
	for (int i = 0; i < 40; i++) {
		p += w;
		left -= (size_t)w;
		w = snprintf(p, left,
		    "%s{'name': 'e%d', 'actions': {'forwarding': 'no'}}",
		    i ? ", " : "", i);
	}
	p += w;
	left -= (size_t)w;
	snprintf(p, left, "]}}]}}");
	for (p = docbuf; *p != '\0'; p++)
		if (*p == '\'')
			*p = '"';
	bad(docbuf, &errs);
	assert_int_equal(errs.total, 40);
	assert_int_equal(errs.n, MUD_ERRORS_MAX);
	assert_string_equal(
	    errs.e[31].path, ACLS ".acl[0].aces.ace[31].actions.forwarding");

	/* mud_error_add on its own, as the compiler's checks use it. */
	memset(&errs, 0, sizeof(errs));
	for (int i = 0; i < 40; i++)
		mud_error_add(&errs, "x", "problem %d", i);
	assert_int_equal(errs.total, 40);
	assert_int_equal(errs.n, MUD_ERRORS_MAX);
	assert_string_equal(errs.e[31].msg, "problem 31");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rfc8520_example),
	    cmocka_unit_test(test_header),
	    cmocka_unit_test(test_required),
	    cmocka_unit_test(test_syntax),
	    cmocka_unit_test(test_networks),
	    cmocka_unit_test(test_dnsname),
	    cmocka_unit_test(test_ports),
	    cmocka_unit_test(test_port_errors),
	    cmocka_unit_test(test_icmp),
	    cmocka_unit_test(test_protocol),
	    cmocka_unit_test(test_initiated),
	    cmocka_unit_test(test_mud_remotes),
	    cmocka_unit_test(test_one_remote),
	    cmocka_unit_test(test_own_address),
	    cmocka_unit_test(test_both_directions),
	    cmocka_unit_test(test_order),
	    cmocka_unit_test(test_family),
	    cmocka_unit_test(test_unknown),
	    cmocka_unit_test(test_actions),
	    cmocka_unit_test(test_references),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_many_errors),
	};

	return cmocka_run_group_tests_name("mud", tests, NULL, NULL);
}
