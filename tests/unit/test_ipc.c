/*
 * The parent/child wire format: framing, one round trip per message type,
 * the exact bytes of a simple frame, and the strictness the peers rely on
 * (unknown types, oversized lengths, every truncation and trailing bytes are
 * all -EBADMSG).
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

#include "common/addr.h"
#include "common/ipc.h"

typedef int (*decode_fn)(struct ibuf *in, void *m);

static int
dec_ready(struct ibuf *in, void *m)
{
	return ipc_decode_ready(in, m, 32);
}

static int
dec_sim_changed(struct ibuf *in, void *m)
{
	return ipc_decode_sim_changed(in, m);
}

static int
dec_event(struct ibuf *in, void *m)
{
	return ipc_decode_event(in, m);
}

static int
dec_config(struct ibuf *in, void *m)
{
	return ipc_decode_config(in, m);
}

/* Split the single frame in b; check its type and that it fills b. */
static void
split(const struct obuf *b, enum msg_type want, struct ibuf *payload)
{
	enum msg_type type = 0;
	ssize_t used;

	assert_false(obuf_failed(b));
	used = ipc_frame_parse(b->data, b->len, &type, payload);
	assert_int_equal(used, (ssize_t)b->len);
	assert_int_equal(type, want);
	assert_int_equal(ibuf_left(payload), b->len - IPC_HDR_LEN);
}

/* Every proper prefix of the payload, and the payload plus one byte, must
 * be refused by the decoder. */
static void
assert_strict(const struct obuf *b, decode_fn dec, void *m)
{
	size_t n = b->len - IPC_HDR_LEN;
	uint8_t *p = malloc(n + 1);
	struct ibuf in;

	assert_non_null(p);
	memcpy(p, b->data + IPC_HDR_LEN, n);
	for (size_t k = 0; k < n; k++) {
		uint8_t *cut = malloc(k > 0 ? k : 1);

		assert_non_null(cut);
		memcpy(cut, p, k);
		ibuf_init(&in, cut, k);
		if (dec(&in, m) != -EBADMSG)
			fail_msg("payload cut to %zu of %zu bytes was accepted",
			    k, n);
		free(cut);
	}
	p[n] = 0;
	ibuf_init(&in, p, n + 1);
	assert_int_equal(dec(&in, m), -EBADMSG);
	ibuf_init(&in, p, n);
	assert_int_equal(dec(&in, m), 0);
	free(p);
}

static int
dec_disconnect(struct ibuf *in, void *m)
{
	return ipc_decode_disconnect(in, m);
}

static int
dec_disconnect_done(struct ibuf *in, void *m)
{
	return ipc_decode_answer(in, m);
}

static int
dec_sim_action(struct ibuf *in, void *m)
{
	return ipc_decode_sim_action(in, m);
}

static int
dec_dns_names(struct ibuf *in, void *m)
{
	return ipc_decode_dns_names(in, m);
}

static int
dec_dns_answer(struct ibuf *in, void *m)
{
	return ipc_decode_dns_answer(in, m);
}

/* Encode one frame and hand back its payload reader. */
static void
frame_of(const struct obuf *b, enum msg_type want, struct ibuf *payload)
{
	enum msg_type type;

	assert_false(obuf_failed(b));
	assert_int_equal(ipc_frame_parse(b->data, b->len, &type, payload),
	    (ssize_t)b->len);
	assert_int_equal(type, want);
}

/* The radius role's messages: a disconnect and its answer travel api ->
 * parent -> radius and back; a state change goes radius -> parent. */
static void
test_radius_messages(void **state)
{
	static struct msg_answer dd, dd2;
	struct msg_disconnect dc = {.id = 77}, dc2;
	struct msg_sim_action sa = {.action = 1}, sa2;
	struct ibuf in;
	struct obuf b;

	(void)state;
	snprintf(dc.iccid, sizeof(dc.iccid), "89441000000000000018");
	snprintf(dc.reason, sizeof(dc.reason), "stolen");
	obuf_init(&b, 1 << 20);
	ipc_encode_disconnect(&b, &dc);
	frame_of(&b, MSG_DISCONNECT, &in);
	assert_int_equal(ipc_decode_disconnect(&in, &dc2), 0);
	assert_int_equal(dc2.id, 77);
	assert_string_equal(dc2.iccid, dc.iccid);
	assert_string_equal(dc2.reason, "stolen");
	assert_strict(&b, dec_disconnect, &dc2);

	obuf_clear(&b);
	dd.id = 77;
	dd.outcome = DISCONNECT_PARTIAL;
	snprintf(dd.detail, sizeof(dd.detail), "[{\"result\":\"ack\"}]");
	ipc_encode_answer(&b, MSG_DISCONNECT_DONE, &dd);
	frame_of(&b, MSG_DISCONNECT_DONE, &in);
	assert_int_equal(ipc_decode_answer(&in, &dd2), 0);
	assert_int_equal(dd2.outcome, DISCONNECT_PARTIAL);
	assert_string_equal(dd2.detail, dd.detail);
	assert_strict(&b, dec_disconnect_done, &dd2);
	assert_string_equal(disconnect_outcome_name(DISCONNECT_NO_SESSION),
	    "no_session");
	/* An outcome the enum does not have is refused. */
	obuf_clear(&b);
	dd.outcome = 9;
	ipc_encode_answer(&b, MSG_DISCONNECT_DONE, &dd);
	frame_of(&b, MSG_DISCONNECT_DONE, &in);
	assert_int_equal(ipc_decode_answer(&in, &dd2), -EBADMSG);

	obuf_clear(&b);
	snprintf(sa.iccid, sizeof(sa.iccid), "89441000000000000018");
	snprintf(sa.reason, sizeof(sa.reason), "monthly data limit");
	ipc_encode_sim_action(&b, &sa);
	frame_of(&b, MSG_SIM_ACTION, &in);
	assert_int_equal(ipc_decode_sim_action(&in, &sa2), 0);
	assert_int_equal(sa2.action, 1);
	assert_string_equal(sa2.reason, sa.reason);
	assert_strict(&b, dec_sim_action, &sa2);
	obuf_clear(&b);
	sa.action = 5; /* past the last sim_action */
	ipc_encode_sim_action(&b, &sa);
	frame_of(&b, MSG_SIM_ACTION, &in);
	assert_int_equal(ipc_decode_sim_action(&in, &sa2), -EBADMSG);
	obuf_reset(&b);
}

static void
put_hdr(uint8_t *p, uint32_t type, uint32_t len)
{
	p[0] = (uint8_t)(type >> 24);
	p[1] = (uint8_t)(type >> 16);
	p[2] = (uint8_t)(type >> 8);
	p[3] = (uint8_t)type;
	p[4] = (uint8_t)(len >> 24);
	p[5] = (uint8_t)(len >> 16);
	p[6] = (uint8_t)(len >> 8);
	p[7] = (uint8_t)len;
}

static void
test_frame_parse(void **state)
{
	uint8_t *buf = calloc(1, IPC_HDR_LEN + IPC_MAX_PAYLOAD + 1);
	enum msg_type type = 0;
	struct ibuf payload;

	(void)state;
	assert_non_null(buf);
	/* Not even a header yet. */
	put_hdr(buf, MSG_READY, 3);
	for (size_t n = 0; n < IPC_HDR_LEN; n++)
		assert_int_equal(ipc_frame_parse(buf, n, &type, &payload), 0);
	/* A header, part of the payload. */
	assert_int_equal(ipc_frame_parse(buf, IPC_HDR_LEN, &type, &payload), 0);
	assert_int_equal(
	    ipc_frame_parse(buf, IPC_HDR_LEN + 2, &type, &payload), 0);
	assert_int_equal(type, 0);
	/* The whole frame, with the next one's first byte behind it. */
	assert_int_equal(ipc_frame_parse(buf, IPC_HDR_LEN + 4, &type, &payload),
	    IPC_HDR_LEN + 3);
	assert_int_equal(type, MSG_READY);
	assert_int_equal(ibuf_left(&payload), 3);
	assert_ptr_equal(payload.data, buf + IPC_HDR_LEN);

	/* Unknown types fail at once, whole frame or not. */
	put_hdr(buf, 0, 0);
	assert_int_equal(
	    ipc_frame_parse(buf, IPC_HDR_LEN, &type, &payload), -EBADMSG);
	put_hdr(buf, MSG_TYPE_END, 0);
	assert_int_equal(
	    ipc_frame_parse(buf, IPC_HDR_LEN, &type, &payload), -EBADMSG);
	put_hdr(buf, 0xffffffffu, 1);
	assert_int_equal(
	    ipc_frame_parse(buf, IPC_HDR_LEN, &type, &payload), -EBADMSG);
	/* Oversized lengths fail before the payload arrives. */
	put_hdr(buf, MSG_EVENT, IPC_MAX_PAYLOAD + 1);
	assert_int_equal(
	    ipc_frame_parse(buf, IPC_HDR_LEN, &type, &payload), -EBADMSG);
	put_hdr(buf, MSG_EVENT, 0xffffffffu);
	assert_int_equal(
	    ipc_frame_parse(buf, IPC_HDR_LEN, &type, &payload), -EBADMSG);
	/* The largest payload allowed. */
	put_hdr(buf, MSG_EVENT, IPC_MAX_PAYLOAD);
	assert_int_equal(ipc_frame_parse(buf, IPC_HDR_LEN + IPC_MAX_PAYLOAD - 1,
	                     &type, &payload),
	    0);
	assert_int_equal(ipc_frame_parse(buf, IPC_HDR_LEN + IPC_MAX_PAYLOAD,
	                     &type, &payload),
	    IPC_HDR_LEN + IPC_MAX_PAYLOAD);
	assert_int_equal(type, MSG_EVENT);
	free(buf);

	assert_string_equal(ipc_type_name(MSG_CONFIG), "CONFIG");
	assert_string_equal(ipc_type_name(MSG_SIM_CHANGED), "SIM_CHANGED");
	assert_string_equal(ipc_type_name(MSG_DNS_NAMES), "DNS_NAMES");
	assert_string_equal(ipc_type_name(MSG_DNS_ANSWER), "DNS_ANSWER");
	assert_string_equal(ipc_type_name(MSG_TYPE_END), "UNKNOWN");
}

static void
test_ready(void **state)
{
	static const uint8_t want[] = {
	    0, 0, 0, 1, 0, 0, 0, 5, 0, 3, 'a', 'p', 'i'};
	struct obuf b;
	struct ibuf in;
	char role[32];

	(void)state;
	obuf_init(&b, 1 << 20);
	ipc_encode_ready(&b, "api");
	assert_int_equal(b.len, sizeof(want));
	assert_memory_equal(b.data, want, sizeof(want));
	split(&b, MSG_READY, &in);
	assert_int_equal(ipc_decode_ready(&in, role, sizeof(role)), 0);
	assert_string_equal(role, "api");
	assert_strict(&b, dec_ready, role);
	/* The caller's buffer bounds the string. */
	split(&b, MSG_READY, &in);
	assert_int_equal(ipc_decode_ready(&in, role, 3), -EBADMSG);
	obuf_reset(&b);
}

static void
test_two_frames(void **state)
{
	struct msg_sim_changed sc = {SIM_CHANGE_DELETE, "8944100000000000018"};
	struct msg_sim_changed got;
	enum msg_type type;
	struct ibuf in;
	struct obuf b;
	char role[32];
	ssize_t used;

	(void)state;
	obuf_init(&b, 1 << 20);
	ipc_encode_ready(&b, "radius");
	ipc_encode_sim_changed(&b, &sc);
	used = ipc_frame_parse(b.data, b.len, &type, &in);
	assert_int_equal(used, IPC_HDR_LEN + 2 + 6);
	assert_int_equal(type, MSG_READY);
	assert_int_equal(ipc_decode_ready(&in, role, sizeof(role)), 0);
	assert_string_equal(role, "radius");
	assert_int_equal(
	    ipc_frame_parse(b.data + used, b.len - (size_t)used, &type, &in),
	    (ssize_t)b.len - used);
	assert_int_equal(type, MSG_SIM_CHANGED);
	assert_int_equal(ipc_decode_sim_changed(&in, &got), 0);
	assert_int_equal(got.what, SIM_CHANGE_DELETE);
	assert_string_equal(got.iccid, "8944100000000000018");
	obuf_reset(&b);
}

static void
test_sim_changed(void **state)
{
	struct msg_sim_changed m = {SIM_CHANGE_UPSERT, "89441000000000000018"};
	struct msg_sim_changed got;
	struct obuf b;
	struct ibuf in;
	uint8_t raw[64];

	(void)state;
	obuf_init(&b, 1 << 20);
	ipc_encode_sim_changed(&b, &m);
	split(&b, MSG_SIM_CHANGED, &in);
	assert_int_equal(ipc_decode_sim_changed(&in, &got), 0);
	assert_int_equal(got.what, SIM_CHANGE_UPSERT);
	assert_string_equal(got.iccid, "89441000000000000018");
	assert_strict(&b, dec_sim_changed, &got);

	/* A bulk change names no SIM. */
	obuf_clear(&b);
	m.what = SIM_CHANGE_BULK;
	m.iccid[0] = '\0';
	ipc_encode_sim_changed(&b, &m);
	split(&b, MSG_SIM_CHANGED, &in);
	assert_int_equal(ipc_decode_sim_changed(&in, &got), 0);
	assert_int_equal(got.what, SIM_CHANGE_BULK);
	assert_string_equal(got.iccid, "");
	obuf_reset(&b);

	/* What is outside enum sim_change. */
	raw[0] = 0;
	raw[1] = 0;
	raw[2] = 0;
	ibuf_init(&in, raw, 3);
	assert_int_equal(ipc_decode_sim_changed(&in, &got), -EBADMSG);
	raw[0] = SIM_CHANGE_DEVICE + 1;
	ibuf_init(&in, raw, 3);
	assert_int_equal(ipc_decode_sim_changed(&in, &got), -EBADMSG);
	raw[0] = SIM_CHANGE_STATE;
	ibuf_init(&in, raw, 3);
	assert_int_equal(ipc_decode_sim_changed(&in, &got), 0);
	assert_int_equal(got.what, SIM_CHANGE_STATE);
	/* An ICCID of 24 bytes does not fit iccid[24]. */
	raw[1] = 0;
	raw[2] = 24;
	memset(raw + 3, '9', 24);
	ibuf_init(&in, raw, 27);
	assert_int_equal(ipc_decode_sim_changed(&in, &got), -EBADMSG);
	raw[2] = 23;
	ibuf_init(&in, raw, 26);
	assert_int_equal(ipc_decode_sim_changed(&in, &got), 0);
	assert_int_equal(strlen(got.iccid), 23);
}

static void
test_event(void **state)
{
	struct msg_event *m = calloc(1, sizeof(*m));
	struct msg_event *got = calloc(1, sizeof(*got));
	struct obuf b;
	struct ibuf in;

	(void)state;
	assert_non_null(m);
	assert_non_null(got);
	snprintf(m->type, sizeof(m->type), "telnet_scan");
	m->severity = 3;
	snprintf(m->subject, sizeof(m->subject), "8944100000000000018");
	m->window_start = -1;
	m->window_end = INT64_MAX;
	snprintf(m->evidence, sizeof(m->evidence),
	    "{\"dst_port\":23,\"targets\":512}");
	obuf_init(&b, 1 << 20);
	ipc_encode_event(&b, m);
	split(&b, MSG_EVENT, &in);
	assert_int_equal(ipc_decode_event(&in, got), 0);
	assert_string_equal(got->type, "telnet_scan");
	assert_int_equal(got->severity, 3);
	assert_string_equal(got->subject, "8944100000000000018");
	assert_true(got->window_start == -1);
	assert_true(got->window_end == INT64_MAX);
	assert_string_equal(got->evidence, "{\"dst_port\":23,\"targets\":512}");
	assert_strict(&b, dec_event, got);

	/* Full-size strings survive the trip. */
	memset(m->type, 't', sizeof(m->type) - 1);
	memset(m->subject, 's', sizeof(m->subject) - 1);
	memset(m->evidence, 'e', sizeof(m->evidence) - 1);
	m->window_start = INT64_MIN;
	obuf_clear(&b);
	ipc_encode_event(&b, m);
	split(&b, MSG_EVENT, &in);
	assert_int_equal(ipc_decode_event(&in, got), 0);
	assert_memory_equal(got, m, sizeof(*m));
	obuf_reset(&b);
	free(m);
	free(got);
}

/* An evidence string one byte too long for the receiver. */
static void
test_event_evidence_too_long(void **state)
{
	size_t n = 2 + 1 + 2 + 16 + 2 + IPC_EVIDENCE_MAX;
	uint8_t *p = calloc(1, n);
	struct msg_event *got = calloc(1, sizeof(*got));
	struct ibuf in;

	(void)state;
	assert_non_null(p);
	assert_non_null(got);
	/* type "", severity 0, subject "", windows 0, evidence 8192 'e'. */
	p[21] = (uint8_t)(IPC_EVIDENCE_MAX >> 8);
	p[22] = (uint8_t)IPC_EVIDENCE_MAX;
	memset(p + 23, 'e', IPC_EVIDENCE_MAX);
	ibuf_init(&in, p, n);
	assert_int_equal(ipc_decode_event(&in, got), -EBADMSG);
	p[22] = (uint8_t)(IPC_EVIDENCE_MAX - 1);
	p[21] = (uint8_t)((IPC_EVIDENCE_MAX - 1) >> 8);
	ibuf_init(&in, p, n - 1);
	assert_int_equal(ipc_decode_event(&in, got), 0);
	assert_int_equal(strlen(got->evidence), IPC_EVIDENCE_MAX - 1);
	free(p);
	free(got);
}

static void
config_msg(struct msg_config *m)
{
	memset(m, 0, sizeof(*m));
	m->log_level = 3;
	m->body_limit = 1 << 20;
	m->import_limit = 4ULL << 30;
	m->n_networks = 2;
	assert_int_equal(cidr_parse("10.64.0.0/10", &m->networks[0]), 0);
	assert_int_equal(cidr_parse("2001:db8:100::/48", &m->networks[1]), 0);
}

static void
test_config(void **state)
{
	struct msg_config *m = calloc(1, sizeof(*m));
	struct msg_config *got = calloc(1, sizeof(*got));
	struct obuf b;
	struct ibuf in;
	char net[CIDR_STRLEN];

	(void)state;
	assert_non_null(m);
	assert_non_null(got);
	config_msg(m);
	obuf_init(&b, 1 << 20);
	ipc_encode_config(&b, m);
	/* u8 + 2 * u64 + u16 + 2 * (u8 + 16 + u8) */
	assert_int_equal(b.len, IPC_HDR_LEN + 1 + 16 + 2 + 2 * 18);
	split(&b, MSG_CONFIG, &in);
	assert_int_equal(ipc_decode_config(&in, got), 0);
	assert_int_equal(got->log_level, 3);
	assert_int_equal(got->body_limit, 1 << 20);
	assert_true(got->import_limit == 4ULL << 30);
	assert_int_equal(got->n_networks, 2);
	cidr_format(&got->networks[0], net, sizeof(net));
	assert_string_equal(net, "10.64.0.0/10");
	cidr_format(&got->networks[1], net, sizeof(net));
	assert_string_equal(net, "2001:db8:100::/48");
	assert_memory_equal(got, m, sizeof(*m));
	assert_strict(&b, dec_config, got);

	/* All 64 networks. */
	m->n_networks = IPC_MAX_NETWORKS;
	for (int i = 0; i < IPC_MAX_NETWORKS; i++) {
		snprintf(net, sizeof(net), "10.%d.0.0/16", i);
		assert_int_equal(cidr_parse(net, &m->networks[i]), 0);
	}
	obuf_clear(&b);
	ipc_encode_config(&b, m);
	split(&b, MSG_CONFIG, &in);
	assert_int_equal(ipc_decode_config(&in, got), 0);
	assert_memory_equal(got, m, sizeof(*m));

	/* More than the receiver can hold: the encoder refuses. */
	m->n_networks = IPC_MAX_NETWORKS + 1;
	obuf_clear(&b);
	ipc_encode_config(&b, m);
	assert_true(obuf_failed(&b));
	obuf_reset(&b);
	free(m);
	free(got);
}

/* Hand-made config payloads with one bad field each. */
static void
test_config_bad_fields(void **state)
{
	struct msg_config *got = calloc(1, sizeof(*got));
	uint8_t p[64];
	struct ibuf in;
	size_t n = 1 + 16 + 2 + 18;

	(void)state;
	assert_non_null(got);
	memset(p, 0, sizeof(p));
	p[18] = 1;      /* one network */
	p[19] = 4;      /* IPv4 */
	p[20] = 10;     /* 10.0.0.0 */
	p[19 + 17] = 8; /* /8 */
	ibuf_init(&in, p, n);
	assert_int_equal(ipc_decode_config(&in, got), 0);
	assert_int_equal(got->networks[0].net.family, AF_INET);
	assert_int_equal(got->networks[0].prefix, 8);

	p[19 + 17] = 33;
	ibuf_init(&in, p, n);
	assert_int_equal(ipc_decode_config(&in, got), -EBADMSG);
	p[19] = 6;
	ibuf_init(&in, p, n);
	assert_int_equal(ipc_decode_config(&in, got), 0);
	assert_int_equal(got->networks[0].net.family, AF_INET6);
	p[19 + 17] = 129;
	ibuf_init(&in, p, n);
	assert_int_equal(ipc_decode_config(&in, got), -EBADMSG);
	p[19 + 17] = 8;
	p[19] = 5;
	ibuf_init(&in, p, n);
	assert_int_equal(ipc_decode_config(&in, got), -EBADMSG);
	/* A network count past IPC_MAX_NETWORKS, whatever follows. */
	p[19] = 4;
	p[17] = 0;
	p[18] = IPC_MAX_NETWORKS + 1;
	ibuf_init(&in, p, n);
	assert_int_equal(ipc_decode_config(&in, got), -EBADMSG);
	p[17] = 0xff;
	p[18] = 0xff;
	ibuf_init(&in, p, n);
	assert_int_equal(ipc_decode_config(&in, got), -EBADMSG);
	free(got);
}

/* The parent's names for the resolver: one frame, a full one, and the
 * fields the resolver must refuse. */
static void
test_dns_names(void **state)
{
	/* first 1, last 1, one name "a.b" */
	static const uint8_t one[] = {1, 1, 0, 1, 0, 3, 'a', '.', 'b'};
	static struct msg_dns_names m, got;
	uint8_t p[32];
	struct ibuf in;
	struct obuf b;

	(void)state;
	m.first = 1;
	m.last = 1;
	m.n = 2;
	snprintf(m.names[0], sizeof(m.names[0]), "cloud.example.com");
	snprintf(m.names[1], sizeof(m.names[1]), "ntp.example.org");
	obuf_init(&b, 1 << 20);
	ipc_encode_dns_names(&b, &m);
	/* first, last, u16 count, two strings */
	assert_int_equal(b.len, IPC_HDR_LEN + 4 + 2 + 17 + 2 + 15);
	split(&b, MSG_DNS_NAMES, &in);
	memset(&got, 0x5a, sizeof(got));
	assert_int_equal(ipc_decode_dns_names(&in, &got), 0);
	assert_int_equal(got.first, 1);
	assert_int_equal(got.last, 1);
	assert_int_equal(got.n, 2);
	assert_string_equal(got.names[0], "cloud.example.com");
	assert_string_equal(got.names[1], "ntp.example.org");
	assert_strict(&b, dec_dns_names, &got);

	/* A full frame of the longest names, the middle of a list. */
	m.first = 0;
	m.last = 0;
	m.n = IPC_DNS_NAMES_MAX;
	for (unsigned i = 0; i < m.n; i++) {
		memset(m.names[i], 'a' + i % 26, IPC_DNS_NAME_MAX - 1);
		m.names[i][IPC_DNS_NAME_MAX - 1] = '\0';
	}
	obuf_clear(&b);
	ipc_encode_dns_names(&b, &m);
	split(&b, MSG_DNS_NAMES, &in);
	assert_int_equal(ipc_decode_dns_names(&in, &got), 0);
	assert_int_equal(got.first, 0);
	assert_int_equal(got.last, 0);
	assert_int_equal(got.n, IPC_DNS_NAMES_MAX);
	for (unsigned i = 0; i < got.n; i++)
		assert_string_equal(got.names[i], m.names[i]);
	/* More than a frame holds: the encoder refuses. */
	m.n = IPC_DNS_NAMES_MAX + 1;
	obuf_clear(&b);
	ipc_encode_dns_names(&b, &m);
	assert_true(obuf_failed(&b));
	obuf_reset(&b);

	/* Hand-made ones. */
	memcpy(p, one, sizeof(one));
	ibuf_init(&in, p, 9);
	assert_int_equal(ipc_decode_dns_names(&in, &got), 0);
	assert_string_equal(got.names[0], "a.b");
	/* first or last other than 0 and 1 */
	p[0] = 2;
	ibuf_init(&in, p, 9);
	assert_int_equal(ipc_decode_dns_names(&in, &got), -EBADMSG);
	p[0] = 1;
	p[1] = 2;
	ibuf_init(&in, p, 9);
	assert_int_equal(ipc_decode_dns_names(&in, &got), -EBADMSG);
	p[1] = 1;
	/* a count past IPC_DNS_NAMES_MAX, whatever follows */
	p[2] = (IPC_DNS_NAMES_MAX + 1) >> 8;
	p[3] = (IPC_DNS_NAMES_MAX + 1) & 0xff;
	ibuf_init(&in, p, 9);
	assert_int_equal(ipc_decode_dns_names(&in, &got), -EBADMSG);
	/* an empty name */
	memcpy(p, one, sizeof(one));
	p[5] = 0;
	ibuf_init(&in, p, 6);
	assert_int_equal(ipc_decode_dns_names(&in, &got), -EBADMSG);
	/* a name of 254 characters does not fit names[i] */
	{
		uint8_t *big = calloc(1, 4 + 2 + IPC_DNS_NAME_MAX);

		assert_non_null(big);
		big[0] = 1;
		big[1] = 1;
		big[3] = 1;
		big[5] = IPC_DNS_NAME_MAX;
		memset(big + 6, 'a', IPC_DNS_NAME_MAX);
		ibuf_init(&in, big, 4 + 2 + IPC_DNS_NAME_MAX);
		assert_int_equal(ipc_decode_dns_names(&in, &got), -EBADMSG);
		big[5] = IPC_DNS_NAME_MAX - 1;
		ibuf_init(&in, big, 4 + 2 + IPC_DNS_NAME_MAX - 1);
		assert_int_equal(ipc_decode_dns_names(&in, &got), 0);
		free(big);
	}
}

/* The resolver's answer: the exact bytes of a small one, both families,
 * a full one, and what the parent must refuse of a child. */
static void
test_dns_answer(void **state)
{
	static const uint8_t want[] = {0, 0, 0, MSG_DNS_ANSWER, 0, 0, 0, 22, 0,
	    9, 'a', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e', 4, 0, 0, 0, 90, 0,
	    1, 192, 0, 2, 1};
	/* "a.b", family 4, ttl 30, one address */
	static const uint8_t one[] = {
	    0, 3, 'a', '.', 'b', 4, 0, 0, 0, 30, 0, 1, 10, 0, 0, 1};
	static const uint8_t unnamed[] = {0, 0, 4, 0, 0, 0, 30, 0, 0};
	static struct msg_dns_answer m, got;
	uint8_t p[64];
	struct ibuf in;
	struct obuf b;
	char s[ADDR_STRLEN];

	(void)state;
	memset(p, 0, sizeof(p));
	snprintf(m.name, sizeof(m.name), "a.example");
	m.family = 4;
	m.ttl = 90;
	m.n = 1;
	assert_int_equal(ipaddr_parse("192.0.2.1", &m.addrs[0]), 0);
	obuf_init(&b, 1 << 20);
	ipc_encode_dns_answer(&b, &m);
	assert_int_equal(b.len, sizeof(want));
	assert_memory_equal(b.data, want, sizeof(want));
	split(&b, MSG_DNS_ANSWER, &in);
	assert_int_equal(ipc_decode_dns_answer(&in, &got), 0);
	/* the same struct: family AF_INET, unused bytes zero */
	assert_memory_equal(&got, &m, sizeof(m));
	assert_strict(&b, dec_dns_answer, &got);

	/* IPv6, every address the frame may hold. */
	memset(&m, 0, sizeof(m));
	snprintf(m.name, sizeof(m.name), "cloud.example.com");
	m.family = 6;
	m.ttl = UINT32_MAX;
	m.n = IPC_DNS_ADDRS_MAX;
	for (unsigned i = 0; i < m.n; i++) {
		snprintf(s, sizeof(s), "2001:db8::%x", i + 1);
		assert_int_equal(ipaddr_parse(s, &m.addrs[i]), 0);
	}
	obuf_clear(&b);
	ipc_encode_dns_answer(&b, &m);
	assert_int_equal(b.len, IPC_HDR_LEN + 2 + 17 + 1 + 4 + 2 + 64 * 16);
	split(&b, MSG_DNS_ANSWER, &in);
	assert_int_equal(ipc_decode_dns_answer(&in, &got), 0);
	assert_memory_equal(&got, &m, sizeof(m));
	ipaddr_format(&got.addrs[63], s, sizeof(s));
	assert_string_equal(s, "2001:db8::40");

	/* No address now (NXDOMAIN): still an answer. */
	m.n = 0;
	obuf_clear(&b);
	ipc_encode_dns_answer(&b, &m);
	split(&b, MSG_DNS_ANSWER, &in);
	assert_int_equal(ipc_decode_dns_answer(&in, &got), 0);
	assert_int_equal(got.n, 0);
	assert_int_equal(got.family, 6);

	/* More than the parent takes: the encoder refuses. */
	m.n = IPC_DNS_ADDRS_MAX + 1;
	obuf_clear(&b);
	ipc_encode_dns_answer(&b, &m);
	assert_true(obuf_failed(&b));
	obuf_reset(&b);

	/* Hand-made ones. */
	memcpy(p, one, sizeof(one));
	ibuf_init(&in, p, 16);
	assert_int_equal(ipc_decode_dns_answer(&in, &got), 0);
	assert_int_equal(got.addrs[0].family, AF_INET);
	/* a family other than 4 and 6, whatever follows */
	for (unsigned fam = 0; fam < 256; fam++) {
		if (fam == 4 || fam == 6)
			continue;
		p[5] = (uint8_t)fam;
		ibuf_init(&in, p, 16);
		assert_int_equal(ipc_decode_dns_answer(&in, &got), -EBADMSG);
		ibuf_init(&in, p, 28); /* room for an IPv6 address */
		assert_int_equal(ipc_decode_dns_answer(&in, &got), -EBADMSG);
	}
	p[5] = 4;
	/* a count past IPC_DNS_ADDRS_MAX */
	p[10] = 0;
	p[11] = IPC_DNS_ADDRS_MAX + 1;
	ibuf_init(&in, p, 16);
	assert_int_equal(ipc_decode_dns_answer(&in, &got), -EBADMSG);
	/* an IPv6 answer with an IPv4 address's bytes */
	p[11] = 1;
	p[5] = 6;
	ibuf_init(&in, p, 16);
	assert_int_equal(ipc_decode_dns_answer(&in, &got), -EBADMSG);
	/* an empty name, no address */
	memcpy(p, unnamed, sizeof(unnamed));
	ibuf_init(&in, p, sizeof(unnamed));
	assert_int_equal(ipc_decode_dns_answer(&in, &got), -EBADMSG);
}

static void
test_encode_cap(void **state)
{
	struct msg_event *m = calloc(1, sizeof(*m));
	struct obuf b;

	(void)state;
	assert_non_null(m);
	memset(m->evidence, 'e', sizeof(m->evidence) - 1);
	obuf_init(&b, 1024);
	ipc_encode_event(&b, m);
	assert_true(obuf_failed(&b));
	obuf_reset(&b);
	obuf_init(&b, 12);
	ipc_encode_ready(&b, "api");
	assert_true(obuf_failed(&b));
	obuf_reset(&b);
	obuf_init(&b, 13);
	ipc_encode_ready(&b, "api");
	assert_false(obuf_failed(&b));
	obuf_reset(&b);
	free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_radius_messages),
	    cmocka_unit_test(test_frame_parse),
	    cmocka_unit_test(test_ready),
	    cmocka_unit_test(test_two_frames),
	    cmocka_unit_test(test_sim_changed),
	    cmocka_unit_test(test_event),
	    cmocka_unit_test(test_event_evidence_too_long),
	    cmocka_unit_test(test_config),
	    cmocka_unit_test(test_config_bad_fields),
	    cmocka_unit_test(test_dns_names),
	    cmocka_unit_test(test_dns_answer),
	    cmocka_unit_test(test_encode_cap),
	};

	return cmocka_run_group_tests_name("ipc", tests, NULL, NULL);
}
