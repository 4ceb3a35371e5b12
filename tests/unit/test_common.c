/*
 * The small common pieces: bounded readers and capped writers, the JSON
 * writer (checked by parsing its output with jansson), addresses and CIDRs,
 * human sizes, and API tokens (SHA-256 against published vectors).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "common/addr.h"
#include "common/day.h"
#include "common/ibuf.h"
#include "common/jsonw.h"
#include "common/memavail.h"
#include "common/obuf.h"
#include "common/sizes.h"
#include "registry/token.h"

static void
test_ibuf_integers(void **state)
{
	static const uint8_t data[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	    0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0xff};
	struct ibuf b;
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;

	(void)state;
	ibuf_init(&b, data, sizeof(data));
	assert_int_equal(ibuf_left(&b), 16);
	assert_int_equal(ibuf_get_u8(&b, &u8), 0);
	assert_int_equal(u8, 0x01);
	assert_int_equal(ibuf_get_u16(&b, &u16), 0);
	assert_int_equal(u16, 0x0203);
	assert_int_equal(ibuf_get_u32(&b, &u32), 0);
	assert_int_equal(u32, 0x04050607);
	assert_int_equal(ibuf_get_u64(&b, &u64), 0);
	assert_true(u64 == 0x08090a0b0c0d0e0fULL);
	assert_int_equal(ibuf_left(&b), 1);
	assert_int_equal(ibuf_get_u8(&b, &u8), 0);
	assert_int_equal(u8, 0xff);
	assert_int_equal(ibuf_left(&b), 0);
	assert_int_equal(ibuf_get_u8(&b, &u8), -EBADMSG);
}

/* Short input fails and leaves the reader where it was. */
static void
test_ibuf_short(void **state)
{
	static const uint8_t data[] = {
	    0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0x11, 0x22};
	struct ibuf b;
	uint16_t u16 = 7;
	uint32_t u32 = 7;
	uint64_t u64 = 7;
	uint8_t bytes[8];

	(void)state;
	ibuf_init(&b, data, sizeof(data));
	assert_int_equal(ibuf_get_u64(&b, &u64), -EBADMSG);
	assert_int_equal(b.off, 0);
	assert_true(u64 == 7);
	assert_int_equal(ibuf_get_bytes(&b, bytes, 8), -EBADMSG);
	assert_int_equal(b.off, 0);
	assert_int_equal(ibuf_get_bytes(&b, bytes, 6), 0);
	assert_int_equal(bytes[5], 0x11);
	assert_int_equal(ibuf_get_u16(&b, &u16), -EBADMSG);
	assert_int_equal(u16, 7);
	assert_int_equal(ibuf_get_u32(&b, &u32), -EBADMSG);
	assert_int_equal(b.off, 6);
	assert_int_equal(ibuf_get_bytes(&b, bytes, 0), 0);
	assert_int_equal(b.off, 6);

	ibuf_init(&b, NULL, 0);
	assert_int_equal(ibuf_left(&b), 0);
	assert_int_equal(ibuf_get_u16(&b, &u16), -EBADMSG);
}

static void
test_ibuf_str(void **state)
{
	static const uint8_t good[] = {
	    0x00, 0x03, 'a', 'p', 'i', 0x00, 0x00, 0x00, 0x01};
	static const uint8_t nul[] = {0x00, 0x03, 'a', 0x00, 'i'};
	static const uint8_t shortstr[] = {0x00, 0x05, 'a', 'p', 'i'};
	char out[8];
	struct ibuf b;

	(void)state;
	ibuf_init(&b, good, sizeof(good));
	assert_int_equal(ibuf_get_str(&b, out, sizeof(out)), 0);
	assert_string_equal(out, "api");
	assert_int_equal(b.off, 5);
	/* The empty string. */
	assert_int_equal(ibuf_get_str(&b, out, sizeof(out)), 0);
	assert_string_equal(out, "");
	assert_int_equal(b.off, 7);
	/* No room: "api" needs 4 bytes with its NUL. */
	ibuf_init(&b, good, sizeof(good));
	assert_int_equal(ibuf_get_str(&b, out, 3), -EBADMSG);
	assert_int_equal(b.off, 0);
	assert_int_equal(ibuf_get_str(&b, out, 4), 0);
	assert_string_equal(out, "api");

	ibuf_init(&b, nul, sizeof(nul));
	assert_int_equal(ibuf_get_str(&b, out, sizeof(out)), -EBADMSG);
	assert_int_equal(b.off, 0);
	ibuf_init(&b, shortstr, sizeof(shortstr));
	assert_int_equal(ibuf_get_str(&b, out, sizeof(out)), -EBADMSG);
	assert_int_equal(b.off, 0);
	ibuf_init(&b, shortstr, 1);
	assert_int_equal(ibuf_get_str(&b, out, sizeof(out)), -EBADMSG);
	assert_int_equal(b.off, 0);
}

static void
test_obuf_grow(void **state)
{
	struct obuf b;
	char chunk[100];
	size_t len;
	char *p;

	(void)state;
	obuf_init(&b, 1 << 20);
	memset(chunk, 'x', sizeof(chunk));
	for (int i = 0; i < 50; i++)
		obuf_put(&b, chunk, sizeof(chunk));
	assert_false(obuf_failed(&b));
	assert_int_equal(b.len, 5000);
	assert_int_equal(b.data[4999], 'x');
	assert_int_equal(b.data[5000], '\0');
	obuf_clear(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	obuf_puts(&b, "abc");
	obuf_putc(&b, '-');
	obuf_printf(&b, "%d/%s", 42, "z");
	assert_string_equal(b.data, "abc-42/z");
	assert_int_equal(b.len, 8);
	p = obuf_steal(&b, &len);
	assert_int_equal(len, 8);
	assert_string_equal(p, "abc-42/z");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.max, 1 << 20);
	free(p);
	obuf_puts(&b, "again");
	assert_string_equal(b.data, "again");
	obuf_reset(&b);
	assert_null(b.data);
}

/* Up to the cap exactly; one byte more fails, and sticks until clear. */
static void
test_obuf_cap(void **state)
{
	struct obuf b;

	(void)state;
	obuf_init(&b, 10);
	obuf_puts(&b, "0123456789");
	assert_false(obuf_failed(&b));
	assert_int_equal(b.len, 10);
	assert_string_equal(b.data, "0123456789");
	obuf_putc(&b, 'x');
	assert_true(obuf_failed(&b));
	assert_int_equal(b.len, 10);
	assert_string_equal(b.data, "0123456789");
	obuf_clear(&b);
	assert_false(obuf_failed(&b));
	obuf_puts(&b, "01234");
	obuf_puts(&b, "567890");
	assert_true(obuf_failed(&b));
	assert_string_equal(b.data, "01234");
	/* Once failed, even a write that would fit is ignored. */
	obuf_putc(&b, 'y');
	assert_string_equal(b.data, "01234");
	obuf_reset(&b);

	obuf_init(&b, 10);
	obuf_printf(&b, "%s", "0123456789");
	assert_false(obuf_failed(&b));
	obuf_clear(&b);
	obuf_printf(&b, "%s", "0123456789A");
	assert_true(obuf_failed(&b));
	assert_int_equal(b.len, 0);
	obuf_reset(&b);

	obuf_init(&b, 1 << 20);
	obuf_put(&b, "", 0);
	assert_false(obuf_failed(&b));
	assert_int_equal(b.len, 0);
	obuf_reset(&b);
}

static void
test_obuf_integers(void **state)
{
	static const uint8_t want[] = {0xab, 0x12, 0x34, 0xde, 0xad, 0xbe, 0xef,
	    0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x00, 0x02, 'h',
	    'i'};
	struct obuf b;
	char *big;

	(void)state;
	obuf_init(&b, 1 << 20);
	obuf_put_u8(&b, 0xab);
	obuf_put_u16(&b, 0x1234);
	obuf_put_u32(&b, 0xdeadbeef);
	obuf_put_u64(&b, 0x0102030405060708ULL);
	obuf_put_str(&b, "hi");
	assert_int_equal(b.len, sizeof(want));
	assert_memory_equal(b.data, want, sizeof(want));

	/* A string too long for its u16 length. */
	big = malloc(70000);
	assert_non_null(big);
	memset(big, 'a', 69999);
	big[69999] = '\0';
	obuf_clear(&b);
	obuf_put_str(&b, big);
	assert_true(obuf_failed(&b));
	assert_int_equal(b.len, 0);
	big[65535] = '\0';
	obuf_clear(&b);
	obuf_put_str(&b, big);
	assert_false(obuf_failed(&b));
	assert_int_equal(b.len, 65537);
	assert_int_equal((uint8_t)b.data[0], 0xff);
	assert_int_equal((uint8_t)b.data[1], 0xff);
	free(big);
	obuf_reset(&b);
}

/* Parse a jsonw result with jansson: the output must always be valid. */
static void
assert_valid_json(const struct obuf *b)
{
	json_error_t jerr;
	json_t *v = json_loadb(b->data, b->len, JSON_DECODE_ANY, &jerr);

	if (v == NULL)
		fail_msg("not JSON (%s): %s", jerr.text, b->data);
	json_decref(v);
}

static void
test_jsonw_structure(void **state)
{
	struct obuf b;
	struct jsonw w;

	(void)state;
	obuf_init(&b, 4096);
	jsonw_init(&w, &b);
	jsonw_obj_open(&w);
	jsonw_kint(&w, "a", -5);
	jsonw_key(&w, "b");
	jsonw_arr_open(&w);
	jsonw_bool(&w, 1);
	jsonw_null(&w);
	jsonw_str(&w, "x");
	jsonw_uint(&w, 12884901888ULL);
	jsonw_arr_close(&w);
	jsonw_key(&w, "c");
	jsonw_obj_open(&w);
	jsonw_obj_close(&w);
	jsonw_key(&w, "d");
	jsonw_arr_open(&w);
	jsonw_arr_close(&w);
	jsonw_kbool(&w, "e", 0);
	jsonw_kuint(&w, "f", 7);
	jsonw_key(&w, "g");
	jsonw_raw(&w, "{\"stored\":[1,2]}");
	jsonw_kstr_or_null(&w, "h", "");
	jsonw_kstr_or_null(&w, "i", "v");
	jsonw_kint(&w, "j", INT64_MIN);
	jsonw_obj_close(&w);
	assert_false(obuf_failed(&b));
	assert_string_equal(b.data,
	    "{\"a\":-5,\"b\":[true,null,\"x\",12884901888],"
	    "\"c\":{},\"d\":[],\"e\":false,\"f\":7,\"g\":{\"stored\":[1,2]},"
	    "\"h\":null,\"i\":\"v\",\"j\":-9223372036854775808}");
	assert_valid_json(&b);

	/* The full u64 range (past what jansson reads, so no parse here). */
	obuf_clear(&b);
	jsonw_init(&w, &b);
	jsonw_arr_open(&w);
	jsonw_uint(&w, UINT64_MAX);
	jsonw_int(&w, INT64_MAX);
	jsonw_arr_close(&w);
	assert_string_equal(
	    b.data, "[18446744073709551615,9223372036854775807]");

	/* Top-level values in sequence are comma-separated too. */
	obuf_clear(&b);
	jsonw_init(&w, &b);
	jsonw_arr_open(&w);
	jsonw_arr_open(&w);
	jsonw_int(&w, 1);
	jsonw_arr_close(&w);
	jsonw_arr_open(&w);
	jsonw_arr_close(&w);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "k", "v");
	jsonw_obj_close(&w);
	jsonw_arr_close(&w);
	assert_string_equal(b.data, "[[1],[],{\"k\":\"v\"}]");
	obuf_reset(&b);
}

static void
test_jsonw_escaping(void **state)
{
	struct obuf b;
	struct jsonw w;

	(void)state;
	obuf_init(&b, 4096);
	jsonw_init(&w, &b);
	jsonw_str(&w, "q\"b\\s/\n\t\x01\x1f\x7f");
	assert_string_equal(
	    b.data, "\"q\\\"b\\\\s/\\u000a\\u0009\\u0001\\u001f\x7f\"");
	assert_valid_json(&b);

	/* Keys are escaped the same way. */
	obuf_clear(&b);
	jsonw_init(&w, &b);
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "k\"\n", "v");
	jsonw_obj_close(&w);
	assert_string_equal(b.data, "{\"k\\\"\\u000a\":\"v\"}");
	assert_valid_json(&b);

	/* jsonw_strn stops at n, NULs inside are escaped. */
	obuf_clear(&b);
	jsonw_init(&w, &b);
	jsonw_strn(&w, "a\0bcd", 3);
	assert_int_equal(b.len, 10);
	assert_memory_equal(b.data, "\"a\\u0000b\"", 10);
	obuf_reset(&b);
}

static void
expect_str(const char *in, size_t n, const char *want)
{
	struct obuf b;
	struct jsonw w;

	obuf_init(&b, 4096);
	jsonw_init(&w, &b);
	jsonw_strn(&w, in, n);
	if (strcmp(b.data, want) != 0)
		fail_msg("got %s, wanted %s", b.data, want);
	assert_valid_json(&b);
	obuf_reset(&b);
}

#define FFFD "\xef\xbf\xbd"

static void
test_jsonw_utf8(void **state)
{
	(void)state;
	/* Valid sequences of 2, 3 and 4 bytes pass through. */
	expect_str("caf\xc3\xa9", 5, "\"caf\xc3\xa9\"");
	expect_str("\xe2\x82\xac", 3, "\"\xe2\x82\xac\"");
	expect_str("\xf0\x9f\x98\x80", 4, "\"\xf0\x9f\x98\x80\"");
	expect_str("\xf4\x8f\xbf\xbf", 4, "\"\xf4\x8f\xbf\xbf\"");
	/* A lone byte that cannot start a sequence. */
	expect_str("a\xff"
	           "b",
	    3, "\"a" FFFD "b\"");
	expect_str("\x80", 1, "\"" FFFD "\"");
	/* Truncated at the end of input. */
	expect_str("ab\xc3", 3, "\"ab" FFFD "\"");
	expect_str("\xe2\x82", 2, "\"" FFFD FFFD "\"");
	/* Overlong encodings of '/'. */
	expect_str("\xc0\xaf", 2, "\"" FFFD FFFD "\"");
	expect_str("\xe0\x80\xaf", 3, "\"" FFFD FFFD FFFD "\"");
	/* A UTF-16 surrogate, and a code point past U+10FFFF. */
	expect_str("\xed\xa0\x80", 3, "\"" FFFD FFFD FFFD "\"");
	expect_str("\xf4\x90\x80\x80", 4, "\"" FFFD FFFD FFFD FFFD "\"");
	/* A lead byte followed by ASCII: the ASCII survives. */
	expect_str("\xc3"
	           "A",
	    2, "\"" FFFD "A\"");
}

static void
test_jsonw_numbers_and_time(void **state)
{
	struct obuf b;
	struct jsonw w;

	(void)state;
	obuf_init(&b, 4096);
	jsonw_init(&w, &b);
	jsonw_arr_open(&w);
	jsonw_double(&w, 0.5);
	jsonw_double(&w, NAN);
	jsonw_double(&w, INFINITY);
	jsonw_arr_close(&w);
	assert_string_equal(b.data, "[0.5,null,null]");

	obuf_clear(&b);
	jsonw_init(&w, &b);
	jsonw_obj_open(&w);
	jsonw_ktime(&w, "t", 1700000000);
	jsonw_ktime(&w, "z", 0);
	jsonw_ktime(&w, "e", 1);
	jsonw_obj_close(&w);
	assert_string_equal(b.data,
	    "{\"t\":\"2023-11-14T22:13:20Z\","
	    "\"z\":null,\"e\":\"1970-01-01T00:00:01Z\"}");
	obuf_reset(&b);
}

static void
test_jsonw_depth_and_cap(void **state)
{
	struct obuf b;
	struct jsonw w;
	int i;

	(void)state;
	obuf_init(&b, 4096);
	jsonw_init(&w, &b);
	for (i = 0; i < JSONW_MAX_DEPTH - 1; i++)
		jsonw_arr_open(&w);
	assert_false(obuf_failed(&b));
	jsonw_arr_open(&w);
	assert_true(obuf_failed(&b));
	obuf_reset(&b);

	/* Output past the obuf cap fails the buffer. */
	obuf_init(&b, 8);
	jsonw_init(&w, &b);
	jsonw_str(&w, "0123456789");
	assert_true(obuf_failed(&b));
	obuf_reset(&b);
}

static void
test_ipaddr(void **state)
{
	static const char *const bad[] = {"", "256.0.0.1", "1.2.3", "1.2.3.4.5",
	    "01.2.3.4", " 1.2.3.4", "1.2.3.4 ", "::g", "[::1]",
	    "1:2:3:4:5:6:7:8:9", "fe80::1%eth0", "10.0.0.0/8", "localhost"};
	struct ipaddr a;
	char out[ADDR_STRLEN];

	(void)state;
	assert_int_equal(ipaddr_parse("10.64.0.7", &a), 0);
	assert_int_equal(a.family, AF_INET);
	assert_int_equal(a.bytes[0], 10);
	assert_int_equal(a.bytes[1], 64);
	assert_int_equal(a.bytes[3], 7);
	ipaddr_format(&a, out, sizeof(out));
	assert_string_equal(out, "10.64.0.7");
	assert_int_equal(ipaddr_parse("2001:0DB8:0000:0000::0001", &a), 0);
	assert_int_equal(a.family, AF_INET6);
	assert_int_equal(a.bytes[0], 0x20);
	assert_int_equal(a.bytes[3], 0xb8);
	assert_int_equal(a.bytes[15], 1);
	ipaddr_format(&a, out, sizeof(out));
	assert_string_equal(out, "2001:db8::1");
	assert_int_equal(ipaddr_parse("::ffff:10.1.2.3", &a), 0);
	assert_int_equal(a.family, AF_INET6);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (ipaddr_parse(bad[i], &a) != -EINVAL)
			fail_msg("address \"%s\" was accepted", bad[i]);
}

static void
test_cidr_parse(void **state)
{
	static const struct {
		const char *in;
		int rc;
	} cases[] = {
	    {"10.64.0.0/10", 0},
	    {"0.0.0.0/0", 0},
	    {"1.2.3.4/32", 0},
	    {"2001:db8::/32", 0},
	    {"::/0", 0},
	    {"2001:db8::1/128", 0},
	    /* Host bits set: a typo, refused rather than widened. */
	    {"10.64.0.1/10", -ERANGE},
	    {"10.65.0.0/10", -ERANGE},
	    {"10.64.0.0/9", -ERANGE},
	    {"1.2.3.4/31", 0},
	    {"1.2.3.5/31", -ERANGE},
	    {"2001:db8::1/64", -ERANGE},
	    {"2001:db8:8000::/33", 0},
	    {"2001:db8:4000::/33", -ERANGE},
	    {"10.64.0.0", -EINVAL},
	    {"10.64.0.0/", -EINVAL},
	    {"10.64.0.0/33", -EINVAL},
	    {"2001:db8::/129", -EINVAL},
	    {"10.64.0.0/-1", -EINVAL},
	    {"10.64.0.0/+8", -EINVAL},
	    {"10.64.0.0/ 8", -EINVAL},
	    {"10.64.0.0/10x", -EINVAL},
	    {"10.64.0.0/10/10", -EINVAL},
	    {"/8", -EINVAL},
	    {"10.64/10", -EINVAL},
	    {"10.64.0.0/99999999999999999999", -EINVAL},
	    {"0000:0000:0000:0000:0000:0000:0000:0000:0000/8", -EINVAL},
	};
	struct cidr c;
	char out[CIDR_STRLEN];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = cidr_parse(cases[i].in, &c);

		if (rc != cases[i].rc)
			fail_msg("cidr_parse(\"%s\") = %d, wanted %d",
			    cases[i].in, rc, cases[i].rc);
	}
	assert_int_equal(cidr_parse("10.64.0.0/10", &c), 0);
	assert_int_equal(c.prefix, 10);
	assert_int_equal(c.net.family, AF_INET);
	cidr_format(&c, out, sizeof(out));
	assert_string_equal(out, "10.64.0.0/10");
	assert_int_equal(cidr_parse("2001:DB8:0::/48", &c), 0);
	cidr_format(&c, out, sizeof(out));
	assert_string_equal(out, "2001:db8::/48");
}

static int
contains(const char *net, const char *addr)
{
	struct cidr c;
	struct ipaddr a;

	assert_int_equal(cidr_parse(net, &c), 0);
	assert_int_equal(ipaddr_parse(addr, &a), 0);
	return cidr_contains(&c, &a);
}

static void
test_cidr_contains(void **state)
{
	(void)state;
	assert_true(contains("10.64.0.0/10", "10.64.0.0"));
	assert_true(contains("10.64.0.0/10", "10.64.0.1"));
	assert_true(contains("10.64.0.0/10", "10.127.255.255"));
	assert_false(contains("10.64.0.0/10", "10.128.0.0"));
	assert_false(contains("10.64.0.0/10", "10.63.255.255"));
	assert_false(contains("10.64.0.0/10", "11.64.0.1"));
	assert_true(contains("0.0.0.0/0", "255.255.255.255"));
	assert_true(contains("1.2.3.4/32", "1.2.3.4"));
	assert_false(contains("1.2.3.4/32", "1.2.3.5"));
	assert_true(contains("192.168.1.128/25", "192.168.1.200"));
	assert_false(contains("192.168.1.128/25", "192.168.1.127"));
	assert_true(contains("2001:db8:100::/48", "2001:db8:100:ffff::1"));
	assert_false(contains("2001:db8:100::/48", "2001:db8:101::1"));
	assert_true(contains("::/0", "::1"));
	/* Families never mix, not even ::/0 with IPv4 or v4-mapped. */
	assert_false(contains("::/0", "10.0.0.1"));
	assert_false(contains("0.0.0.0/0", "::1"));
	assert_false(contains("10.0.0.0/8", "::ffff:10.0.0.1"));
}

static int
overlaps(const char *x, const char *y)
{
	struct cidr a, b;
	int r1, r2;

	assert_int_equal(cidr_parse(x, &a), 0);
	assert_int_equal(cidr_parse(y, &b), 0);
	r1 = cidr_overlaps(&a, &b);
	r2 = cidr_overlaps(&b, &a);
	if (r1 != r2)
		fail_msg("overlaps(%s, %s) is not symmetric", x, y);
	return r1;
}

static void
test_cidr_overlaps(void **state)
{
	(void)state;
	assert_true(overlaps("10.0.0.0/8", "10.64.0.0/10"));
	assert_true(overlaps("10.64.0.0/10", "10.64.0.0/10"));
	assert_true(overlaps("10.64.0.0/10", "10.100.1.0/24"));
	assert_false(overlaps("10.64.0.0/10", "10.128.0.0/10"));
	assert_false(overlaps("10.64.0.0/10", "10.0.0.0/10"));
	assert_false(overlaps("192.168.0.0/24", "192.168.1.0/24"));
	assert_true(overlaps("0.0.0.0/0", "192.168.1.0/24"));
	assert_false(overlaps("10.0.0.0/8", "2001:db8::/32"));
	assert_true(overlaps("2001:db8::/32", "2001:db8:100::/48"));
	assert_false(overlaps("2001:db8::/32", "2001:db9::/32"));
}

static void
test_hostport(void **state)
{
	static const char *const bad[] = {"", "127.0.0.1",
	    "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:80x",
	    "127.0.0.1:+80", "127.0.0.1:-1", "127.0.0.1: 80", ":80",
	    "localhost:80", "::1:80", "[::1]80", "[::1]", "[::1:80", "[]:80",
	    "1.2.3.256:80", "127.0.0.1:99999999999999999999"};
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	socklen_t len = 0;
	char out[INET6_ADDRSTRLEN];

	(void)state;
	assert_int_equal(hostport_parse("127.0.0.1:8740", &ss, &len), 0);
	assert_int_equal(ss.ss_family, AF_INET);
	assert_int_equal(len, sizeof(struct sockaddr_in));
	assert_int_equal(ntohs(sin->sin_port), 8740);
	assert_int_equal(ntohl(sin->sin_addr.s_addr), 0x7f000001);

	assert_int_equal(hostport_parse("[2001:db8::5]:443", &ss, &len), 0);
	assert_int_equal(ss.ss_family, AF_INET6);
	assert_int_equal(len, sizeof(struct sockaddr_in6));
	assert_int_equal(ntohs(sin6->sin6_port), 443);
	inet_ntop(AF_INET6, &sin6->sin6_addr, out, sizeof(out));
	assert_string_equal(out, "2001:db8::5");

	assert_int_equal(hostport_parse("0.0.0.0:65535", &ss, &len), 0);
	assert_int_equal(ntohs(sin->sin_port), 65535);
	assert_int_equal(hostport_parse("[::]:1", &ss, &len), 0);
	assert_int_equal(ntohs(sin6->sin6_port), 1);

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (hostport_parse(bad[i], &ss, &len) != -EINVAL)
			fail_msg("hostport \"%s\" was accepted", bad[i]);
}

static void
test_size_parse(void **state)
{
	static const struct {
		const char *in;
		uint64_t want;
	} good[] = {
	    {"0", 0},
	    {"1048576", 1048576},
	    {"512k", 512000},
	    {"512K", 512000},
	    {"1kb", 1000},
	    {"1M", 1000000},
	    {"1m", 1000000},
	    {"5G", 5000000000ULL},
	    {"5GB", 5000000000ULL},
	    {"2T", 2000000000000ULL},
	    {"10b", 10},
	    {"1KiB", 1024},
	    {"256MiB", 268435456},
	    {"1gib", 1073741824},
	    {"1TiB", 1099511627776ULL},
	    {"18446744073709551615", UINT64_MAX},
	    {"18446744073709551b", 18446744073709551ULL},
	    {"17179869183GiB", 18446744072635809792ULL},
	    {"18446744T", 18446744000000000000ULL},
	};
	static const struct {
		const char *in;
		int rc;
	} bad[] = {
	    {"18446744073709551616", -ERANGE},
	    {"99999999999999999999999", -ERANGE},
	    {"18446744073709551615k", -ERANGE},
	    {"17179869184GiB", -ERANGE},
	    {"18446745T", -ERANGE},
	    {"", -EINVAL},
	    {"k", -EINVAL},
	    {"-1", -EINVAL},
	    {"+1", -EINVAL},
	    {" 1", -EINVAL},
	    {"1 k", -EINVAL},
	    {"1k ", -EINVAL},
	    {"1.5G", -EINVAL},
	    {"1X", -EINVAL},
	    {"1Ki", -EINVAL},
	    {"1kk", -EINVAL},
	    {"0x10", -EINVAL},
	};
	uint64_t v;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		v = 12345;
		if (size_parse(good[i].in, &v) != 0 || v != good[i].want)
			fail_msg("size_parse(\"%s\") = %llu", good[i].in,
			    (unsigned long long)v);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc;

		v = 12345;
		rc = size_parse(bad[i].in, &v);
		if (rc != bad[i].rc || v != 12345)
			fail_msg("size_parse(\"%s\") = %d, wanted %d",
			    bad[i].in, rc, bad[i].rc);
	}
}

static void
test_size_format(void **state)
{
	static const struct {
		uint64_t in;
		const char *want;
	} cases[] = {
	    {0, "0 B"},
	    {999, "999 B"},
	    {1000, "1.0 kB"},
	    {1049, "1.0 kB"},
	    {1050, "1.1 kB"},
	    {1500, "1.5 kB"},
	    {999949, "999.9 kB"},
	    {999950, "1.0 MB"},
	    {5000000000ULL, "5.0 GB"},
	    {6000000020ULL, "6.0 GB"},
	    {1234567890123ULL, "1.2 TB"},
	    {UINT64_MAX, "18446.7 PB"},
	};
	char out[SIZE_STRLEN];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_format(cases[i].in, out);
		if (strcmp(out, cases[i].want) != 0)
			fail_msg("size_format(%llu) = \"%s\", wanted \"%s\"",
			    (unsigned long long)cases[i].in, out,
			    cases[i].want);
	}
}

/* Days since 1970 in UTC, checked against known dates (date -u -d). */
static void
test_day(void **state)
{
	static const struct {
		const char *s;
		int64_t day;
	} good[] = {
	    {"1970-01-01", 0},
	    {"1970-01-02", 1},
	    {"2000-02-29", 11016},
	    {"2000-03-01", 11017},
	    {"2026-11-22", 20779},
	    {"2100-03-01", 47541},
	    {"9999-12-31", 2932896},
	};
	static const char *const bad[] = {"", "1969-12-31", "2026-02-29",
	    "2100-02-29", "2026-13-01", "2026-00-10", "2026-01-00",
	    "2026-04-31", "2026-1-01", "2026-01-011", "2026/01/01",
	    "20260101", " 2026-01-01", "2026-01-0a", "+026-01-01"};
	char out[DAY_STRLEN];
	int64_t d;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (day_parse(good[i].s, &d) != 0 || d != good[i].day)
			fail_msg("day_parse(\"%s\") = %lld", good[i].s,
			    (long long)d);
		day_format(good[i].day, out);
		assert_string_equal(out, good[i].s);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (day_parse(bad[i], &d) != -EINVAL)
			fail_msg("day_parse(\"%s\") was accepted", bad[i]);
	assert_int_equal(day_of(0), 0);
	assert_int_equal(day_of(86399), 0);
	assert_int_equal(day_of(86400), 1);
	assert_int_equal(day_of(-1), -1);
	assert_int_equal(day_of(1795305599), 20778); /* 2026-11-21 */
	assert_int_equal(day_of(1795305600), 20779);
	assert_int_equal(day_month_start(20779), 20758); /* 2026-11-01 */
	assert_int_equal(day_month_start(20758), 20758);
	assert_int_equal(day_month_start(11016), 10988); /* 2000-02-01 */
}

static void
test_token_generate(void **state)
{
	/* 256 bits = 42 sextets and 4 bits: the last character carries 4
	 * bits and two zero bits, so only every fourth symbol can end it. */
	static const char last_ok[] = "AEIMQUYcgkosw048";
	char tok[100][TOKEN_STRLEN];

	(void)state;
	for (int i = 0; i < 100; i++) {
		assert_int_equal(token_generate(tok[i], TOKEN_STRLEN), 0);
		assert_int_equal(strlen(tok[i]), TOKEN_STRLEN - 1);
		assert_int_equal(strncmp(tok[i], "alk_", 4), 0);
		assert_true(token_wellformed(tok[i]));
		assert_int_equal(strspn(tok[i] + 4, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		                                    "abcdefghijklmnopqrstuvwxyz"
		                                    "0123456789-_"),
		    43);
		if (strchr(last_ok, tok[i][46]) == NULL)
			fail_msg(
			    "%s: last character carries stray bits", tok[i]);
		for (int j = 0; j < i; j++)
			if (strcmp(tok[i], tok[j]) == 0)
				fail_msg("token %d repeats token %d", i, j);
	}
	assert_int_equal(token_generate(tok[0], TOKEN_STRLEN - 1), -ENOSPC);
}

static void
test_token_wellformed(void **state)
{
	static const char *const bad[] = {
	    "",
	    "alk_",
	    "alk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",   /* 42 */
	    "alk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", /* 44 */
	    "alx_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	    "ALK_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	    "alk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+",
	    "alk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/",
	    "alk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
	    "alk_AAAAAAAAAAAAAAAAAAAAA AAAAAAAAAAAAAAAAAAAAA",
	};

	(void)state;
	assert_true(token_wellformed(
	    "alk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
	assert_true(token_wellformed(
	    "alk_zZ09-_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (token_wellformed(bad[i]))
			fail_msg("token \"%s\" is called well-formed", bad[i]);
}

static void
assert_hash(const char *in, const char *hex)
{
	uint8_t h[TOKEN_HASH_LEN];
	char got[2 * TOKEN_HASH_LEN + 1];

	memset(h, 0, sizeof(h));
	token_hash(in, h);
	for (size_t i = 0; i < TOKEN_HASH_LEN; i++)
		snprintf(got + 2 * i, 3, "%02x", h[i]);
	assert_string_equal(got, hex);
}

static void
test_token_hash(void **state)
{
	(void)state;
	/* FIPS 180-2 vectors, then a token-shaped string (Python hashlib). */
	assert_hash("abc", "ba7816bf8f01cfea414140de5dae2223"
	                   "b00361a396177a9cb410ff61f20015ad");
	assert_hash("", "e3b0c44298fc1c149afbf4c8996fb924"
	                "27ae41e4649b934ca495991b7852b855");
	assert_hash("alk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	    "a8c30028241220e0367c499f221beb87"
	    "ffb95938fc4fffb93dc963b14a5965c6");
}

static void
test_roles(void **state)
{
	enum role r = ROLE_NONE;

	(void)state;
	assert_int_equal(role_parse("viewer", &r), 0);
	assert_int_equal(r, ROLE_VIEWER);
	assert_int_equal(role_parse("operator", &r), 0);
	assert_int_equal(r, ROLE_OPERATOR);
	assert_int_equal(role_parse("admin", &r), 0);
	assert_int_equal(r, ROLE_ADMIN);
	/* "none" is a state, not a role anyone can be given. */
	assert_int_equal(role_parse("none", &r), -EINVAL);
	assert_int_equal(role_parse("Admin", &r), -EINVAL);
	assert_int_equal(role_parse("", &r), -EINVAL);
	assert_int_equal(role_parse("root", &r), -EINVAL);
	assert_int_equal(r, ROLE_ADMIN);
	assert_string_equal(role_name(ROLE_NONE), "none");
	assert_string_equal(role_name(ROLE_OPERATOR), "operator");
	assert_string_equal(role_name((enum role)99), "unknown");
}

/* What a large table checks before it claims its memory: a little fits,
 * more than any machine has is refused with both figures named. */
static void
test_mem_check(void **state)
{
	char err[256] = "";

	(void)state;
	assert_true(mem_available() > 0); /* Linux has MemAvailable */
	assert_int_equal(mem_check(4096, "a page", err, sizeof(err)), 0);
	assert_int_equal(
	    mem_check(UINT64_MAX / 2, "the tables", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "the tables need 9223.4 PB"));
	assert_non_null(strstr(err, "available"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ibuf_integers),
	    cmocka_unit_test(test_ibuf_short),
	    cmocka_unit_test(test_ibuf_str),
	    cmocka_unit_test(test_obuf_grow),
	    cmocka_unit_test(test_obuf_cap),
	    cmocka_unit_test(test_obuf_integers),
	    cmocka_unit_test(test_jsonw_structure),
	    cmocka_unit_test(test_jsonw_escaping),
	    cmocka_unit_test(test_jsonw_utf8),
	    cmocka_unit_test(test_jsonw_numbers_and_time),
	    cmocka_unit_test(test_jsonw_depth_and_cap),
	    cmocka_unit_test(test_ipaddr),
	    cmocka_unit_test(test_cidr_parse),
	    cmocka_unit_test(test_cidr_contains),
	    cmocka_unit_test(test_cidr_overlaps),
	    cmocka_unit_test(test_hostport),
	    cmocka_unit_test(test_size_parse),
	    cmocka_unit_test(test_size_format),
	    cmocka_unit_test(test_day),
	    cmocka_unit_test(test_token_generate),
	    cmocka_unit_test(test_token_wellformed),
	    cmocka_unit_test(test_token_hash),
	    cmocka_unit_test(test_roles),
	    cmocka_unit_test(test_mem_check),
	};

	return cmocka_run_group_tests_name("common", tests, NULL, NULL);
}
