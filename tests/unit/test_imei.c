/*
 * The IMEI binding rules (registry/imei.c): names, the match rules and the
 * state of a binding.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "registry/imei.h"

#define IMEI "490154203237518"
#define IMEISV "4901542032375101"    /* the same device, software 01 */
#define SAME_MODEL "490154209999990" /* same TAC, another handset */
#define OTHER "356938035643809"

static void
test_names(void **state)
{
	enum imei_policy p;
	enum imei_match m;

	(void)state;
	assert_int_equal(imei_policy_parse("learn", &p), 0);
	assert_int_equal(p, IMEI_POLICY_LEARN);
	assert_int_equal(imei_policy_parse("fixed", &p), 0);
	assert_int_equal(p, IMEI_POLICY_FIXED);
	assert_int_equal(imei_policy_parse("Learn", &p), -1);
	assert_int_equal(imei_policy_parse("", &p), -1);
	assert_int_equal(imei_match_parse("tac", &m), 0);
	assert_int_equal(m, IMEI_MATCH_TAC);
	assert_int_equal(imei_match_parse("full", &m), 0);
	assert_int_equal(m, IMEI_MATCH_FULL);
	assert_int_equal(imei_match_parse("imei", &m), -1);
	assert_string_equal(
	    imei_status_name(IMEI_STATUS_UNKNOWN), "imei_unknown");
	assert_string_equal(imei_status_name((enum imei_status)42), "unknown");
}

static void
test_matches_full(void **state)
{
	(void)state;
	assert_int_equal(imei_matches(IMEI, IMEI, IMEI_MATCH_FULL), 1);
	/* an IMEISV names the same device as its IMEI, either way round */
	assert_int_equal(imei_matches(IMEI, IMEISV, IMEI_MATCH_FULL), 1);
	assert_int_equal(imei_matches(IMEISV, IMEI, IMEI_MATCH_FULL), 1);
	assert_int_equal(
	    imei_matches(IMEISV, "4901542032375199", IMEI_MATCH_FULL), 1);
	assert_int_equal(imei_matches(IMEI, SAME_MODEL, IMEI_MATCH_FULL), 0);
	assert_int_equal(imei_matches(IMEI, OTHER, IMEI_MATCH_FULL), 0);
	/* the serial number's last digit counts */
	assert_int_equal(
	    imei_matches(IMEI, "490154203237528", IMEI_MATCH_FULL), 0);
	/* a bare TAC is compared as one; nothing matches nothing */
	assert_int_equal(imei_matches("49015420", IMEI, IMEI_MATCH_FULL), 1);
	assert_int_equal(imei_matches("49015420", OTHER, IMEI_MATCH_FULL), 0);
	assert_int_equal(imei_matches(IMEI, "49015420", IMEI_MATCH_FULL), 0);
	assert_int_equal(imei_matches(IMEI, "", IMEI_MATCH_FULL), 0);
	assert_int_equal(imei_matches("", "", IMEI_MATCH_FULL), 0);
	assert_int_equal(
	    imei_matches(IMEI, "4901542032375x8", IMEI_MATCH_FULL), 0);
}

static void
test_matches_tac(void **state)
{
	(void)state;
	assert_int_equal(imei_matches(IMEI, SAME_MODEL, IMEI_MATCH_TAC), 1);
	assert_int_equal(imei_matches("49015420", IMEISV, IMEI_MATCH_TAC), 1);
	assert_int_equal(imei_matches("49015420", OTHER, IMEI_MATCH_TAC), 0);
	assert_int_equal(imei_matches("4901542", IMEI, IMEI_MATCH_TAC), 0);
	assert_int_equal(imei_matches(IMEI, "4901542", IMEI_MATCH_TAC), 0);
	assert_int_equal(
	    imei_matches("4901542a", "4901542a", IMEI_MATCH_TAC), 0);
}

static void
test_status(void **state)
{
	(void)state;
	assert_int_equal(imei_binding_status(
	                     IMEI_POLICY_OFF, IMEI_MATCH_FULL, IMEI, OTHER, 5),
	    IMEI_STATUS_OFF);
	assert_int_equal(imei_binding_status(
	                     IMEI_POLICY_LEARN, IMEI_MATCH_FULL, "", IMEI, 5),
	    IMEI_STATUS_UNBOUND);
	assert_int_equal(imei_binding_status(
	                     IMEI_POLICY_LEARN, IMEI_MATCH_FULL, IMEI, "", 0),
	    IMEI_STATUS_BOUND);
	assert_int_equal(imei_binding_status(IMEI_POLICY_FIXED, IMEI_MATCH_FULL,
	                     IMEI, IMEISV, 5),
	    IMEI_STATUS_BOUND);
	assert_int_equal(imei_binding_status(IMEI_POLICY_FIXED, IMEI_MATCH_FULL,
	                     IMEI, SAME_MODEL, 5),
	    IMEI_STATUS_MISMATCH);
	assert_int_equal(imei_binding_status(IMEI_POLICY_FIXED, IMEI_MATCH_TAC,
	                     IMEI, SAME_MODEL, 5),
	    IMEI_STATUS_BOUND);
	assert_int_equal(imei_binding_status(
	                     IMEI_POLICY_LEARN, IMEI_MATCH_FULL, IMEI, "", 5),
	    IMEI_STATUS_UNKNOWN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_matches_full),
	    cmocka_unit_test(test_matches_tac),
	    cmocka_unit_test(test_status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
