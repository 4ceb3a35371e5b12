/*
 * The identifier validators. Every check-digit vector here was computed
 * independently of the code under test (the classic Luhn example
 * 79927398713, the well-known IMEI example 490154203237518, and ICCIDs whose
 * check digits were computed with a separate Luhn in Python), so that a
 * wrong Luhn cannot agree with itself.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "registry/validate.h"

/* why must be set and say something about part. */
static void
assert_why(const char *why, const char *part)
{
	assert_non_null(why);
	if (strstr(why, part) == NULL)
		fail_msg("reason \"%s\" does not mention \"%s\"", why, part);
}

static void
fill(char *buf, char c, size_t n)
{
	memset(buf, c, n);
	buf[n] = '\0';
}

static void
test_luhn_vectors(void **state)
{
	(void)state;
	/* The classic Luhn example, the IMEI example, a test card number. */
	assert_int_equal(luhn_valid("79927398713", 11), 1);
	assert_int_equal(luhn_valid("490154203237518", 15), 1);
	assert_int_equal(luhn_valid("4111111111111111", 16), 1);
	assert_int_equal(luhn_valid("8910042348144559361", 19), 1);
	assert_int_equal(luhn_valid("89357110010000000012", 20), 1);
	/* Wrong check digit, adjacent transpositions. */
	assert_int_equal(luhn_valid("79927398710", 11), 0);
	assert_int_equal(luhn_valid("79927398712", 11), 0);
	assert_int_equal(luhn_valid("79927398731", 11), 0);
	assert_int_equal(luhn_valid("490154203237519", 15), 0);
	assert_int_equal(luhn_valid("490154203237581", 15), 0);
	assert_int_equal(luhn_valid("490154203237158", 15), 0);
}

/* Luhn catches every single-digit substitution: try them all. */
static void
test_luhn_every_substitution(void **state)
{
	const char *good = "490154203237518";
	char buf[16];
	int tried = 0;

	(void)state;
	for (size_t i = 0; i < 15; i++) {
		for (char d = '0'; d <= '9'; d++) {
			if (d == good[i])
				continue;
			memcpy(buf, good, sizeof(buf));
			buf[i] = d;
			if (luhn_valid(buf, 15))
				fail_msg("%s passed Luhn", buf);
			tried++;
		}
	}
	assert_int_equal(tried, 15 * 9);
}

static void
test_luhn_edges(void **state)
{
	(void)state;
	/* Only the first n bytes count. */
	assert_int_equal(luhn_valid("79927398713xyz", 11), 1);
	assert_int_equal(luhn_valid("799273987130", 11), 1);
	assert_int_equal(luhn_valid("00", 2), 1);
	assert_int_equal(luhn_valid("0", 1), 0);
	assert_int_equal(luhn_valid("", 0), 0);
	assert_int_equal(luhn_valid("7992739871a", 11), 0);
	assert_int_equal(luhn_valid("7992 398713", 11), 0);
}

static void
test_iccid_good(void **state)
{
	const char *why = NULL;

	(void)state;
	assert_int_equal(valid_iccid("8910042348144559361", &why), 0);
	assert_int_equal(valid_iccid("8944100000000000000", &why), 0);
	assert_int_equal(valid_iccid("89441000000000000018", &why), 0);
	assert_int_equal(valid_iccid("89357110010000000012", &why), 0);
	assert_int_equal(valid_iccid("89012601234567890121", &why), 0);
	assert_null(why);
}

static void
test_iccid_bad(void **state)
{
	const char *why;

	(void)state;
	why = NULL;
	assert_int_equal(valid_iccid("", &why), -EINVAL);
	assert_why(why, "required");
	why = NULL;
	assert_int_equal(valid_iccid("8944100000000000001X", &why), -EINVAL);
	assert_why(why, "digits");
	why = NULL;
	assert_int_equal(valid_iccid(" 8910042348144559361", &why), -EINVAL);
	assert_why(why, "digits");
	why = NULL;
	/* 18 and 21 digits, each with a valid Luhn digit. */
	assert_int_equal(valid_iccid("891004234814455936", &why), -EINVAL);
	assert_why(why, "19 or 20");
	why = NULL;
	assert_int_equal(valid_iccid("894410000000000000182", &why), -EINVAL);
	assert_why(why, "19 or 20");
	why = NULL;
	/* Luhn-valid, but not the 89 telecom prefix. */
	assert_int_equal(valid_iccid("8810042348144559363", &why), -EINVAL);
	assert_why(why, "89");
	why = NULL;
	assert_int_equal(valid_iccid("1234567890123456785", &why), -EINVAL);
	assert_why(why, "89");
	why = NULL;
	/* One digit changed; two digits swapped. */
	assert_int_equal(valid_iccid("8910042348144559362", &why), -EINVAL);
	assert_why(why, "Luhn");
	why = NULL;
	assert_int_equal(valid_iccid("8910042348144595361", &why), -EINVAL);
	assert_why(why, "Luhn");
	why = NULL;
	assert_int_equal(valid_iccid("89441000000000000081", &why), -EINVAL);
	assert_why(why, "Luhn");
	why = NULL;
	assert_int_equal(valid_iccid("89357110010000000021", &why), -EINVAL);
	assert_why(why, "Luhn");
}

static void
test_imsi(void **state)
{
	const char *why = NULL;

	(void)state;
	assert_int_equal(valid_imsi("234150999999999", &why), 0);
	assert_int_equal(valid_imsi("001010123456789", &why), 0);
	assert_null(why);
	assert_int_equal(valid_imsi("23415099999999", &why), -EINVAL);
	assert_why(why, "15");
	why = NULL;
	assert_int_equal(valid_imsi("2341509999999999", &why), -EINVAL);
	assert_why(why, "15");
	why = NULL;
	assert_int_equal(valid_imsi("", &why), -EINVAL);
	assert_non_null(why);
	why = NULL;
	assert_int_equal(valid_imsi("23415099999999a", &why), -EINVAL);
	assert_why(why, "digits");
}

static void
test_msisdn_good(void **state)
{
	char out[17];
	const char *why = NULL;

	(void)state;
	assert_int_equal(
	    valid_msisdn("+447700900123", out, sizeof(out), &why), 0);
	assert_string_equal(out, "+447700900123");
	memset(out, 'x', sizeof(out));
	assert_int_equal(
	    valid_msisdn("447700900123", out, sizeof(out), &why), 0);
	assert_string_equal(out, "+447700900123");
	/* The shortest and the longest E.164 numbers. */
	assert_int_equal(valid_msisdn("123456", out, sizeof(out), &why), 0);
	assert_string_equal(out, "+123456");
	assert_int_equal(
	    valid_msisdn("+123456789012345", out, sizeof(out), &why), 0);
	assert_string_equal(out, "+123456789012345");
	assert_null(why);
	/* Exactly enough room: '+', 6 digits, NUL. */
	assert_int_equal(valid_msisdn("123456", out, 8, &why), 0);
	assert_string_equal(out, "+123456");
}

static void
test_msisdn_bad(void **state)
{
	char out[17] = "untouched";
	const char *why;

	(void)state;
	why = NULL;
	assert_int_equal(
	    valid_msisdn("12345", out, sizeof(out), &why), -EINVAL);
	assert_why(why, "6 to 15");
	why = NULL;
	assert_int_equal(
	    valid_msisdn("+1234567890123456", out, sizeof(out), &why), -EINVAL);
	assert_why(why, "6 to 15");
	why = NULL;
	assert_int_equal(
	    valid_msisdn("07700900123", out, sizeof(out), &why), -EINVAL);
	assert_why(why, "0");
	why = NULL;
	assert_int_equal(
	    valid_msisdn("+07700900123", out, sizeof(out), &why), -EINVAL);
	assert_non_null(why);
	why = NULL;
	assert_int_equal(
	    valid_msisdn("+44 7700 900123", out, sizeof(out), &why), -EINVAL);
	assert_why(why, "digits");
	why = NULL;
	assert_int_equal(
	    valid_msisdn("++447700900123", out, sizeof(out), &why), -EINVAL);
	assert_non_null(why);
	why = NULL;
	assert_int_equal(valid_msisdn("", out, sizeof(out), &why), -EINVAL);
	assert_non_null(why);
	why = NULL;
	assert_int_equal(valid_msisdn("+", out, sizeof(out), &why), -EINVAL);
	assert_non_null(why);
	why = NULL;
	/* One byte short of "+123456" and its NUL. */
	assert_int_equal(valid_msisdn("123456", out, 7, &why), -EINVAL);
	assert_why(why, "too long");
	assert_string_equal(out, "untouched");
}

static void
test_imei(void **state)
{
	const char *why = NULL;

	(void)state;
	assert_int_equal(valid_imei("490154203237518", 0, &why), 0);
	assert_int_equal(valid_imei("353325100000003", 0, &why), 0);
	assert_int_equal(valid_imei("860000000000009", 1, &why), 0);
	/* IMEISV: 14 digits, then a 2-digit software version. */
	assert_int_equal(valid_imei("4901542032375101", 0, &why), 0);
	assert_int_equal(valid_imei("35332510", 1, &why), 0);
	assert_null(why);

	assert_int_equal(valid_imei("35332510", 0, &why), -EINVAL);
	assert_why(why, "15");
	why = NULL;
	assert_int_equal(valid_imei("490154203237519", 0, &why), -EINVAL);
	assert_why(why, "Luhn");
	why = NULL;
	assert_int_equal(valid_imei("490154203237581", 1, &why), -EINVAL);
	assert_why(why, "Luhn");
	why = NULL;
	assert_int_equal(valid_imei("49015420323751", 1, &why), -EINVAL);
	assert_why(why, "TAC");
	why = NULL;
	assert_int_equal(valid_imei("4901542032375181", 1, &why), 0);
	assert_int_equal(valid_imei("49015420323751812", 1, &why), -EINVAL);
	assert_non_null(why);
	why = NULL;
	assert_int_equal(valid_imei("3533251", 1, &why), -EINVAL);
	assert_non_null(why);
	why = NULL;
	assert_int_equal(valid_imei("49015420323751x", 1, &why), -EINVAL);
	assert_why(why, "digits");
	why = NULL;
	assert_int_equal(valid_imei("", 1, &why), -EINVAL);
	assert_non_null(why);
}

static void
test_apn_good(void **state)
{
	char out[101];
	char in[128];
	const char *why = NULL;

	(void)state;
	assert_int_equal(
	    valid_apn("Internet.Example-1.COM", out, sizeof(out), &why), 0);
	assert_string_equal(out, "internet.example-1.com");
	assert_int_equal(valid_apn("m2m", out, sizeof(out), &why), 0);
	assert_string_equal(out, "m2m");
	assert_int_equal(valid_apn("a-b-c.1", out, sizeof(out), &why), 0);
	assert_string_equal(out, "a-b-c.1");
	/* A 63-byte label; a 100-byte name (63 + '.' + 36). */
	fill(in, 'A', 63);
	assert_int_equal(valid_apn(in, out, sizeof(out), &why), 0);
	fill(in, 'a', 63);
	assert_string_equal(out, in);
	fill(in, 'b', 100);
	in[63] = '.';
	assert_int_equal(valid_apn(in, out, sizeof(out), &why), 0);
	assert_string_equal(out, in);
	assert_null(why);
}

static void
test_apn_bad(void **state)
{
	static const char *const bad[] = {".internet", "internet.", "a..b",
	    "-internet", "internet-", "a-.b", "a.-b", "inter_net", "inter net",
	    "internet/1", "\xc3\xa9t\xc3\xa9"};
	char out[101];
	char in[128];
	const char *why;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		if (valid_apn(bad[i], out, sizeof(out), &why) != -EINVAL)
			fail_msg("APN \"%s\" was accepted", bad[i]);
		assert_non_null(why);
	}
	why = NULL;
	assert_int_equal(valid_apn("", out, sizeof(out), &why), -EINVAL);
	assert_why(why, "1 to 100");
	why = NULL;
	fill(in, 'a', 64);
	assert_int_equal(valid_apn(in, out, sizeof(out), &why), -EINVAL);
	assert_why(why, "63");
	why = NULL;
	fill(in, 'a', 101);
	in[50] = '.';
	assert_int_equal(valid_apn(in, out, sizeof(out), &why), -EINVAL);
	assert_why(why, "100");
	why = NULL;
	assert_int_equal(valid_apn("internet", out, 8, &why), -EINVAL);
	assert_why(why, "too long");
	why = NULL;
	assert_int_equal(valid_apn("internet", out, 9, &why), 0);
	assert_string_equal(out, "internet");
}

static void
test_name(void **state)
{
	static const char *const good[] = {
	    "meter", "Meter-v2.1_a", "0day", "a"};
	static const char *const bad[] = {"", "-meter", "_meter", ".meter",
	    "me ter", "me/ter", "me:ter", "m\xc3\xa9ter"};
	char in[80];
	const char *why;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		why = NULL;
		if (valid_name(good[i], &why) != 0)
			fail_msg("name \"%s\" refused: %s", good[i], why);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		if (valid_name(bad[i], &why) != -EINVAL)
			fail_msg("name \"%s\" was accepted", bad[i]);
		assert_non_null(why);
	}
	fill(in, 'n', 63);
	assert_int_equal(valid_name(in, &why), 0);
	fill(in, 'n', 64);
	why = NULL;
	assert_int_equal(valid_name(in, &why), -EINVAL);
	assert_why(why, "63");
}

static void
test_labels_canonical(void **state)
{
	char out[256];
	const char *why = NULL;

	(void)state;
	assert_int_equal(valid_labels("site=leeds;zone=north,app=meter", out,
	                     sizeof(out), &why),
	    0);
	assert_string_equal(out, "app=meter,site=leeds,zone=north");
	/* Empty items are skipped; an empty list is fine. */
	assert_int_equal(valid_labels(";b=2,,a=1;", out, sizeof(out), &why), 0);
	assert_string_equal(out, "a=1,b=2");
	memset(out, 'x', sizeof(out));
	assert_int_equal(valid_labels("", out, sizeof(out), &why), 0);
	assert_string_equal(out, "");
	/* Values may be empty and hold spaces and other punctuation. */
	assert_int_equal(
	    valid_labels("note=hello world!,e=", out, sizeof(out), &why), 0);
	assert_string_equal(out, "e=,note=hello world!");
	assert_int_equal(
	    valid_labels("k.1_x-y=\"q\"", out, sizeof(out), &why), 0);
	assert_string_equal(out, "k.1_x-y=\"q\"");
	assert_null(why);
}

static void
test_labels_limits(void **state)
{
	char out[1200], in[1200], key[40], val[80];
	const char *why = NULL;
	size_t len = 0;

	(void)state;
	fill(key, 'k', 32);
	fill(val, 'v', 64);
	snprintf(in, sizeof(in), "%s=%s", key, val);
	assert_int_equal(valid_labels(in, out, sizeof(out), &why), 0);
	assert_string_equal(out, in);

	fill(key, 'k', 33);
	snprintf(in, sizeof(in), "%s=v", key);
	assert_int_equal(valid_labels(in, out, sizeof(out), &why), -EINVAL);
	assert_why(why, "32");
	why = NULL;
	fill(val, 'v', 65);
	snprintf(in, sizeof(in), "k=%s", val);
	assert_int_equal(valid_labels(in, out, sizeof(out), &why), -EINVAL);
	assert_why(why, "64");
	why = NULL;

	/* Sixteen labels are allowed, the seventeenth is not. */
	for (int i = 0; i < 16; i++)
		len += (size_t)snprintf(
		    in + len, sizeof(in) - len, "k%02d=%d;", i, i);
	assert_int_equal(valid_labels(in, out, sizeof(out), &why), 0);
	assert_int_equal(strncmp(out, "k00=0,k01=1,", 12), 0);
	snprintf(in + len, sizeof(in) - len, "k16=16");
	assert_int_equal(valid_labels(in, out, sizeof(out), &why), -EINVAL);
	assert_why(why, "16");
	why = NULL;

	/* The canonical form must fit the caller's buffer. */
	assert_int_equal(valid_labels("a=1,b=2", out, 8, &why), 0);
	assert_string_equal(out, "a=1,b=2");
	assert_int_equal(valid_labels("a=1,b=2", out, 7, &why), -EINVAL);
	assert_why(why, "too long");
}

static void
test_labels_bad(void **state)
{
	static const struct {
		const char *in;
		const char *why;
	} bad[] = {
	    {"site", "key=value"},
	    {"=leeds", "1 to 32"},
	    {"Site=leeds", "a-z"},
	    {"si te=leeds", "a-z"},
	    {"site=le=eds", "printable"},
	    {"site=le\teds", "printable"},
	    {"site=l\xc3\xa9"
	     "eds",
	        "printable"},
	    {"site=leeds;site=york", "twice"},
	    {"b=1,a=1,b=2", "twice"},
	};
	char out[256];
	const char *why;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		if (valid_labels(bad[i].in, out, sizeof(out), &why) != -EINVAL)
			fail_msg("labels \"%s\" were accepted", bad[i].in);
		assert_why(why, bad[i].why);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_luhn_vectors),
	    cmocka_unit_test(test_luhn_every_substitution),
	    cmocka_unit_test(test_luhn_edges),
	    cmocka_unit_test(test_iccid_good),
	    cmocka_unit_test(test_iccid_bad),
	    cmocka_unit_test(test_imsi),
	    cmocka_unit_test(test_msisdn_good),
	    cmocka_unit_test(test_msisdn_bad),
	    cmocka_unit_test(test_imei),
	    cmocka_unit_test(test_apn_good),
	    cmocka_unit_test(test_apn_bad),
	    cmocka_unit_test(test_name),
	    cmocka_unit_test(test_labels_canonical),
	    cmocka_unit_test(test_labels_limits),
	    cmocka_unit_test(test_labels_bad),
	};

	return cmocka_run_group_tests_name("validate", tests, NULL, NULL);
}
