/*
 * Device records: the rules of their fields and their JSON form.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "registry/device.h"

static struct cidr zone;

static int
setup(void **state)
{
	(void)state;
	return cidr_parse("10.64.0.0/10", &zone);
}

/* Apply a JSON text to d; returns the error count, fills errs. */
static int
apply(struct device *d, const char *text, struct field_errors *errs)
{
	json_error_t jerr;
	json_t *obj = json_loads(text, 0, &jerr);
	int n;

	assert_non_null(obj);
	memset(errs, 0, sizeof(*errs));
	n = device_json_apply(d, obj, &zone, 1, errs);
	json_decref(obj);
	return n;
}

static void
test_fields_are_canonical(void **state)
{
	struct device d = {.risk_score = -1};
	struct field_errors errs;

	(void)state;
	assert_int_equal(apply(&d, "{\"mac\":\"00-1A-2b-3C-4d-5E\","
	    "\"ip\":\"10.64.0.10\",\"name\":\"meter 1\","
	    "\"sim\":\"89441000000000000018\",\"profile\":\"meter\"}", &errs), 0);
	assert_string_equal(d.mac, "00:1a:2b:3c:4d:5e");
	assert_string_equal(d.name, "meter 1");
	assert_string_equal(d.sim, "89441000000000000018");
	assert_string_equal(d.profile, "meter");
	assert_string_equal(d.ip, "10.64.0.10");
	/* A leading zero could mean octal to some tools: refused. */
	assert_int_equal(apply(&d, "{\"ip\":\"10.64.0.010\"}", &errs), 1);
}

static void
test_every_bad_field_is_named(void **state)
{
	struct device d = {.risk_score = -1};
	struct field_errors errs;

	(void)state;
	assert_int_equal(apply(&d, "{\"mac\":\"00:11:22:33:44\","
	    "\"ip\":\"192.168.1.1\",\"sim\":\"89441000000000000019\","
	    "\"colour\":\"red\",\"vendor\":7}", &errs), 5);
	assert_string_equal(errs.e[0].field, "mac");
	assert_string_equal(errs.e[1].field, "ip");
	assert_non_null(strstr(errs.e[1].msg, "outside"));
	assert_string_equal(errs.e[2].field, "sim");
	assert_string_equal(errs.e[3].field, "colour");
	assert_string_equal(errs.e[4].field, "vendor");
}

static void
test_scanner_fields_are_read_only(void **state)
{
	struct device d = {.risk_score = -1};
	struct field_errors errs;

	(void)state;
	assert_int_equal(apply(&d, "{\"risk_score\":99,\"last_scan\":5,"
	    "\"id\":7,\"name\":\"x\"}", &errs), 0);
	assert_int_equal(d.risk_score, -1);
	assert_int_equal(d.last_scan, 0);
	assert_int_equal(d.id, 0);
}

static void
test_null_clears_and_text_is_checked(void **state)
{
	struct device d = {.risk_score = -1};
	struct field_errors errs;

	(void)state;
	assert_int_equal(apply(&d, "{\"ip\":\"10.64.0.9\"}", &errs), 0);
	assert_int_equal(apply(&d, "{\"ip\":null}", &errs), 0);
	assert_string_equal(d.ip, "");
	assert_int_equal(apply(&d, "{\"firmware\":\"a\\u0001b\"}", &errs), 1);
	assert_int_equal(apply(&d, "{\"model\":\"" "0123456789012345678901234"
	    "5678901234567890123456789012345678901234\"}", &errs), 1);
	assert_non_null(strstr(errs.e[0].msg, "too long"));
}

static void
test_json_round_trip(void **state)
{
	struct device d = {.id = 3, .risk_score = 42}, back = {.risk_score = -1};
	struct field_errors errs;
	struct obuf ob;
	struct jsonw w;

	(void)state;
	strcpy(d.name, "cam \"north\"");
	strcpy(d.ip, "10.64.1.2");
	obuf_init(&ob, 4096);
	jsonw_init(&w, &ob);
	device_json_write(&w, &d);
	assert_non_null(strstr(ob.data, "\"risk_score\":42"));
	assert_non_null(strstr(ob.data, "\"sim\":null"));
	assert_int_equal(apply(&back, ob.data, &errs), 0);
	assert_string_equal(back.name, d.name);
	assert_string_equal(back.ip, d.ip);
	obuf_reset(&ob);
}

/* The state is written, and changes only through quarantine and release:
 * the same value back passes, another is refused and leaves it be. */
static void
test_state_is_written_not_applied(void **state)
{
	struct device d = {.id = 4, .risk_score = -1,
	    .state = DEVICE_QUARANTINED};
	struct field_errors errs;
	struct obuf ob;
	struct jsonw w;

	(void)state;
	obuf_init(&ob, 4096);
	jsonw_init(&w, &ob);
	device_json_write(&w, &d);
	assert_non_null(strstr(ob.data, "\"state\":\"quarantined\""));
	obuf_reset(&ob);
	assert_int_equal(apply(&d, "{\"state\":\"quarantined\"}", &errs), 0);
	assert_int_equal(apply(&d, "{\"state\":\"active\"}", &errs), 1);
	assert_string_equal(errs.e[0].field, "state");
	assert_non_null(strstr(errs.e[0].msg, "quarantine"));
	assert_int_equal(d.state, DEVICE_QUARANTINED);
	d.state = DEVICE_ACTIVE;
	assert_int_equal(apply(&d, "{\"state\":\"quarantined\"}", &errs), 1);
	assert_int_equal(apply(&d, "{\"state\":1}", &errs), 1);
	assert_int_equal(d.state, DEVICE_ACTIVE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fields_are_canonical),
	    cmocka_unit_test(test_every_bad_field_is_named),
	    cmocka_unit_test(test_scanner_fields_are_read_only),
	    cmocka_unit_test(test_null_clears_and_text_is_checked),
	    cmocka_unit_test(test_json_round_trip),
	    cmocka_unit_test(test_state_is_written_not_applied),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
