/*
 * The radius role's view of a datagram from a NAS: decode it, then touch
 * everything a handler may read (every attribute through the walker and
 * the typed getters, the 3GPP values) and run every check with a fixed
 * secret. The decoder's promises are checked as well: the walk agrees
 * with the index, every span lies inside the Length, and a packet built
 * from the walked attributes decodes to the same index.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "radius/radius_dict.h"
#include "radius/radius_pkt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct radius_secret secret;
static int secret_ready;

static void
check_span(const struct radius_pkt *p, const struct radius_span *s)
{
	if (s->off == 0)
		return;
	if (s->off < RADIUS_HDR_LEN + 2 || s->off + s->len > p->len)
		abort();
}

/* Rebuild the packet attribute by attribute (a Message-Authenticator as a
 * plain attribute): the attributes must come out as the same bytes, and
 * decode to the same index. */
static void
rebuild(const struct radius_pkt *p)
{
	static uint8_t out[RADIUS_MAX_LEN];
	struct radius_builder b;
	struct radius_span v;
	struct radius_pkt q;
	size_t pos = 0;
	uint8_t type;

	radius_build_begin(
	    &b, out, sizeof(out), p->code, p->id, p->data + 4, 0);
	while (radius_pkt_next(p, &pos, &type, &v))
		radius_build_attr(&b, type, radius_pkt_value(p, &v), v.len);
	if (radius_build_finish(&b, &secret) != (ssize_t)p->len)
		abort();
	if (memcmp(out + RADIUS_HDR_LEN, p->data + RADIUS_HDR_LEN,
	        p->len - RADIUS_HDR_LEN) != 0)
		abort();
	if (radius_pkt_decode(&q, out, p->len) != RADIUS_EOK ||
	    memcmp(q.attr, p->attr, sizeof(q.attr)) != 0 ||
	    memcmp(q.tgpp, p->tgpp, sizeof(q.tgpp)) != 0 ||
	    q.msgauth_off != p->msgauth_off)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t req_auth[RADIUS_AUTH_LEN];
	static struct radius_pkt p;
	struct radius_3gpp g;
	struct radius_span v;
	char str[256], name[32];
	size_t pos = 0;
	unsigned t;
	uint8_t type;

	if (!secret_ready) {
		if (radius_secret_init(&secret, "fuzz-secret", 11) != 0)
			abort();
		secret_ready = 1;
	}
	if (radius_pkt_decode(&p, data, size) != RADIUS_EOK)
		return 0;
	if (p.len < RADIUS_HDR_LEN || p.len > size)
		abort();
	(void)radius_code_name(p.code);
	while (radius_pkt_next(&p, &pos, &type, &v)) {
		check_span(&p, &v);
		if (v.off == 0 || !radius_pkt_has(&p.attr[type]) ||
		    p.attr[type].off > v.off)
			abort();
		(void)radius_dict_attr_name(type, name, sizeof(name));
		(void)radius_pkt_str(&p, &v, str, sizeof(str));
	}
	if (pos != p.len && !(pos == 0 && p.len == RADIUS_HDR_LEN))
		abort();
	for (t = 0; t < 256; t++) {
		check_span(&p, &p.attr[t]);
		(void)radius_pkt_u32(&p, t);
		(void)radius_pkt_str(&p, &p.attr[t], str, sizeof(str));
		(void)radius_pkt_str(&p, &p.attr[t], str, 8);
	}
	for (t = 0; t < RADIUS_3GPP_MAX; t++) {
		check_span(&p, &p.tgpp[t]);
		(void)radius_dict_3gpp_name(t, name, sizeof(name));
	}
	radius_dict_3gpp(&p, &g);
	if (strlen(g.imsi) >= sizeof(g.imsi) || strlen(g.uli) >= sizeof(g.uli))
		abort();
	(void)radius_dict_rat_name(g.rat_type);
	if (radius_pkt_u32(&p, RADIUS_ERROR_CAUSE) >= 0)
		(void)radius_dict_error_cause(
		    (uint32_t)radius_pkt_u32(&p, RADIUS_ERROR_CAUSE));

	(void)radius_pkt_verify_msgauth(&p, &secret);
	(void)radius_pkt_verify_request_auth(&p, &secret);
	(void)radius_pkt_verify_response(&p, req_auth, &secret);
	(void)radius_pkt_verify_response(&p, p.data + 4, &secret);
	rebuild(&p);
	return 0;
}
