/*
 * The SIM record: field parsing, whole-record checks, the state machine,
 * and the JSON form (written with jsonw, read back with jansson).
 */
#include <errno.h>
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
#include "common/jsonw.h"
#include "common/obuf.h"
#include "registry/sim.h"
#include "registry/sim_json.h"
#include "registry/sim_pack.h"

#define ICCID_A "8910042348144559361"
#define ICCID_B "89357110010000000012"
#define IMEI_A "490154203237518"

static void
set_ok(struct sim *s, const char *field, const char *value)
{
	struct field_error fe = {{0}, {0}};

	if (sim_set_field(s, field, value, &fe) != 0)
		fail_msg(
		    "%s=\"%s\" refused: %s %s", field, value, fe.field, fe.msg);
}

/* Refused, with fe naming the field and the message mentioning part. */
static void
set_bad(struct sim *s, const char *field, const char *value, const char *part)
{
	struct field_error fe = {{0}, {0}};

	if (sim_set_field(s, field, value, &fe) != -EINVAL)
		fail_msg("%s=\"%s\" was accepted", field, value);
	assert_string_equal(fe.field, field);
	if (strstr(fe.msg, part) == NULL)
		fail_msg("%s=\"%s\": \"%s\" does not mention \"%s\"", field,
		    value, fe.msg, part);
}

static void
nets_init(struct cidr nets[2])
{
	assert_int_equal(cidr_parse("10.64.0.0/10", &nets[0]), 0);
	assert_int_equal(cidr_parse("2001:db8:100::/48", &nets[1]), 0);
}

/* A record with every field set. */
static void
full_sim(struct sim *s)
{
	sim_init(s);
	set_ok(s, "iccid", ICCID_A);
	set_ok(s, "imsi", "234150999999999");
	set_ok(s, "msisdn", "447700900123");
	set_ok(s, "apn", "M2M.Example");
	set_ok(s, "static_ip", "10.64.0.7");
	set_ok(s, "state", "suspended");
	set_ok(s, "imei_policy", "fixed");
	set_ok(s, "imei_match", "tac");
	set_ok(s, "bound_imei", "35332510");
	set_ok(s, "data_limit", "500M");
	set_ok(s, "profile", "meter");
	set_ok(s, "labels", "site=leeds;app=meter");
	s->created = 1795341600;
	s->updated = 1700000000;
	s->last_seen = 0;
}

static void
test_init_and_names(void **state)
{
	struct sim s;
	enum sim_state st;
	enum sim_action a;

	(void)state;
	memset(&s, 0x5a, sizeof(s));
	sim_init(&s);
	assert_int_equal(s.state, SIM_ACTIVE);
	assert_int_equal(s.imei_policy, IMEI_POLICY_OFF);
	assert_int_equal(s.imei_match, IMEI_MATCH_FULL);
	assert_string_equal(s.iccid, "");
	assert_string_equal(s.labels, "");
	assert_int_equal(s.data_limit, 0);

	assert_string_equal(sim_state_name(SIM_QUARANTINED), "quarantined");
	assert_string_equal(sim_state_name(SIM_STATE_COUNT), "unknown");
	assert_int_equal(sim_state_parse("blocked", &st), 0);
	assert_int_equal(st, SIM_BLOCKED);
	assert_int_equal(sim_state_parse("Blocked", &st), -EINVAL);
	assert_string_equal(imei_policy_name(IMEI_POLICY_LEARN), "learn");
	assert_string_equal(imei_match_name(IMEI_MATCH_TAC), "tac");
	assert_string_equal(sim_action_name(SIM_RELEASE), "release");
	assert_string_equal(sim_action_name(SIM_ACTION_COUNT), "unknown");
	assert_int_equal(sim_action_parse("quarantine", &a), 0);
	assert_int_equal(a, SIM_QUARANTINE);
	assert_int_equal(sim_action_parse("delete", &a), -EINVAL);
	assert_int_equal(sim_field_known("bound_imei"), 1);
	assert_int_equal(sim_field_known("created"), 0);
	assert_int_equal(sim_field_known(""), 0);
}

static void
test_set_every_field(void **state)
{
	struct sim s;

	(void)state;
	full_sim(&s);
	assert_string_equal(s.iccid, ICCID_A);
	assert_string_equal(s.imsi, "234150999999999");
	assert_string_equal(s.msisdn, "+447700900123");
	assert_string_equal(s.apn, "m2m.example");
	assert_string_equal(s.static_ip, "10.64.0.7");
	assert_int_equal(s.state, SIM_SUSPENDED);
	assert_int_equal(s.imei_policy, IMEI_POLICY_FIXED);
	assert_int_equal(s.imei_match, IMEI_MATCH_TAC);
	assert_string_equal(s.bound_imei, "35332510");
	assert_int_equal(s.data_limit, 500000000);
	assert_string_equal(s.profile, "meter");
	assert_string_equal(s.labels, "app=meter,site=leeds");

	set_ok(&s, "iccid", ICCID_B);
	assert_string_equal(s.iccid, ICCID_B);
	set_ok(&s, "static_ip", "2001:DB8:100:0:0::1");
	assert_string_equal(s.static_ip, "2001:db8:100::1");
	set_ok(&s, "data_limit", "1GiB");
	assert_int_equal(s.data_limit, 1073741824);
	set_ok(&s, "data_limit", "123");
	assert_int_equal(s.data_limit, 123);
	set_ok(&s, "data_limit", "9223372036854775807");
	assert_true(s.data_limit == INT64_MAX);
	set_ok(&s, "bound_imei", "4901542032375101");
	assert_string_equal(s.bound_imei, "4901542032375101");
	set_ok(&s, "state", "quarantined");
	assert_int_equal(s.state, SIM_QUARANTINED);
	set_ok(&s, "imei_policy", "learn");
	assert_int_equal(s.imei_policy, IMEI_POLICY_LEARN);
	set_ok(&s, "imei_match", "full");
	assert_int_equal(s.imei_match, IMEI_MATCH_FULL);
}

static void
test_set_bad_values(void **state)
{
	struct sim s;

	(void)state;
	sim_init(&s);
	set_bad(&s, "iccid", "8910042348144559362", "Luhn");
	set_bad(&s, "iccid", "", "required");
	set_bad(&s, "imsi", "23415099999999", "15");
	set_bad(&s, "msisdn", "0447700900123", "E.164");
	set_bad(&s, "apn", "m2m_example", "letters");
	set_bad(&s, "static_ip", "10.64.0.256", "address");
	set_bad(&s, "static_ip", "10.64.0.0/10", "address");
	set_bad(&s, "state", "paused",
	    "must be one of active, suspended, quarantined, blocked");
	set_bad(&s, "state", "", "must be one of");
	set_bad(&s, "imei_policy", "always", "off, learn, fixed");
	set_bad(&s, "imei_match", "partial", "full, tac");
	set_bad(&s, "bound_imei", "490154203237519", "Luhn");
	set_bad(&s, "data_limit", "5 GB", "byte count");
	set_bad(&s, "data_limit", "-1", "byte count");
	/* Past INT64_MAX: neither the store nor a JSON reader can hold it. */
	set_bad(&s, "data_limit", "9223372036854775808", "at most");
	set_bad(&s, "data_limit", "18446744073709551615", "at most");
	set_bad(&s, "data_limit", "9223373T", "at most");
	set_bad(&s, "profile", "-meter", "letter or digit");
	set_bad(&s, "labels", "Site=leeds", "key");
	set_bad(&s, "colour", "red", "not a SIM field");
	set_bad(&s, "created", "1", "not a SIM field");
}

/* A refused value must not leave anything behind in the record. */
static void
test_set_bad_keeps_old_value(void **state)
{
	struct sim s, before;
	struct field_error fe;
	static const struct {
		const char *field;
		const char *value;
	} bad[] = {
	    {"iccid", "89100423481445593"},
	    {"imsi", "2341509999"},
	    {"msisdn", "+0123"},
	    {"apn", "zzzzzzzzzzzzzzzzzzzzzzzz_"},
	    {"apn", "abcdefghijklmnopqrstuvwxyz.-"},
	    {"static_ip", "10.64.0"},
	    {"state", "x"},
	    {"imei_policy", "x"},
	    {"imei_match", "x"},
	    {"bound_imei", "1234"},
	    {"data_limit", "x"},
	    {"profile", "a b"},
	    {"labels", "zz=1,aa=2,zz=3"},
	    {"labels", "aaaaaaaaaaaaaaaaaaaaaaaaaa=1,b=2,C=3"},
	};

	(void)state;
	full_sim(&s);
	memcpy(&before, &s, sizeof(s));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (sim_set_field(&s, bad[i].field, bad[i].value, &fe) !=
		    -EINVAL)
			fail_msg("%s=%s accepted", bad[i].field, bad[i].value);
		if (memcmp(&s, &before, sizeof(s)) != 0)
			fail_msg("%s=\"%s\" was refused but changed the record",
			    bad[i].field, bad[i].value);
	}
}

static void
test_empty_clears_optional(void **state)
{
	static const char *const optional[] = {"imsi", "msisdn", "apn",
	    "static_ip", "bound_imei", "profile", "labels"};
	struct sim s;

	(void)state;
	full_sim(&s);
	for (size_t i = 0; i < sizeof(optional) / sizeof(optional[0]); i++)
		set_ok(&s, optional[i], "");
	set_ok(&s, "data_limit", "");
	assert_string_equal(s.imsi, "");
	assert_string_equal(s.msisdn, "");
	assert_string_equal(s.apn, "");
	assert_string_equal(s.static_ip, "");
	assert_string_equal(s.bound_imei, "");
	assert_string_equal(s.profile, "");
	assert_string_equal(s.labels, "");
	assert_int_equal(s.data_limit, 0);
	/* Required and enumerated fields are not cleared by "". */
	assert_string_equal(s.iccid, ICCID_A);
	assert_int_equal(s.state, SIM_SUSPENDED);
}

static void
check_fails(const struct sim *s, const struct cidr *nets, size_t n,
    const char *field, const char *part)
{
	struct field_error fe = {{0}, {0}};

	assert_int_equal(sim_check(s, nets, n, &fe), -EINVAL);
	assert_string_equal(fe.field, field);
	if (strstr(fe.msg, part) == NULL)
		fail_msg("\"%s\" does not mention \"%s\"", fe.msg, part);
}

static void
test_check(void **state)
{
	struct cidr nets[2];
	struct field_error fe;
	struct sim s;

	(void)state;
	nets_init(nets);
	sim_init(&s);
	check_fails(&s, nets, 2, "iccid", "required");
	set_ok(&s, "iccid", ICCID_A);
	assert_int_equal(sim_check(&s, nets, 2, &fe), 0);

	/* static_ip inside the first, the second, or neither network. */
	set_ok(&s, "static_ip", "10.127.255.254");
	assert_int_equal(sim_check(&s, nets, 2, &fe), 0);
	set_ok(&s, "static_ip", "2001:db8:100:ffff::9");
	assert_int_equal(sim_check(&s, nets, 2, &fe), 0);
	check_fails(&s, nets, 1, "static_ip", "outside");
	set_ok(&s, "static_ip", "10.128.0.1");
	check_fails(&s, nets, 2, "static_ip", "outside");
	set_ok(&s, "static_ip", "10.63.255.255");
	check_fails(&s, nets, 2, "static_ip", "outside");
	set_ok(&s, "static_ip", "2001:db8:101::1");
	check_fails(&s, nets, 2, "static_ip", "outside");
	set_ok(&s, "static_ip", "10.64.0.1");
	check_fails(&s, nets, 0, "static_ip", "outside");
	set_ok(&s, "static_ip", "");
	assert_int_equal(sim_check(&s, nets, 0, &fe), 0);

	/* A fixed IMEI policy needs an IMEI; a bare TAC needs tac match. */
	set_ok(&s, "imei_policy", "fixed");
	check_fails(&s, nets, 2, "bound_imei", "required");
	set_ok(&s, "bound_imei", IMEI_A);
	assert_int_equal(sim_check(&s, nets, 2, &fe), 0);
	set_ok(&s, "bound_imei", "35332510");
	check_fails(&s, nets, 2, "bound_imei", "tac");
	set_ok(&s, "imei_match", "tac");
	assert_int_equal(sim_check(&s, nets, 2, &fe), 0);
	set_ok(&s, "imei_policy", "learn");
	set_ok(&s, "bound_imei", "");
	assert_int_equal(sim_check(&s, nets, 2, &fe), 0);
}

/* The whole state machine, every state against every action. */
static void
test_transition_matrix(void **state)
{
	/* -1: refused with -EPERM. */
	static const int want[SIM_STATE_COUNT][SIM_ACTION_COUNT] = {
	    /* activate, suspend, block, quarantine, release */
	    [SIM_ACTIVE] = {SIM_ACTIVE, SIM_SUSPENDED, SIM_BLOCKED,
	        SIM_QUARANTINED, -1},
	    [SIM_SUSPENDED] = {SIM_ACTIVE, SIM_SUSPENDED, SIM_BLOCKED,
	        SIM_QUARANTINED, -1},
	    [SIM_QUARANTINED] = {-1, -1, SIM_BLOCKED, SIM_QUARANTINED,
	        SIM_ACTIVE},
	    [SIM_BLOCKED] = {SIM_ACTIVE, -1, SIM_BLOCKED, -1, -1},
	};

	(void)state;
	for (int from = 0; from < SIM_STATE_COUNT; from++) {
		for (int a = 0; a < SIM_ACTION_COUNT; a++) {
			enum sim_state to = SIM_STATE_COUNT;
			const char *why = NULL;
			int rc = sim_transition((enum sim_state)from,
			    (enum sim_action)a, &to, &why);

			if (want[from][a] < 0) {
				if (rc != -EPERM)
					fail_msg("%s from %s: rc %d",
					    sim_action_name((enum sim_action)a),
					    sim_state_name(
					        (enum sim_state)from),
					    rc);
				assert_non_null(why);
				assert_true(strlen(why) > 0);
				assert_int_equal(to, SIM_STATE_COUNT);
			} else {
				if (rc != 0 || (int)to != want[from][a])
					fail_msg("%s from %s: rc %d, to %s",
					    sim_action_name((enum sim_action)a),
					    sim_state_name(
					        (enum sim_state)from),
					    rc, sim_state_name(to));
			}
		}
	}
}

static void
test_transition_bad_action(void **state)
{
	enum sim_state to = SIM_ACTIVE;
	const char *why = NULL;

	(void)state;
	assert_int_equal(
	    sim_transition(SIM_ACTIVE, SIM_ACTION_COUNT, &to, &why), -EINVAL);
	assert_int_equal(
	    sim_transition(SIM_ACTIVE, (enum sim_action) - 1, &to, &why),
	    -EINVAL);
	assert_int_equal(to, SIM_ACTIVE);
}

static void
test_field_errors_cap(void **state)
{
	struct field_errors errs = {0};
	struct field_error *e;

	(void)state;
	for (size_t i = 0; i < FIELD_ERRORS_MAX; i++) {
		e = field_errors_next(&errs);
		assert_ptr_equal(e, &errs.e[i]);
	}
	assert_int_equal(errs.n, FIELD_ERRORS_MAX);
	/* Past the cap: writable scratch outside the list. */
	e = field_errors_next(&errs);
	assert_non_null(e);
	for (size_t i = 0; i < FIELD_ERRORS_MAX; i++)
		assert_ptr_not_equal(e, &errs.e[i]);
	snprintf(e->field, sizeof(e->field), "x");
	assert_int_equal(errs.n, FIELD_ERRORS_MAX);
}

/* sim_json_write output, parsed by jansson. The caller frees. */
static json_t *
write_parse(const struct sim *s, struct obuf *ob)
{
	struct jsonw w;
	json_error_t jerr;
	json_t *root;

	obuf_init(ob, 1 << 16);
	jsonw_init(&w, ob);
	sim_json_write(&w, s);
	assert_false(obuf_failed(ob));
	root = json_loadb(ob->data, ob->len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		fail_msg("invalid JSON (%s): %s", jerr.text, ob->data);
	return root;
}

static const char *
jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v))
		fail_msg("%s is not a string", key);
	return json_string_value(v);
}

static void
test_json_write(void **state)
{
	struct sim s;
	struct obuf ob;
	json_t *root, *labels;

	(void)state;
	full_sim(&s);
	root = write_parse(&s, &ob);
	assert_int_equal(json_object_size(root), 15);
	assert_string_equal(jstr(root, "iccid"), ICCID_A);
	assert_string_equal(jstr(root, "imsi"), "234150999999999");
	assert_string_equal(jstr(root, "msisdn"), "+447700900123");
	assert_string_equal(jstr(root, "apn"), "m2m.example");
	assert_string_equal(jstr(root, "static_ip"), "10.64.0.7");
	assert_string_equal(jstr(root, "state"), "suspended");
	assert_string_equal(jstr(root, "imei_policy"), "fixed");
	assert_string_equal(jstr(root, "imei_match"), "tac");
	assert_string_equal(jstr(root, "bound_imei"), "35332510");
	assert_int_equal(
	    json_integer_value(json_object_get(root, "data_limit")), 500000000);
	assert_string_equal(jstr(root, "profile"), "meter");
	assert_string_equal(jstr(root, "created"), "2026-11-22T10:00:00Z");
	assert_string_equal(jstr(root, "updated"), "2023-11-14T22:13:20Z");
	assert_true(json_is_null(json_object_get(root, "last_seen")));
	labels = json_object_get(root, "labels");
	assert_true(json_is_object(labels));
	assert_int_equal(json_object_size(labels), 2);
	assert_string_equal(jstr(labels, "site"), "leeds");
	assert_string_equal(jstr(labels, "app"), "meter");
	json_decref(root);
	obuf_reset(&ob);

	/* Empty optional fields are null, empty labels an empty object. */
	sim_init(&s);
	set_ok(&s, "iccid", ICCID_B);
	root = write_parse(&s, &ob);
	assert_true(json_is_null(json_object_get(root, "imsi")));
	assert_true(json_is_null(json_object_get(root, "static_ip")));
	assert_true(json_is_null(json_object_get(root, "profile")));
	assert_true(json_is_null(json_object_get(root, "created")));
	assert_int_equal(
	    json_integer_value(json_object_get(root, "data_limit")), 0);
	assert_int_equal(json_object_size(json_object_get(root, "labels")), 0);
	assert_string_equal(jstr(root, "state"), "active");
	json_decref(root);
	obuf_reset(&ob);
}

/* What the API writes, the API reads back to the same record. */
static void
test_json_round_trip(void **state)
{
	struct sim s, back;
	struct field_errors errs = {0};
	struct obuf ob;
	json_t *root;

	(void)state;
	full_sim(&s);
	root = write_parse(&s, &ob);
	sim_init(&back);
	assert_int_equal(sim_json_apply(&back, root, 0, &errs), 0);
	assert_int_equal(errs.n, 0);
	/* created, updated and last_seen are read-only. */
	assert_int_equal(back.created, 0);
	back.created = s.created;
	back.updated = s.updated;
	back.last_seen = s.last_seen;
	assert_memory_equal(&back, &s, sizeof(s));
	json_decref(root);
	obuf_reset(&ob);
}

static json_t *
parse(const char *text)
{
	json_error_t jerr;
	json_t *v = json_loads(text, 0, &jerr);

	if (v == NULL)
		fail_msg("bad test JSON: %s", jerr.text);
	return v;
}

/* Apply text, expect n errors; the first one on field. */
static void
apply_expect(
    struct sim *s, const char *text, unsigned flags, int n, const char *field)
{
	struct field_errors errs = {0};
	json_t *obj = parse(text);
	int rc = sim_json_apply(s, obj, flags, &errs);

	json_decref(obj);
	if (rc != n)
		fail_msg("%s: %d errors, wanted %d (first: %s %s)", text, rc, n,
		    errs.n ? errs.e[0].field : "", errs.n ? errs.e[0].msg : "");
	assert_int_equal(errs.n, (size_t)n);
	if (field != NULL)
		assert_string_equal(errs.e[0].field, field);
}

static void
test_json_apply_types(void **state)
{
	struct sim s;

	(void)state;
	sim_init(&s);
	apply_expect(&s,
	    "{\"iccid\": \"" ICCID_A "\", \"data_limit\": "
	    "500000000, \"labels\": {\"b\": \"2\", \"a\": \"1\"}}",
	    0, 0, NULL);
	assert_string_equal(s.iccid, ICCID_A);
	assert_int_equal(s.data_limit, 500000000);
	assert_string_equal(s.labels, "a=1,b=2");
	apply_expect(&s, "{\"data_limit\": \"5G\"}", 0, 0, NULL);
	assert_int_equal(s.data_limit, 5000000000ULL);
	apply_expect(&s, "{\"data_limit\": \"1MiB\"}", 0, 0, NULL);
	assert_int_equal(s.data_limit, 1048576);
	/* Strings in labels "k=v" form are accepted too. */
	apply_expect(&s, "{\"labels\": \"z=9;y=8\"}", 0, 0, NULL);
	assert_string_equal(s.labels, "y=8,z=9");

	apply_expect(&s, "{\"data_limit\": -1}", 0, 1, "data_limit");
	apply_expect(&s, "{\"data_limit\": 1.5}", 0, 1, "data_limit");
	apply_expect(&s, "{\"data_limit\": true}", 0, 1, "data_limit");
	apply_expect(&s, "{\"imsi\": 234150999999999}", 0, 1, "imsi");
	apply_expect(&s, "{\"profile\": [\"a\"]}", 0, 1, "profile");
	apply_expect(&s, "{\"labels\": {\"a\": 1}}", 0, 1, "labels");
	apply_expect(&s, "{\"labels\": {\"a,b\": \"1\"}}", 0, 1, "labels");
	apply_expect(&s, "{\"labels\": {\"a\": \"x=y\"}}", 0, 1, "labels");
	apply_expect(&s, "{\"labels\": [\"a=1\"]}", 0, 1, "labels");
	apply_expect(&s, "{\"colour\": \"red\"}", 0, 1, "colour");
	/* Earlier good values survive the bad ones. */
	assert_int_equal(s.data_limit, 1048576);
	assert_string_equal(s.labels, "y=8,z=9");
}

static void
test_json_apply_null_clears(void **state)
{
	struct sim s;

	(void)state;
	full_sim(&s);
	apply_expect(&s,
	    "{\"imsi\": null, \"labels\": null, \"data_limit\": "
	    "null, \"profile\": null}",
	    0, 0, NULL);
	assert_string_equal(s.imsi, "");
	assert_string_equal(s.labels, "");
	assert_string_equal(s.profile, "");
	assert_int_equal(s.data_limit, 0);
	/* iccid cannot be cleared. */
	apply_expect(&s, "{\"iccid\": null}", 0, 1, "iccid");
	assert_string_equal(s.iccid, ICCID_A);
}

static void
test_json_apply_flags(void **state)
{
	const char *both = "{\"iccid\": \"" ICCID_B "\", \"state\": "
	                   "\"blocked\", \"profile\": \"gate\"}";
	struct sim s;

	(void)state;
	full_sim(&s);
	apply_expect(&s, both, SIM_JSON_NO_ICCID, 1, "iccid");
	assert_string_equal(s.iccid, ICCID_A);
	assert_int_equal(s.state, SIM_BLOCKED);
	assert_string_equal(s.profile, "gate");

	full_sim(&s);
	apply_expect(&s, both, SIM_JSON_NO_STATE, 1, "state");
	assert_string_equal(s.iccid, ICCID_B);
	assert_int_equal(s.state, SIM_SUSPENDED);

	full_sim(&s);
	apply_expect(&s, both, SIM_JSON_NO_ICCID | SIM_JSON_NO_STATE, 2, NULL);
	assert_string_equal(s.iccid, ICCID_A);
	assert_int_equal(s.state, SIM_SUSPENDED);
	assert_string_equal(s.profile, "gate");

	full_sim(&s);
	apply_expect(&s, both, 0, 0, NULL);
	assert_string_equal(s.iccid, ICCID_B);
	assert_int_equal(s.state, SIM_BLOCKED);
}

static void
test_json_apply_read_only_and_shape(void **state)
{
	struct field_errors errs = {0};
	struct sim s, before;
	json_t *v;

	(void)state;
	full_sim(&s);
	memcpy(&before, &s, sizeof(s));
	apply_expect(&s,
	    "{\"created\": \"yesterday\", \"updated\": [1], "
	    "\"last_seen\": null}",
	    0, 0, NULL);
	assert_memory_equal(&s, &before, sizeof(s));

	v = parse("[{\"iccid\": \"" ICCID_A "\"}]");
	assert_int_equal(sim_json_apply(&s, v, 0, &errs), 1);
	assert_int_equal(errs.n, 1);
	assert_string_equal(errs.e[0].field, "");
	json_decref(v);
}

static void
test_json_apply_nul_and_long(void **state)
{
	struct field_errors errs = {0};
	char big[600];
	struct sim s;
	json_t *obj;

	(void)state;
	sim_init(&s);
	obj = json_object();
	json_object_set_new(obj, "profile", json_stringn("me\0ter", 6));
	assert_int_equal(sim_json_apply(&s, obj, 0, &errs), 1);
	assert_string_equal(errs.e[0].field, "profile");
	assert_string_equal(s.profile, "");
	json_decref(obj);

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	errs.n = 0;
	obj = json_object();
	json_object_set_new(obj, "apn", json_string(big));
	assert_int_equal(sim_json_apply(&s, obj, 0, &errs), 1);
	assert_string_equal(errs.e[0].field, "apn");
	json_decref(obj);
}

/* Every error is counted, even past the FIELD_ERRORS_MAX that are kept. */
static void
test_json_apply_many_errors(void **state)
{
	struct field_errors errs = {0};
	struct sim s;
	json_t *obj = json_object();
	char key[16];

	(void)state;
	sim_init(&s);
	for (int i = 0; i < 20; i++) {
		snprintf(key, sizeof(key), "bogus%d", i);
		json_object_set_new(obj, key, json_string("x"));
	}
	assert_int_equal(sim_json_apply(&s, obj, 0, &errs), 20);
	assert_int_equal(errs.n, FIELD_ERRORS_MAX);
	assert_int_equal(strncmp(errs.e[0].field, "bogus", 5), 0);
	json_decref(obj);
}

static void
test_json_labels(void **state)
{
	struct obuf ob;
	struct jsonw w;

	(void)state;
	obuf_init(&ob, 4096);
	jsonw_init(&w, &ob);
	sim_json_labels(&w, "a=1,b=x y,c=");
	assert_string_equal(ob.data, "{\"a\":\"1\",\"b\":\"x y\",\"c\":\"\"}");
	obuf_clear(&ob);
	jsonw_init(&w, &ob);
	sim_json_labels(&w, "");
	assert_string_equal(ob.data, "{}");
	obuf_reset(&ob);
}

/* The packed form an out-of-order import holds rows in. */
static void
test_pack_round_trip(void **state)
{
	struct sim a, b;
	struct obuf ob;
	struct ibuf in;
	unsigned long pos = 0;

	(void)state;
	sim_init(&a);
	set_ok(&a, "iccid", ICCID_B);
	set_ok(&a, "imsi", "234100000000001");
	set_ok(&a, "msisdn", "+447700900001");
	set_ok(&a, "apn", "m2m.example");
	set_ok(&a, "static_ip", "10.64.0.1");
	set_ok(&a, "state", "suspended");
	set_ok(&a, "imei_policy", "fixed");
	set_ok(&a, "imei_match", "tac");
	set_ok(&a, "bound_imei", IMEI_A);
	set_ok(&a, "data_limit", "5G");
	set_ok(&a, "profile", "meter");
	set_ok(&a, "labels", "site=york;fleet=a");
	obuf_init(&ob, 4096);
	sim_pack(&ob, &a, 123456);
	assert_false(obuf_failed(&ob));
	assert_true(ob.len < 160); /* compact: the point of the form */
	ibuf_init(&in, ob.data, ob.len);
	assert_int_equal(sim_unpack(&in, &b, &pos), 0);
	assert_int_equal(pos, 123456);
	assert_int_equal(ibuf_left(&in), 0);
	assert_string_equal(b.iccid, a.iccid);
	assert_string_equal(b.msisdn, a.msisdn);
	assert_string_equal(b.labels, "fleet=a,site=york");
	assert_int_equal(b.state, SIM_SUSPENDED);
	assert_int_equal(b.imei_policy, IMEI_POLICY_FIXED);
	assert_int_equal(b.imei_match, IMEI_MATCH_TAC);
	assert_int_equal(b.data_limit, 5000000000ULL);
	/* every truncation is refused */
	for (size_t n = 0; n < ob.len; n++) {
		ibuf_init(&in, ob.data, n);
		assert_int_equal(sim_unpack(&in, &b, &pos), -EBADMSG);
	}
	obuf_reset(&ob);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_init_and_names),
	    cmocka_unit_test(test_set_every_field),
	    cmocka_unit_test(test_set_bad_values),
	    cmocka_unit_test(test_set_bad_keeps_old_value),
	    cmocka_unit_test(test_empty_clears_optional),
	    cmocka_unit_test(test_check),
	    cmocka_unit_test(test_transition_matrix),
	    cmocka_unit_test(test_transition_bad_action),
	    cmocka_unit_test(test_field_errors_cap),
	    cmocka_unit_test(test_json_write),
	    cmocka_unit_test(test_json_round_trip),
	    cmocka_unit_test(test_json_apply_types),
	    cmocka_unit_test(test_json_apply_null_clears),
	    cmocka_unit_test(test_json_apply_flags),
	    cmocka_unit_test(test_json_apply_read_only_and_shape),
	    cmocka_unit_test(test_json_apply_nul_and_long),
	    cmocka_unit_test(test_json_apply_many_errors),
	    cmocka_unit_test(test_json_labels),
	    cmocka_unit_test(test_pack_round_trip),
	};

	return cmocka_run_group_tests_name("sim", tests, NULL, NULL);
}
