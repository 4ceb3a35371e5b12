/*
 * The radius role's in-memory tables: the SIM index (lookups by every key,
 * re-keying on update, removal and slot reuse, the memory budget per SIM),
 * the IMEI keys and match rules, and the open-session table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "radius/radius_index.h"
#include "radius/radius_session.h"

/* ICCID 89441 + 14-digit i + Luhn, like scripts/gen-fleet.sh. */
static void
make_sim(struct sim *s, unsigned i)
{
	char body[20];
	unsigned sum = 0;

	sim_init(s);
	snprintf(body, sizeof(body), "89441%014u", i);
	for (int k = 18; k >= 0; k--) {
		unsigned d = (unsigned)(body[k] - '0');

		if ((18 - k) % 2 == 0) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	snprintf(s->iccid, sizeof(s->iccid), "%s%u", body, (10 - sum % 10) % 10);
	snprintf(s->imsi, sizeof(s->imsi), "23410%010u", i);
	snprintf(s->msisdn, sizeof(s->msisdn), "+4477%09u", i);
	snprintf(s->apn, sizeof(s->apn), "m2m.example");
	snprintf(s->static_ip, sizeof(s->static_ip), "10.64.%u.%u",
	    (i + 1) / 256, (i + 1) % 256);
}

static uint64_t
key(const char *s)
{
	return radius_digits_key(s, strlen(s));
}

static void
test_lookups(void **state)
{
	struct radius_index *ix = radius_index_new();
	struct sim s;
	struct rsim *r;
	char iccid[21], ip[64];

	(void)state;
	for (unsigned i = 0; i < 1000; i++) {
		make_sim(&s, i);
		assert_non_null(radius_index_put(ix, &s));
	}
	assert_int_equal(radius_index_count(ix), 1000);
	make_sim(&s, 417);
	r = radius_index_by_imsi(ix, key("234100000000417"));
	assert_non_null(r);
	radius_rsim_iccid(r, iccid);
	assert_string_equal(iccid, s.iccid);
	assert_ptr_equal(radius_index_by_msisdn(ix, key("4477000000417")), r);
	assert_ptr_equal(radius_index_by_iccid(ix, s.iccid), r);
	radius_rsim_ip(r, ip, sizeof(ip));
	assert_string_equal(ip, "10.64.1.162");
	assert_string_equal(radius_index_string(ix, r->apn), "m2m.example");
	assert_null(radius_index_by_imsi(ix, key("234100000099999")));
	/* Same digits, other length: another identity. */
	assert_null(radius_index_by_imsi(ix, key("23410000000417")));
	radius_index_free(ix);
}

static void
test_update_rekeys(void **state)
{
	struct radius_index *ix = radius_index_new();
	struct sim s;
	struct rsim *r;

	(void)state;
	make_sim(&s, 7);
	r = radius_index_put(ix, &s);
	r->month_octets = 12345; /* usage survives an update */
	snprintf(s.imsi, sizeof(s.imsi), "234109999999999");
	s.state = SIM_SUSPENDED;
	assert_ptr_equal(radius_index_put(ix, &s), r);
	assert_int_equal(radius_index_count(ix), 1);
	assert_null(radius_index_by_imsi(ix, key("234100000000007")));
	assert_ptr_equal(radius_index_by_imsi(ix, key("234109999999999")), r);
	assert_int_equal(r->state, SIM_SUSPENDED);
	assert_int_equal(r->month_octets, 12345);
	s.msisdn[0] = '\0';
	radius_index_put(ix, &s);
	assert_null(radius_index_by_msisdn(ix, key("4477000000007")));
	radius_index_free(ix);
}

static void
test_remove_and_reuse(void **state)
{
	struct radius_index *ix = radius_index_new();
	struct sim a, b;
	struct rsim *ra, *rb;

	(void)state;
	make_sim(&a, 1);
	make_sim(&b, 2);
	ra = radius_index_put(ix, &a);
	assert_non_null(ra);
	assert_int_equal(radius_index_remove(ix, a.iccid), 0);
	assert_int_equal(radius_index_remove(ix, a.iccid), -1);
	assert_null(radius_index_by_imsi(ix, key(a.imsi)));
	assert_null(radius_index_by_iccid(ix, a.iccid));
	rb = radius_index_put(ix, &b);
	assert_ptr_equal(ra, rb); /* the freed slot is reused */
	assert_ptr_equal(radius_index_by_imsi(ix, key(b.imsi)), rb);
	assert_int_equal(radius_index_count(ix), 1);
	radius_index_free(ix);
}

/* The budget: at most 200 bytes per SIM, buckets included. */
static void
test_memory_per_sim(void **state)
{
	struct radius_index *ix = radius_index_new();
	const unsigned n = 200000;
	struct sim s;

	(void)state;
	for (unsigned i = 0; i < n; i++) {
		make_sim(&s, i);
		assert_non_null(radius_index_put(ix, &s));
	}
	printf("index: %zu bytes per SIM at %u SIMs\n",
	    radius_index_memory(ix) / n, n);
	assert_true(radius_index_memory(ix) / n <= 200);
	for (unsigned i = 0; i < n; i += 997) {
		char imsi[16];

		snprintf(imsi, sizeof(imsi), "23410%010u", i);
		assert_non_null(radius_index_by_imsi(ix, key(imsi)));
	}
	radius_index_free(ix);
}

static void
test_imei_rules(void **state)
{
	uint64_t imei = radius_imei_key("356656041234560", 15);
	uint64_t imeisv = radius_imei_key("3566560412345601", 16);
	uint64_t other_serial = radius_imei_key("3566560499999901", 16);
	uint64_t other_tac = radius_imei_key("3599990412345601", 16);
	uint64_t tac = radius_imei_key("35665604", 8);

	(void)state;
	assert_int_not_equal(imei, 0);
	assert_int_equal(imei, imeisv); /* TAC + serial, version ignored */
	assert_int_equal(radius_imei_key("3566560412", 10), 0);
	assert_int_equal(radius_imei_key("35665604123456x", 15), 0);
	assert_true(radius_imei_match(imei, imeisv, IMEI_MATCH_FULL));
	assert_false(radius_imei_match(imei, other_serial, IMEI_MATCH_FULL));
	assert_true(radius_imei_match(imei, other_serial, IMEI_MATCH_TAC));
	assert_false(radius_imei_match(imei, other_tac, IMEI_MATCH_TAC));
	/* A bound TAC compares TACs whatever the rule says. */
	assert_true(radius_imei_match(tac, other_serial, IMEI_MATCH_FULL));
	assert_false(radius_imei_match(tac, other_tac, IMEI_MATCH_FULL));
	assert_false(radius_imei_match(imei, 0, IMEI_MATCH_FULL));
}

static void
test_profiles(void **state)
{
	struct radius_index *ix = radius_index_new();
	struct profile_radius pr = {.imei_policy = IMEI_POLICY_LEARN,
	    .imei_match = IMEI_MATCH_TAC, .imei_mismatch_reject = 0,
	    .session_timeout = 3600, .interim_interval = -1};
	struct sim s;
	struct rsim *r;

	(void)state;
	make_sim(&s, 3);
	snprintf(s.profile, sizeof(s.profile), "meters");
	r = radius_index_put(ix, &s);
	assert_null(radius_index_profile(ix, r->profile));
	assert_int_equal(radius_index_profile_set(ix, "meters", &pr), 0);
	assert_non_null(radius_index_profile(ix, r->profile));
	assert_int_equal(radius_index_profile(ix, r->profile)->r.imei_match,
	    IMEI_MATCH_TAC);
	radius_index_profiles_clear(ix);
	assert_null(radius_index_profile(ix, r->profile));
	radius_index_free(ix);
}

static void
test_sessions(void **state)
{
	struct radius_sessions *t = radius_sessions_new();
	struct rsession *a, *b;
	uint32_t head = RSESSION_NONE;
	char id[32];

	(void)state;
	for (unsigned i = 0; i < 5000; i++) {
		snprintf(id, sizeof(id), "S%u", i);
		assert_non_null(radius_sessions_add(t, (uint16_t)(i % 3), id,
		    strlen(id)));
	}
	assert_int_equal(radius_sessions_count(t), 5000);
	a = radius_sessions_find(t, 1, "S4", 2);
	assert_non_null(a);
	assert_null(radius_sessions_find(t, 0, "S4", 2)); /* other NAS */
	b = radius_sessions_find(t, 2, "S5", 2);
	radius_sessions_attach(t, a, 9, &head);
	radius_sessions_attach(t, b, 9, &head);
	assert_ptr_equal(radius_sessions_at(t, head), b);
	radius_sessions_detach(t, b, &head);
	assert_ptr_equal(radius_sessions_at(t, head), a);
	radius_sessions_detach(t, a, &head);
	assert_int_equal(head, RSESSION_NONE);
	radius_sessions_remove(t, a);
	assert_null(radius_sessions_find(t, 1, "S4", 2));
	assert_int_equal(radius_sessions_count(t), 4999);
	/* An id over 253 bytes cannot be a RADIUS attribute. */
	assert_null(radius_sessions_add(t, 0, id, 254));
	radius_sessions_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lookups),
	    cmocka_unit_test(test_update_rekeys),
	    cmocka_unit_test(test_remove_and_reuse),
	    cmocka_unit_test(test_memory_per_sim),
	    cmocka_unit_test(test_imei_rules),
	    cmocka_unit_test(test_profiles),
	    cmocka_unit_test(test_sessions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
