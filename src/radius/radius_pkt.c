/* MD5_Init and friends: deprecated in OpenSSL 3, and still the fastest way
 * to copy a precomputed HMAC key state per packet. */
#define OPENSSL_SUPPRESS_DEPRECATED

#include "radius/radius_pkt.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/md5.h>

#include "common/wire.h"

#define RADIUS_ATTR_MAX 253 /* the most one attribute can carry */
#define RADIUS_VSA_HDR 6    /* Vendor-Id, then the sub-attribute's header */
#define HMAC_BLOCK 64

static const uint8_t zeros[RADIUS_AUTH_LEN];

const char *
radius_pkt_strerror(int err)
{
	switch (err) {
	case RADIUS_EOK:
		return "no error";
	case RADIUS_ESHORT:
		return "packet shorter than its header or its Length";
	case RADIUS_ELENGTH:
		return "Length field under 20 or over 4096";
	case RADIUS_EATTR:
		return "attribute length under 2 or past the packet";
	case RADIUS_EMSGAUTH_LEN:
		return "Message-Authenticator is not 18 bytes long";
	case RADIUS_EMSGAUTH_DUP:
		return "more than one Message-Authenticator";
	case RADIUS_EVSA:
		return "malformed Vendor-Specific attribute";
	case RADIUS_EMSGAUTH_MISSING:
		return "Message-Authenticator missing";
	case RADIUS_EMSGAUTH_BAD:
		return "Message-Authenticator wrong (shared secret?)";
	case RADIUS_EAUTHENTICATOR:
		return "authenticator wrong (shared secret?)";
	case RADIUS_ENOSPACE:
		return "packet does not fit";
	}
	return "unknown error";
}

const char *
radius_code_name(unsigned code)
{
	switch (code) {
	case RADIUS_ACCESS_REQUEST:
		return "Access-Request";
	case RADIUS_ACCESS_ACCEPT:
		return "Access-Accept";
	case RADIUS_ACCESS_REJECT:
		return "Access-Reject";
	case RADIUS_ACCOUNTING_REQUEST:
		return "Accounting-Request";
	case RADIUS_ACCOUNTING_RESPONSE:
		return "Accounting-Response";
	case RADIUS_ACCESS_CHALLENGE:
		return "Access-Challenge";
	case RADIUS_STATUS_SERVER:
		return "Status-Server";
	case RADIUS_DISCONNECT_REQUEST:
		return "Disconnect-Request";
	case RADIUS_DISCONNECT_ACK:
		return "Disconnect-ACK";
	case RADIUS_DISCONNECT_NAK:
		return "Disconnect-NAK";
	case RADIUS_COA_REQUEST:
		return "CoA-Request";
	case RADIUS_COA_ACK:
		return "CoA-ACK";
	case RADIUS_COA_NAK:
		return "CoA-NAK";
	}
	return "unknown";
}

/* Codes whose authenticator answers a request's (RFC 2865 section 3,
 * RFC 2866 section 3, RFC 5176 section 3.5). */
static int
code_is_reply(unsigned code)
{
	switch (code) {
	case RADIUS_ACCESS_ACCEPT:
	case RADIUS_ACCESS_REJECT:
	case RADIUS_ACCOUNTING_RESPONSE:
	case RADIUS_ACCESS_CHALLENGE:
	case RADIUS_DISCONNECT_ACK:
	case RADIUS_DISCONNECT_NAK:
	case RADIUS_COA_ACK:
	case RADIUS_COA_NAK:
		return 1;
	}
	return 0;
}

/* Replies whose Message-Authenticator is computed with the authenticator
 * field as zeros rather than the request's: the Accounting-Response, as
 * FreeRADIUS (radclient included) signs and checks it; RFC 2866 predates
 * the attribute and no RFC says otherwise. */
static int
code_msgauth_zeros(unsigned code)
{
	return code == RADIUS_ACCOUNTING_RESPONSE;
}

/* Requests whose authenticator is an MD5 over the packet with the field
 * taken as zeros, and whose Message-Authenticator sees those zeros. */
static int
code_is_signed_request(unsigned code)
{
	return code == RADIUS_ACCOUNTING_REQUEST ||
	       code == RADIUS_DISCONNECT_REQUEST || code == RADIUS_COA_REQUEST;
}

/*
 * One Vendor-Specific value (off and len cover the Vendor-Id and what
 * follows). The Vendor-Id is required of every vendor; only 3GPP's
 * sub-attributes are walked, since only they are read, and a 3GPP VSA
 * whose sub-attributes do not tile it exactly is refused rather than
 * half-read. The first occurrence of each indexed subtype wins, as for
 * standard attributes.
 */
static int
decode_vsa(struct radius_pkt *p, size_t off, size_t len)
{
	const uint8_t *d = p->data;
	size_t end = off + len;
	uint8_t st, sl;

	if (len < 4)
		return RADIUS_EVSA;
	if (wire_be32(d + off) != RADIUS_VENDOR_3GPP)
		return RADIUS_EOK;
	for (off += 4; off < end; off += sl) {
		if (end - off < 2)
			return RADIUS_EVSA;
		st = d[off];
		sl = d[off + 1];
		if (sl < 2 || sl > end - off)
			return RADIUS_EVSA;
		if (st < RADIUS_3GPP_MAX && p->tgpp[st].off == 0) {
			p->tgpp[st].off = (uint16_t)(off + 2);
			p->tgpp[st].len = (uint8_t)(sl - 2);
		}
	}
	return RADIUS_EOK;
}

/*
 * The attribute walk reads nothing that it has not first checked to lie
 * inside the Length: two bytes of header, then a length that must cover
 * them and stay inside. The index is cleared first so that a packet never
 * shows attributes of the one decoded before it into the same struct. On
 * an error the index is partial and p->len is 0, so that the walk and the
 * checks refuse p.
 */
int
radius_pkt_decode(struct radius_pkt *p, const uint8_t *buf, size_t len)
{
	size_t off, plen;
	uint8_t type, alen;
	int rc;

	memset(p->attr, 0, sizeof(p->attr));
	memset(p->tgpp, 0, sizeof(p->tgpp));
	p->data = buf;
	p->len = 0;
	p->msgauth_off = 0;
	if (len < RADIUS_HDR_LEN)
		return RADIUS_ESHORT;
	plen = wire_be16(buf + 2);
	if (plen < RADIUS_HDR_LEN || plen > RADIUS_MAX_LEN)
		return RADIUS_ELENGTH;
	if (len < plen)
		return RADIUS_ESHORT;
	p->code = buf[0];
	p->id = buf[1];
	for (off = RADIUS_HDR_LEN; off < plen; off += alen) {
		if (plen - off < 2)
			return RADIUS_EATTR;
		type = buf[off];
		alen = buf[off + 1];
		if (alen < 2 || alen > plen - off)
			return RADIUS_EATTR;
		if (type == RADIUS_MESSAGE_AUTHENTICATOR) {
			if (alen != 2 + RADIUS_MSGAUTH_LEN)
				return RADIUS_EMSGAUTH_LEN;
			if (p->msgauth_off != 0)
				return RADIUS_EMSGAUTH_DUP;
			p->msgauth_off = (uint16_t)(off + 2);
		} else if (type == RADIUS_VENDOR_SPECIFIC) {
			rc = decode_vsa(p, off + 2, alen - 2u);
			if (rc != RADIUS_EOK)
				return rc;
		}
		if (p->attr[type].off == 0) {
			p->attr[type].off = (uint16_t)(off + 2);
			p->attr[type].len = (uint8_t)(alen - 2);
		}
	}
	p->len = (uint16_t)plen;
	return RADIUS_EOK;
}

int64_t
radius_pkt_u32(const struct radius_pkt *p, unsigned type)
{
	const struct radius_span *s;

	if (type >= 256)
		return -1;
	s = &p->attr[type];
	if (s->off == 0 || s->len != 4)
		return -1;
	return wire_be32(p->data + s->off);
}

/* Text attributes are not NUL-terminated on the wire; one that holds a NUL
 * is refused rather than silently cut short. dst is always terminated. */
int
radius_pkt_str(const struct radius_pkt *p, const struct radius_span *s,
    char *dst, size_t dstsz)
{
	const uint8_t *v;

	if (dstsz > 0)
		dst[0] = '\0';
	if (s->off == 0)
		return 0;
	v = p->data + s->off;
	if (s->len >= dstsz || memchr(v, '\0', s->len) != NULL)
		return -1;
	memcpy(dst, v, s->len);
	dst[s->len] = '\0';
	return s->len;
}

/* The packet was checked by radius_pkt_decode(); the bounds are checked
 * again so that a stray *pos cannot walk off the end. */
int
radius_pkt_next(const struct radius_pkt *p, size_t *pos, uint8_t *type,
    struct radius_span *val)
{
	size_t off = *pos < RADIUS_HDR_LEN ? RADIUS_HDR_LEN : *pos;
	uint8_t alen;

	if (off >= p->len || p->len - off < 2)
		return 0;
	alen = p->data[off + 1];
	if (alen < 2 || alen > p->len - off)
		return 0;
	*type = p->data[off];
	val->off = (uint16_t)(off + 2);
	val->len = (uint8_t)(alen - 2);
	*pos = off + alen;
	return 1;
}

/*
 * RFC 2104: a key longer than the block is replaced by its MD5, then the
 * inner and outer pads are absorbed once here, so that each packet costs
 * a copy of each state and no key schedule. The pads hold key material and
 * are wiped.
 */
int
radius_secret_init(struct radius_secret *s, const void *key, size_t len)
{
	uint8_t k[HMAC_BLOCK], pad[HMAC_BLOCK];
	size_t i;

	memset(s, 0, sizeof(*s));
	if (len == 0 || len > RADIUS_SECRET_MAX)
		return -1;
	memcpy(s->key, key, len);
	s->len = len;
	memset(k, 0, sizeof(k));
	if (len > HMAC_BLOCK)
		MD5(key, len, k);
	else
		memcpy(k, key, len);
	for (i = 0; i < HMAC_BLOCK; i++)
		pad[i] = k[i] ^ 0x36;
	MD5_Init(&s->hmac_inner);
	MD5_Update(&s->hmac_inner, pad, sizeof(pad));
	for (i = 0; i < HMAC_BLOCK; i++)
		pad[i] = k[i] ^ 0x5c;
	MD5_Init(&s->hmac_outer);
	MD5_Update(&s->hmac_outer, pad, sizeof(pad));
	OPENSSL_cleanse(k, sizeof(k));
	OPENSSL_cleanse(pad, sizeof(pad));
	return 0;
}

void
radius_hmac_md5(const struct radius_secret *s, const void *const *part,
    const size_t *part_len, size_t nparts, uint8_t out[16])
{
	MD5_CTX c;
	uint8_t inner[MD5_DIGEST_LENGTH];
	size_t i;

	c = s->hmac_inner;
	for (i = 0; i < nparts; i++)
		MD5_Update(&c, part[i], part_len[i]);
	MD5_Final(inner, &c);
	c = s->hmac_outer;
	MD5_Update(&c, inner, sizeof(inner));
	MD5_Final(out, &c);
	OPENSSL_cleanse(&c, sizeof(c));
}

/*
 * The Message-Authenticator of a received packet, computed in place: the
 * packet is fed in pieces with auth standing in the authenticator field
 * and 16 zero bytes standing in the attribute's value, so that nothing is
 * copied and the caller's buffer is never written.
 */
static void
msgauth_compute(const struct radius_pkt *p, const uint8_t *auth,
    const struct radius_secret *s, uint8_t out[RADIUS_MSGAUTH_LEN])
{
	size_t ma = p->msgauth_off, rest = ma + RADIUS_MSGAUTH_LEN;
	const void *part[5] = {
	    p->data, auth, p->data + RADIUS_HDR_LEN, zeros, p->data + rest};
	size_t len[5] = {4, RADIUS_AUTH_LEN, ma - RADIUS_HDR_LEN,
	    RADIUS_MSGAUTH_LEN, p->len - rest};

	radius_hmac_md5(s, part, len, 5, out);
}

/* MD5(Code, Identifier, Length, auth, Attributes, Secret): the Response
 * Authenticator with the request's auth, the accounting-style Request
 * Authenticator with zeros. */
static void
auth_compute(const uint8_t *pkt, size_t len, const uint8_t *auth,
    const struct radius_secret *s, uint8_t out[RADIUS_AUTH_LEN])
{
	MD5_CTX c;

	MD5_Init(&c);
	MD5_Update(&c, pkt, 4);
	MD5_Update(&c, auth, RADIUS_AUTH_LEN);
	MD5_Update(&c, pkt + RADIUS_HDR_LEN, len - RADIUS_HDR_LEN);
	MD5_Update(&c, s->key, s->len);
	MD5_Final(out, &c);
	OPENSSL_cleanse(&c, sizeof(c));
}

int
radius_pkt_verify_msgauth(
    const struct radius_pkt *p, const struct radius_secret *s)
{
	uint8_t mac[RADIUS_MSGAUTH_LEN];
	const uint8_t *auth = p->data + 4;

	if (p->len < RADIUS_HDR_LEN)
		return RADIUS_ESHORT;
	if (p->msgauth_off == 0)
		return RADIUS_EMSGAUTH_MISSING;
	if (code_is_signed_request(p->code))
		auth = zeros;
	msgauth_compute(p, auth, s, mac);
	if (CRYPTO_memcmp(mac, p->data + p->msgauth_off, sizeof(mac)) != 0)
		return RADIUS_EMSGAUTH_BAD;
	return RADIUS_EOK;
}

int
radius_pkt_verify_request_auth(
    const struct radius_pkt *p, const struct radius_secret *s)
{
	uint8_t a[RADIUS_AUTH_LEN];

	if (p->len < RADIUS_HDR_LEN)
		return RADIUS_ESHORT;
	auth_compute(p->data, p->len, zeros, s, a);
	if (CRYPTO_memcmp(a, p->data + 4, sizeof(a)) != 0)
		return RADIUS_EAUTHENTICATOR;
	return RADIUS_EOK;
}

/* The Response Authenticator first: it covers the whole packet, the
 * Message-Authenticator included (RFC 3579 section 3.2). */
int
radius_pkt_verify_response(const struct radius_pkt *p,
    const uint8_t req_auth[RADIUS_AUTH_LEN], const struct radius_secret *s)
{
	uint8_t a[RADIUS_AUTH_LEN];

	if (p->len < RADIUS_HDR_LEN)
		return RADIUS_ESHORT;
	auth_compute(p->data, p->len, req_auth, s, a);
	if (CRYPTO_memcmp(a, p->data + 4, sizeof(a)) != 0)
		return RADIUS_EAUTHENTICATOR;
	if (p->msgauth_off == 0)
		return RADIUS_EOK;
	msgauth_compute(p, code_msgauth_zeros(p->code) ? zeros : req_auth, s,
	    a);
	if (CRYPTO_memcmp(a, p->data + p->msgauth_off, sizeof(a)) == 0)
		return RADIUS_EOK;
	/* RFC 5176 section 3.5 has a Disconnect/CoA ACK or NAK signed with
	 * the request's authenticator; FreeRADIUS signs them with zeros.
	 * Both prove the secret, so either is taken. */
	if (p->code >= RADIUS_DISCONNECT_ACK && p->code <= RADIUS_COA_NAK &&
	    p->code != RADIUS_COA_REQUEST) {
		msgauth_compute(p, zeros, s, a);
		if (CRYPTO_memcmp(a, p->data + p->msgauth_off, sizeof(a)) == 0)
			return RADIUS_EOK;
	}
	return RADIUS_EMSGAUTH_BAD;
}

/* Room for n more bytes, or the sticky error. The cap never exceeds what
 * a Length field may say. */
static uint8_t *
build_reserve(struct radius_builder *b, size_t n)
{
	uint8_t *w;

	if (b->error != 0)
		return NULL;
	if (n > b->cap - b->len) {
		b->error = RADIUS_ENOSPACE;
		return NULL;
	}
	w = b->buf + b->len;
	b->len += n;
	return w;
}

/*
 * The Length is left zero until finish. The Message-Authenticator, when
 * asked for, is written now as 16 zero bytes, which is the value it is
 * computed over, so that finish can MAC the buffer as it stands.
 */
void
radius_build_begin(struct radius_builder *b, uint8_t *buf, size_t cap,
    uint8_t code, uint8_t id, const uint8_t auth[RADIUS_AUTH_LEN],
    int with_msgauth)
{
	b->buf = buf;
	b->cap = cap > RADIUS_MAX_LEN ? RADIUS_MAX_LEN : cap;
	b->len = 0;
	b->msgauth_off = 0;
	b->error = 0;
	if (build_reserve(b, RADIUS_HDR_LEN) == NULL)
		return;
	buf[0] = code;
	buf[1] = id;
	buf[2] = 0;
	buf[3] = 0;
	memcpy(buf + 4, auth != NULL ? auth : zeros, RADIUS_AUTH_LEN);
	if (with_msgauth) {
		radius_build_attr(
		    b, RADIUS_MESSAGE_AUTHENTICATOR, zeros, RADIUS_MSGAUTH_LEN);
		if (b->error == 0)
			b->msgauth_off = b->len - RADIUS_MSGAUTH_LEN;
	}
}

void
radius_build_attr(
    struct radius_builder *b, uint8_t type, const void *val, size_t len)
{
	uint8_t *w;

	if (b->error == 0 && len > RADIUS_ATTR_MAX)
		b->error = RADIUS_ENOSPACE;
	w = build_reserve(b, 2 + len);
	if (w == NULL)
		return;
	w[0] = type;
	w[1] = (uint8_t)(2 + len);
	if (len > 0)
		memcpy(w + 2, val, len);
}

void
radius_build_u32(struct radius_builder *b, uint8_t type, uint32_t v)
{
	uint8_t be[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16),
	    (uint8_t)(v >> 8), (uint8_t)v};

	radius_build_attr(b, type, be, sizeof(be));
}

void
radius_build_str(struct radius_builder *b, uint8_t type, const char *s)
{
	radius_build_attr(b, type, s, strlen(s));
}

/* One sub-attribute per Vendor-Specific, as RFC 2865 section 5.26
 * recommends and as 3GPP's peers expect. */
void
radius_build_vsa(struct radius_builder *b, uint32_t vendor, uint8_t subtype,
    const void *val, size_t len)
{
	uint8_t *w;

	if (b->error == 0 && len > RADIUS_ATTR_MAX - RADIUS_VSA_HDR)
		b->error = RADIUS_ENOSPACE;
	w = build_reserve(b, 2 + RADIUS_VSA_HDR + len);
	if (w == NULL)
		return;
	w[0] = RADIUS_VENDOR_SPECIFIC;
	w[1] = (uint8_t)(2 + RADIUS_VSA_HDR + len);
	w[2] = (uint8_t)(vendor >> 24);
	w[3] = (uint8_t)(vendor >> 16);
	w[4] = (uint8_t)(vendor >> 8);
	w[5] = (uint8_t)vendor;
	w[6] = subtype;
	w[7] = (uint8_t)(2 + len);
	if (len > 0)
		memcpy(w + 8, val, len);
}

/*
 * The order is fixed by the RFCs: the Message-Authenticator is computed
 * first, over the packet with the authenticator field as it will be seen
 * by the verifier (the request's for a reply, the random one for an
 * Access-Request, zeros for the signed requests), then the authenticator
 * field is computed over the packet that now holds the MAC. The field is
 * forced to zeros for the signed requests whatever begin was given. Call
 * it once: a reply's request authenticator is overwritten.
 */
ssize_t
radius_build_finish(struct radius_builder *b, const struct radius_secret *s)
{
	uint8_t *buf = b->buf;
	uint8_t code;
	const void *part;

	if (b->error != 0)
		return b->error;
	code = buf[0];
	buf[2] = (uint8_t)(b->len >> 8);
	buf[3] = (uint8_t)b->len;
	if (code_is_signed_request(code))
		memset(buf + 4, 0, RADIUS_AUTH_LEN);
	if (b->msgauth_off != 0) {
		uint8_t req_auth[RADIUS_AUTH_LEN];

		/* An Accounting-Response's MAC sees zeros where the request
		 * authenticator will go back for the final MD5. */
		memcpy(req_auth, buf + 4, RADIUS_AUTH_LEN);
		if (code_msgauth_zeros(code))
			memset(buf + 4, 0, RADIUS_AUTH_LEN);
		part = buf;
		memset(buf + b->msgauth_off, 0, RADIUS_MSGAUTH_LEN);
		radius_hmac_md5(s, &part, &b->len, 1, buf + b->msgauth_off);
		memcpy(buf + 4, req_auth, RADIUS_AUTH_LEN);
	}
	if (code_is_reply(code) || code_is_signed_request(code))
		auth_compute(buf, b->len, buf + 4, s, buf + 4);
	return (ssize_t)b->len;
}
