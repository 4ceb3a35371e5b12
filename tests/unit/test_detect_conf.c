/*
 * The detectors' settings (detect_conf.c): the documented defaults, every
 * named setting accepted in its range and refused outside it with a
 * message naming it, "off", port lists (a refused one changes nothing),
 * and the device networks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "detect/detect.h"

/* --- configuration ---------------------------------------------------- */

struct range {
	const char *name;
	uint64_t lo, hi;
};

static const struct range ranges[] = {
    {"max-flows", 1024, 1u << 28},
    {"max-devices", 16, 1u << 26},
    {"max-peers", 1024, 1u << 28},
    {"flow-idle", 1, 86400},
    {"window", 1, 86400},
    {"scan-hosts", 1, 1000000},
    {"scan-ports", 1, 65536},
    {"arp-targets", 1, 1000000},
    {"brute-sessions", 1, 1000000},
    {"flood-syn-pps", 1, 100000000},
    {"flood-udp-pps", 1, 100000000},
    {"flood-icmp-pps", 1, 100000000},
    {"flood-seconds", 1, 3600},
    {"spike-window", 1, 7 * 86400},
    {"spike-learn", 1, 10000},
    {"spike-factor", 2, 1000000},
    {"beacon-count", 3, 100000},
    {"beacon-min-period", 1, 86400},
    {"beacon-max-period", 1, 7 * 86400},
    {"beacon-jitter-pct", 0, 100},
};

/* The field a setting names, read independently of detect_conf.c. */
static uint64_t
setting_value(const struct detect_conf *c, const char *name)
{
	static const struct {
		const char *name;
		size_t off;
		int is_size;
	} fields[] = {
	    {"max-flows", offsetof(struct detect_conf, max_flows), 1},
	    {"max-devices", offsetof(struct detect_conf, max_devices), 1},
	    {"max-peers", offsetof(struct detect_conf, max_peers), 1},
	    {"flow-idle", offsetof(struct detect_conf, flow_idle_s), 0},
	    {"window", offsetof(struct detect_conf, window_s), 0},
	    {"scan-hosts", offsetof(struct detect_conf, scan_hosts), 0},
	    {"scan-ports", offsetof(struct detect_conf, scan_ports), 0},
	    {"arp-targets", offsetof(struct detect_conf, arp_targets), 0},
	    {"brute-sessions", offsetof(struct detect_conf, brute_sessions), 0},
	    {"flood-syn-pps", offsetof(struct detect_conf, flood_syn_pps), 0},
	    {"flood-udp-pps", offsetof(struct detect_conf, flood_udp_pps), 0},
	    {"flood-icmp-pps", offsetof(struct detect_conf, flood_icmp_pps), 0},
	    {"flood-seconds", offsetof(struct detect_conf, flood_seconds), 0},
	    {"spike-window", offsetof(struct detect_conf, spike_window_s), 0},
	    {"spike-learn", offsetof(struct detect_conf, spike_learn), 0},
	    {"spike-factor", offsetof(struct detect_conf, spike_factor), 0},
	    {"beacon-count", offsetof(struct detect_conf, beacon_count), 0},
	    {"beacon-min-period",
	        offsetof(struct detect_conf, beacon_min_period_s), 0},
	    {"beacon-max-period",
	        offsetof(struct detect_conf, beacon_max_period_s), 0},
	    {"beacon-jitter-pct",
	        offsetof(struct detect_conf, beacon_jitter_pct), 0},
	};
	const char *base = (const char *)c;

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (strcmp(fields[i].name, name) != 0)
			continue;
		if (fields[i].is_size)
			return *(
			    const size_t *)(const void *)(base + fields[i].off);
		return *(const uint32_t *)(const void *)(base + fields[i].off);
	}
	fail_msg("no field for %s", name);
	return 0;
}

static void
set_ok(struct detect_conf *c, const char *name, const char *value)
{
	char err[256] = "";

	if (detect_conf_set(c, name, value, err, sizeof(err)) != 0)
		fail_msg("%s %s refused: %s", name, value, err);
}

/* Refused, with err naming the setting (or the word at fault). */
static void
set_refused_msg(struct detect_conf *c, const char *name, const char *value,
    const char *err_has)
{
	char err[256] = "";

	if (detect_conf_set(c, name, value, err, sizeof(err)) != -1)
		fail_msg("%s \"%s\" accepted", name, value);
	if (strstr(err, err_has) == NULL)
		fail_msg("%s \"%s\": \"%s\" does not say \"%s\"", name, value,
		    err, err_has);
}

/* Refused as above, and c left as it was. */
static void
set_refused(struct detect_conf *c, const char *name, const char *value,
    const char *err_has)
{
	struct detect_conf before = *c;

	set_refused_msg(c, name, value, err_has);
	if (memcmp(&before, c, sizeof(before)) != 0)
		fail_msg("%s \"%s\" was refused but changed the "
		         "configuration",
		    name, value);
}

static void
test_conf_defaults(void **state)
{
	struct detect_conf c;

	(void)state;
	memset(&c, 0xa5, sizeof(c));
	detect_conf_defaults(&c);
	assert_int_equal(c.n_devices, 0);
	assert_int_equal(c.window_s, 300);
	assert_int_equal(c.flood_seconds, 5);
	assert_int_equal(c.spike_window_s, 600);
	assert_int_equal(c.spike_learn, 6);
	assert_int_equal(c.spike_factor, 10);
	assert_int_equal(c.spike_min_bytes, 10u << 20);
	assert_int_equal(c.beacon_max_period_s, 3600);
	assert_int_equal(c.beacon_jitter_pct, 10);
	assert_int_equal(c.n_login_ports, 12);
	assert_int_equal(c.n_smtp_ports, 4);
	assert_int_equal(c.n_beacon_ignore_ports, 9);
	assert_int_equal(c.disabled, 0);
	assert_int_equal(c.flow_idle_s, 120);
}

static void
test_conf_numbers(void **state)
{
	struct detect_conf c;
	char v[32];

	(void)state;
	detect_conf_defaults(&c);
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		const struct range *r = &ranges[i];

		snprintf(v, sizeof(v), "%llu", (unsigned long long)r->lo);
		set_ok(&c, r->name, v);
		assert_int_equal(setting_value(&c, r->name), r->lo);
		snprintf(v, sizeof(v), "%llu", (unsigned long long)r->hi);
		set_ok(&c, r->name, v);
		assert_int_equal(setting_value(&c, r->name), r->hi);
		snprintf(v, sizeof(v), "%llu",
		    (unsigned long long)(r->lo + r->hi) / 2);
		set_ok(&c, r->name, v);
		assert_int_equal(
		    setting_value(&c, r->name), (r->lo + r->hi) / 2);

		if (r->lo > 0) {
			snprintf(v, sizeof(v), "%llu",
			    (unsigned long long)r->lo - 1);
			set_refused(&c, r->name, v, r->name);
		}
		snprintf(v, sizeof(v), "%llu", (unsigned long long)r->hi + 1);
		set_refused(&c, r->name, v, r->name);
		set_refused(&c, r->name, "", r->name);
		set_refused(&c, r->name, "-1", r->name);
		set_refused(&c, r->name, " 5", r->name);
		set_refused(&c, r->name, "5x", r->name);
		set_refused(&c, r->name, "0x10", r->name);
		set_refused(&c, r->name, "99999999999999999999999", r->name);
		/* only spike-min-bytes takes a unit */
		set_refused(&c, r->name, "5k", r->name);
	}
}

static void
test_conf_bytes(void **state)
{
	struct detect_conf c;

	(void)state;
	detect_conf_defaults(&c);
	set_ok(&c, "spike-min-bytes", "0");
	assert_int_equal(c.spike_min_bytes, 0);
	set_ok(&c, "spike-min-bytes", "10M");
	assert_int_equal(c.spike_min_bytes, 10000000);
	set_ok(&c, "spike-min-bytes", "10MiB");
	assert_int_equal(c.spike_min_bytes, 10u << 20);
	set_ok(&c, "spike-min-bytes", "5G");
	assert_int_equal(c.spike_min_bytes, 5000000000ULL);
	set_ok(&c, "spike-min-bytes", "18446744073709551615");
	assert_true(c.spike_min_bytes == UINT64_MAX);
	set_ok(&c, "spike-min-bytes", "1234");
	set_refused(
	    &c, "spike-min-bytes", "18446744073709551616", "spike-min-bytes");
	set_refused(&c, "spike-min-bytes", "10Q", "spike-min-bytes");
	set_refused(&c, "spike-min-bytes", "-5", "spike-min-bytes");
	set_refused(&c, "spike-min-bytes", "", "spike-min-bytes");
	set_refused(&c, "spike-min-bytes", "99999999999T", "spike-min-bytes");
	assert_int_equal(c.spike_min_bytes, 1234);

	/* the tables' seed: 0 (random) by default, any 64-bit number */
	detect_conf_defaults(&c);
	assert_true(c.table_seed == 0);
	set_ok(&c, "table-seed", "18446744073709551615");
	assert_true(c.table_seed == UINT64_MAX);
	set_ok(&c, "table-seed", "7");
	set_refused(&c, "table-seed", "18446744073709551616", "table-seed");
	set_refused(&c, "table-seed", "1k", "table-seed");
	set_refused(&c, "table-seed", "-1", "table-seed");
	assert_true(c.table_seed == 7);
}

static void
test_conf_off(void **state)
{
	struct detect_conf c;
	char err[256];

	(void)state;
	detect_conf_defaults(&c);
	for (int t = 0; t < DT_COUNT; t++) {
		set_ok(&c, "off", detect_type_name((enum detect_type)t));
		assert_int_equal(c.disabled, (1u << (t + 1)) - 1);
	}
	set_refused(&c, "off", "telnet_scan", "telnet_scan");
	set_refused(&c, "off", "", "off");
	set_refused(&c, "off", "scan-horizontal", "scan-horizontal");
	/* no such setting */
	set_refused(&c, "scan-host", "25", "scan-host");
	set_refused(&c, "", "25", "\"\"");
	err[0] = '\0';
	assert_int_equal(
	    detect_conf_set(&c, "bogus", "1", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "bogus"));
}

static void
test_conf_ports(void **state)
{
	static const char *const lists[] = {
	    "login-ports", "smtp-ports", "beacon-ignore-ports"};
	struct detect_conf c;

	(void)state;
	detect_conf_defaults(&c);
	set_ok(&c, "login-ports", "23,2323,8080");
	assert_int_equal(c.n_login_ports, 3);
	assert_int_equal(c.login_ports[0], 23);
	assert_int_equal(c.login_ports[1], 2323);
	assert_int_equal(c.login_ports[2], 8080);
	set_ok(&c, "login-ports", "none");
	assert_int_equal(c.n_login_ports, 0);
	set_ok(&c, "login-ports", "65535");
	assert_int_equal(c.n_login_ports, 1);
	assert_int_equal(c.login_ports[0], 65535);

	set_ok(&c, "smtp-ports", "25");
	assert_int_equal(c.n_smtp_ports, 1);
	assert_int_equal(c.smtp_ports[0], 25);
	set_ok(&c, "beacon-ignore-ports", "53,123");
	assert_int_equal(c.n_beacon_ignore_ports, 2);
	assert_int_equal(c.beacon_ignore_ports[1], 123);
	set_ok(&c, "beacon-ignore-ports", "none");
	assert_int_equal(c.n_beacon_ignore_ports, 0);

	/* sixteen ports fit, seventeen do not */
	set_ok(&c, "login-ports", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16");
	assert_int_equal(c.n_login_ports, 16);
	assert_int_equal(c.login_ports[15], 16);

	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		set_refused_msg(&c, lists[i],
		    "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17", lists[i]);
		set_refused_msg(&c, lists[i],
		    "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17", "16");
		set_refused_msg(&c, lists[i], "0", lists[i]);
		set_refused_msg(&c, lists[i], "65536", "65536");
		set_refused_msg(&c, lists[i], "23,telnet", "telnet");
		set_refused_msg(&c, lists[i], "", lists[i]);
		set_refused_msg(&c, lists[i], ",", lists[i]);
		set_refused_msg(&c, lists[i], "-23", lists[i]);
	}
}

/*
 * A refused port list leaves the list as it was, as every other refused
 * setting does: airlockd.conf's parser reports each error and goes on, so
 * a bad `detect login-ports` line must not leave half of itself behind
 * ("80,81,82,0" refused must not turn 21,22,23 into 80,81,82).
 */
static void
test_conf_ports_refused_unchanged(void **state)
{
	static const char *const lists[] = {
	    "login-ports", "smtp-ports", "beacon-ignore-ports"};
	struct detect_conf c;

	(void)state;
	detect_conf_defaults(&c);
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		set_refused(&c, lists[i], "0", lists[i]);
		set_refused(&c, lists[i], "", lists[i]);
		set_refused(&c, lists[i], "80,81,82,0", lists[i]);
		set_refused(&c, lists[i], "80,telnet", "telnet");
		set_refused(&c, lists[i],
		    "101,102,103,104,105,106,107,108,109,110,111,112,113,"
		    "114,115,116,117",
		    "16");
	}
}

static void
test_conf_devices(void **state)
{
	struct detect_conf c;
	char err[256], net[32];

	(void)state;
	detect_conf_defaults(&c);
	assert_int_equal(
	    detect_conf_add_devices(&c, "10.64.0.0/16", err, sizeof(err)), 0);
	assert_int_equal(
	    detect_conf_add_devices(&c, "fd64::/64", err, sizeof(err)), 0);
	assert_int_equal(c.n_devices, 2);
	assert_int_equal(c.devices[0].prefix, 16);
	assert_int_equal(c.devices[1].net.family, AF_INET6);

	err[0] = '\0';
	assert_int_equal(
	    detect_conf_add_devices(&c, "10.64.0.1/16", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "10.64.0.1/16"));
	err[0] = '\0';
	assert_int_equal(
	    detect_conf_add_devices(&c, "devices", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "devices"));
	assert_int_equal(
	    detect_conf_add_devices(&c, "10.0.0.0/33", err, sizeof(err)), -1);
	assert_int_equal(detect_conf_add_devices(&c, "", err, sizeof(err)), -1);
	assert_int_equal(c.n_devices, 2);

	for (unsigned i = 2; i < DETECT_NETS_MAX; i++) {
		snprintf(net, sizeof(net), "10.%u.0.0/16", 100 + i);
		assert_int_equal(
		    detect_conf_add_devices(&c, net, err, sizeof(err)), 0);
	}
	assert_int_equal(c.n_devices, DETECT_NETS_MAX);
	err[0] = '\0';
	assert_int_equal(
	    detect_conf_add_devices(&c, "192.168.0.0/24", err, sizeof(err)),
	    -1);
	snprintf(net, sizeof(net), "%d", DETECT_NETS_MAX);
	assert_non_null(strstr(err, net));
	assert_int_equal(c.n_devices, DETECT_NETS_MAX);
}

/* A port is listed when it is among the list's first n, wherever it
 * sits; the zeros past the list's end are no port 0; a full list's last
 * one counts. */
static void
test_port_listed(void **state)
{
	uint16_t list[DETECT_PORTS_MAX] = {0};

	(void)state;
	for (size_t i = 0; i < DETECT_PORTS_MAX; i++)
		list[i] = (uint16_t)(1000 + i);
	for (size_t n = 0; n <= DETECT_PORTS_MAX; n++)
		for (size_t i = 0; i < DETECT_PORTS_MAX; i++)
			assert_int_equal(
			    detect_port_listed(list, n, (uint16_t)(1000 + i)),
			    i < n);
	assert_false(detect_port_listed(list, DETECT_PORTS_MAX, 999));
	assert_false(detect_port_listed(list, DETECT_PORTS_MAX, 0));
	memset(list, 0, sizeof(list));
	list[0] = 23;
	assert_true(detect_port_listed(list, 1, 23));
	assert_false(detect_port_listed(list, 1, 0));
	assert_false(detect_port_listed(list, 0, 23));
	list[DETECT_PORTS_MAX - 1] = 65535;
	assert_true(detect_port_listed(list, DETECT_PORTS_MAX, 65535));
	assert_false(detect_port_listed(list, DETECT_PORTS_MAX - 1, 65535));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_conf_defaults),
	    cmocka_unit_test(test_conf_numbers),
	    cmocka_unit_test(test_conf_bytes),
	    cmocka_unit_test(test_conf_off),
	    cmocka_unit_test(test_conf_ports),
	    cmocka_unit_test(test_conf_ports_refused_unchanged),
	    cmocka_unit_test(test_port_listed),
	    cmocka_unit_test(test_conf_devices),
	};

	return cmocka_run_group_tests_name("detect_conf", tests, NULL, NULL);
}
