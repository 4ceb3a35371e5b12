/*
 * The prefetching ring that captures go through (detect_pipeline.h):
 * packets pushed through it must reach the engine in order, every one of
 * them once drained, with the same outcome as giving each to
 * detect_packet() as it comes; a packet copied into the ring must not
 * depend on the caller's buffer, which a capture reuses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "detect/detect.h"
#include "detect/detect_pipeline.h"
#include "monitor/decode.h"

#define FRAME 54 /* Ethernet, IPv4 and TCP headers */
#define FRAME_MAX 128
#define SEC 1000000ULL
#define BASE (1700000000ULL * SEC)
#define MAX_EVENTS 64

struct sink {
	enum detect_type type[MAX_EVENTS];
	uint64_t end_us[MAX_EVENTS];
	size_t n;
};

static void
collect(void *arg, const struct detection *ev)
{
	struct sink *s = arg;

	if (s->n < MAX_EVENTS) {
		s->type[s->n] = ev->type;
		s->end_us[s->n] = ev->window_end_us;
	}
	s->n++;
}

/* A TCP segment from src to dst with payload, as captured; its length. */
static size_t
segment(uint8_t f[FRAME_MAX], const uint8_t src[4], const uint8_t dst[4],
    uint16_t sport, uint16_t dport, uint8_t flags, const char *payload)
{
	uint8_t *ip = f + 14, *tcp = f + 34;
	size_t n = strlen(payload);

	memset(f, 0, FRAME_MAX);
	memcpy(f, "\x02\x00\x00\x00\x00\x01", 6);
	memcpy(f + 6, "\x02\x00\x00\x00\x00\x02", 6);
	f[11] = src[3];
	f[12] = 0x08; /* IPv4 */
	ip[0] = 0x45;
	ip[2] = (uint8_t)((40 + n) >> 8);
	ip[3] = (uint8_t)(40 + n);
	ip[8] = 64;
	ip[9] = 6;
	memcpy(ip + 12, src, 4);
	memcpy(ip + 16, dst, 4);
	tcp[0] = (uint8_t)(sport >> 8);
	tcp[1] = (uint8_t)sport;
	tcp[2] = (uint8_t)(dport >> 8);
	tcp[3] = (uint8_t)dport;
	tcp[12] = 5 << 4;
	tcp[13] = flags;
	memcpy(tcp + 20, payload, n);
	return FRAME + n;
}

static struct detect *
engine(struct sink *s)
{
	struct detect_conf c;
	char err[128];

	detect_conf_defaults(&c);
	assert_int_equal(
	    detect_conf_add_devices(&c, "10.64.0.0/16", err, sizeof(err)), 0);
	c.max_flows = c.max_peers = 4096;
	c.max_devices = 256;
	return detect_new(&c, collect, s);
}

/* Packet i of the stream: three devices scanning telnet across the
 * Internet, a SYN each to a host of its own, interleaved; then a fourth
 * that speaks SMTP to a server, whose greeting the engine reads from the
 * packet's bytes when it processes it, long after the push. */
static size_t
packet_of(unsigned i, uint8_t f[FRAME_MAX], uint64_t *ts)
{
	static const uint8_t dev4[4] = {10, 64, 0, 4}, mx[4] = {62, 1, 2, 3};
	uint8_t dev[4] = {10, 64, 0, (uint8_t)(1 + i % 3)};
	uint8_t dst[4] = {45, (uint8_t)(i >> 8), (uint8_t)i, 7};

	*ts = BASE + i * 1000ULL;
	switch (i) {
	case 300:
		return segment(f, dev4, mx, 50000, 25, 0x02, "");
	case 301:
		return segment(f, mx, dev4, 25, 50000, 0x12, "");
	case 302:
		return segment(
		    f, mx, dev4, 25, 50000, 0x18, "220 mx.example ESMTP\r\n");
	case 303:
		return segment(f, dev4, mx, 50000, 25, 0x18, "EHLO fridge\r\n");
	default:
		return segment(
		    f, dev, dst, (uint16_t)(40000 + i), 23, 0x02, "");
	}
}

static void
test_same_as_one_by_one(void **state)
{
	struct sink direct = {0}, piped = {0};
	struct detect *a = engine(&direct), *b = engine(&piped);
	struct detect_pipeline *pl = detect_pipeline_new(b, 256);
	struct detect_stats sa, sb;
	uint8_t f[FRAME_MAX];
	uint64_t ts;
	size_t n;
	int smtp = 0;

	(void)state;
	assert_non_null(a);
	assert_non_null(pl);
	for (unsigned i = 0; i < 304; i++) {
		struct decoded p;

		n = packet_of(i, f, &ts);
		assert_int_equal(
		    decode_packet(DECODE_LINK_ETHERNET, f, n, &p), DECODE_OK);
		detect_packet(a, &p, (uint32_t)n + 4, ts);
		assert_int_equal(detect_pipeline_push(pl, DECODE_LINK_ETHERNET,
		                     f, n, (uint32_t)n + 4, ts),
		    DECODE_OK);
		/* the caller's buffer is reused at once, as libpcap's is */
		memset(f, 0xee, sizeof(f));
	}
	detect_pipeline_drain(pl);
	detect_get_stats(a, &sa);
	detect_get_stats(b, &sb);
	assert_int_equal(sb.packets, 304);
	assert_int_equal(sb.packets, sa.packets);
	assert_int_equal(sb.bytes, sa.bytes);
	assert_int_equal(sb.flows, sa.flows);
	assert_int_equal(sb.no_device, 0);
	/* each device scanned 100 hosts: a scan event each, at least; and
	 * the fourth spoke SMTP */
	assert_true(direct.n >= 4);
	assert_int_equal(piped.n, direct.n);
	for (size_t i = 0; i < direct.n && i < MAX_EVENTS; i++) {
		assert_int_equal(piped.type[i], direct.type[i]);
		assert_int_equal(piped.end_us[i], direct.end_us[i]);
		smtp += piped.type[i] == DT_SMTP;
	}
	assert_int_equal(smtp, 1);
	detect_pipeline_free(pl);
	detect_free(a);
	detect_free(b);
}

/* A few packets stay in the ring until it is drained: the monitor drains
 * it at the end of each wake-up so that none waits for later traffic. */
static void
test_drain_processes_what_is_held(void **state)
{
	struct sink s = {0};
	struct detect *d = engine(&s);
	struct detect_pipeline *pl = detect_pipeline_new(d, 256);
	struct detect_stats st;
	uint8_t f[FRAME_MAX];
	uint64_t ts;

	(void)state;
	assert_non_null(pl);
	for (unsigned i = 0; i < 5; i++) {
		packet_of(i, f, &ts);
		detect_pipeline_push(
		    pl, DECODE_LINK_ETHERNET, f, FRAME, FRAME, ts);
	}
	detect_get_stats(d, &st);
	assert_int_equal(st.packets, 0);
	detect_pipeline_drain(pl);
	detect_get_stats(d, &st);
	assert_int_equal(st.packets, 5);
	/* and the ring goes on from there */
	for (unsigned i = 5; i < 100; i++) {
		packet_of(i, f, &ts);
		detect_pipeline_push(
		    pl, DECODE_LINK_ETHERNET, f, FRAME, FRAME, ts);
	}
	detect_pipeline_drain(pl);
	detect_get_stats(d, &st);
	assert_int_equal(st.packets, 100);
	detect_pipeline_free(pl);
	detect_free(d);
}

/* A packet longer than the ring's slots is cut to them, as a capture's
 * snap length would: decoded as far as it goes, never read past. */
static void
test_long_packet_cut(void **state)
{
	struct sink s = {0};
	struct detect *d = engine(&s);
	struct detect_pipeline *pl = detect_pipeline_new(d, 40);
	struct detect_stats st;
	uint8_t f[FRAME_MAX];
	uint64_t ts;

	(void)state;
	assert_non_null(pl);
	packet_of(0, f, &ts);
	/* 40 bytes: Ethernet, IPv4, and 6 of the TCP header's 20 */
	assert_int_not_equal(
	    detect_pipeline_push(pl, DECODE_LINK_ETHERNET, f, FRAME, FRAME, ts),
	    DECODE_OK);
	detect_pipeline_drain(pl);
	detect_get_stats(d, &st);
	assert_int_equal(st.packets, 1);
	detect_pipeline_free(pl);
	detect_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_same_as_one_by_one),
	    cmocka_unit_test(test_drain_processes_what_is_held),
	    cmocka_unit_test(test_long_packet_cut),
	};

	return cmocka_run_group_tests_name(
	    "detect_pipeline", tests, NULL, NULL);
}
