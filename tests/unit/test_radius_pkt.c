/*
 * The RADIUS codec against the packets printed in RFC 2865 section 7, with
 * every authenticator also recomputed here through OpenSSL's EVP and HMAC
 * interfaces (not the codec's own MD5 code), every refusal the decoder can
 * give, the builder's limits, and the 3GPP value formats.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "radius/radius_dict.h"
#include "radius/radius_pkt.h"

#define SECRET "xyzzy5461"

/* RFC 2865 section 7.1: nemo's Access-Request and the Access-Accept. */
static const char rfc_telnet_req[] =
    "01 00 00 38 0f 40 3f 94 73 97 80 57 bd 83 d5 cb"
    "98 f4 22 7a 01 06 6e 65 6d 6f 02 12 0d be 70 8d"
    "93 d4 13 ce 31 96 e4 3f 78 2a 0a ee 04 06 c0 a8"
    "01 10 05 06 00 00 00 03";
static const char rfc_telnet_accept[] =
    "02 00 00 26 86 fe 22 0e 76 24 ba 2a 10 05 f6 bf"
    "9b 55 e0 b2 06 06 00 00 00 01 0f 06 00 00 00 00"
    "0e 06 c0 a8 01 03";
/* RFC 2865 section 7.2: flopsy's CHAP Access-Request. */
static const char rfc_chap_req[] =
    "01 01 00 47 2a ee 86 f0 8d 0d 55 96 9c a5 97 8e"
    "0d 33 67 a2 01 08 66 6c 6f 70 73 79 03 13 16 e9"
    "75 57 c3 16 18 58 95 f2 93 ff 63 44 07 72 75 04"
    "06 c0 a8 01 10 05 06 00 00 00 14 06 06 00 00 00"
    "02 07 06 00 00 00 01";

static const uint8_t zero_auth[RADIUS_AUTH_LEN];
static const uint8_t req_auth[RADIUS_AUTH_LEN] = {0x21, 0x07, 0xa5, 0x5f, 0x90,
    0x13, 0x44, 0xde, 0x0b, 0x61, 0x7e, 0xc2, 0x38, 0x99, 0x5a, 0x13};

/* Hex with optional spaces into out; returns the byte count. */
static size_t
unhex(const char *s, uint8_t *out, size_t outsz)
{
	size_t n = 0;
	unsigned v;

	while (*s != '\0') {
		if (*s == ' ') {
			s++;
			continue;
		}
		assert_true(n < outsz);
		assert_int_equal(sscanf(s, "%2x", &v), 1);
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

static void
secret(struct radius_secret *s, const char *key)
{
	assert_int_equal(radius_secret_init(s, key, strlen(key)), 0);
}

/* MD5(a || b || c) through EVP, independent of the codec. */
static void
md5_3(const void *a, size_t alen, const void *b, size_t blen, const void *c,
    size_t clen, uint8_t out[16])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned n = 0;

	assert_non_null(ctx);
	assert_int_equal(EVP_DigestInit_ex(ctx, EVP_md5(), NULL), 1);
	assert_int_equal(EVP_DigestUpdate(ctx, a, alen), 1);
	assert_int_equal(EVP_DigestUpdate(ctx, b, blen), 1);
	assert_int_equal(EVP_DigestUpdate(ctx, c, clen), 1);
	assert_int_equal(EVP_DigestFinal_ex(ctx, out, &n), 1);
	assert_int_equal(n, 16);
	EVP_MD_CTX_free(ctx);
}

/* The Message-Authenticator of pkt recomputed with OpenSSL's HMAC() over a
 * copy: auth (or the packet's own when NULL) in the header, the MAC's
 * value zeroed. */
static void
hmac_copy(const uint8_t *pkt, size_t len, const uint8_t *auth, size_t maoff,
    const char *key, uint8_t out[16])
{
	uint8_t copy[RADIUS_MAX_LEN];
	unsigned n = 0;

	memcpy(copy, pkt, len);
	if (auth != NULL)
		memcpy(copy + 4, auth, RADIUS_AUTH_LEN);
	memset(copy + maoff, 0, RADIUS_MSGAUTH_LEN);
	assert_non_null(
	    HMAC(EVP_md5(), key, (int)strlen(key), copy, len, out, &n));
	assert_int_equal(n, 16);
}

static void
test_rfc2865_telnet(void **state)
{
	uint8_t req[64], acc[64], built[64], key[16], pw[16];
	struct radius_secret s, wrong;
	struct radius_builder b;
	struct radius_pkt p;
	size_t reqlen, acclen, i;
	char name[16];

	(void)state;
	secret(&s, SECRET);
	secret(&wrong, "xyzzy5462");
	reqlen = unhex(rfc_telnet_req, req, sizeof(req));
	acclen = unhex(rfc_telnet_accept, acc, sizeof(acc));
	assert_int_equal(reqlen, 56);
	assert_int_equal(acclen, 38);

	assert_int_equal(radius_pkt_decode(&p, req, reqlen), RADIUS_EOK);
	assert_int_equal(p.code, RADIUS_ACCESS_REQUEST);
	assert_int_equal(p.id, 0);
	assert_int_equal(p.len, 56);
	assert_int_equal(p.msgauth_off, 0);
	assert_int_equal(
	    radius_pkt_str(&p, &p.attr[RADIUS_USER_NAME], name, sizeof(name)),
	    4);
	assert_string_equal(name, "nemo");
	assert_int_equal(radius_pkt_u32(&p, RADIUS_NAS_IP_ADDRESS), 0xc0a80110);
	assert_int_equal(radius_pkt_u32(&p, RADIUS_NAS_PORT), 3);
	assert_int_equal(p.attr[RADIUS_USER_PASSWORD].len, 16);
	assert_int_equal(p.attr[RADIUS_USER_PASSWORD].off, 28);
	/* The bytes are the RFC's: the hidden password is "arctangent". */
	md5_3(SECRET, strlen(SECRET), req + 4, 16, "", 0, key);
	for (i = 0; i < 16; i++)
		pw[i] = req[28 + i] ^ key[i];
	assert_memory_equal(pw, "arctangent\0\0\0\0\0\0", 16);

	/* The Accept answers that request, and only with that secret. */
	assert_int_equal(radius_pkt_decode(&p, acc, acclen), RADIUS_EOK);
	assert_int_equal(p.code, RADIUS_ACCESS_ACCEPT);
	assert_int_equal(radius_pkt_u32(&p, RADIUS_SERVICE_TYPE), 1);
	assert_int_equal(radius_pkt_u32(&p, 15), 0);
	assert_int_equal(radius_pkt_u32(&p, 14), 0xc0a80103);
	assert_int_equal(
	    radius_pkt_verify_response(&p, req + 4, &s), RADIUS_EOK);
	assert_int_equal(radius_pkt_verify_response(&p, req + 4, &wrong),
	    RADIUS_EAUTHENTICATOR);
	assert_int_equal(radius_pkt_verify_response(&p, req_auth, &s),
	    RADIUS_EAUTHENTICATOR);
	assert_int_equal(
	    radius_pkt_verify_msgauth(&p, &s), RADIUS_EMSGAUTH_MISSING);

	/* Built from the same attributes, it is the RFC's packet exactly. */
	radius_build_begin(
	    &b, built, sizeof(built), RADIUS_ACCESS_ACCEPT, 0, req + 4, 0);
	radius_build_u32(&b, RADIUS_SERVICE_TYPE, 1);
	radius_build_u32(&b, 15, 0);
	radius_build_attr(&b, 14, "\xc0\xa8\x01\x03", 4);
	assert_int_equal(radius_build_finish(&b, &s), 38);
	assert_memory_equal(built, acc, 38);
}

static void
test_rfc2865_chap(void **state)
{
	uint8_t req[80];
	static const uint8_t want[] = {1, 3, 4, 5, 6, 7};
	struct radius_span v;
	struct radius_pkt p;
	size_t len, pos = 0, n = 0;
	uint8_t type;
	char name[16];

	(void)state;
	len = unhex(rfc_chap_req, req, sizeof(req));
	assert_int_equal(len, 71);
	assert_int_equal(radius_pkt_decode(&p, req, len), RADIUS_EOK);
	assert_int_equal(p.id, 1);
	assert_int_equal(
	    radius_pkt_str(&p, &p.attr[RADIUS_USER_NAME], name, sizeof(name)),
	    6);
	assert_string_equal(name, "flopsy");
	assert_int_equal(p.attr[RADIUS_CHAP_PASSWORD].len, 17);
	assert_int_equal(
	    radius_pkt_value(&p, &p.attr[RADIUS_CHAP_PASSWORD])[0], 22);
	assert_int_equal(radius_pkt_u32(&p, RADIUS_NAS_PORT), 20);
	assert_int_equal(radius_pkt_u32(&p, RADIUS_SERVICE_TYPE), 2);
	assert_int_equal(radius_pkt_u32(&p, RADIUS_FRAMED_PROTOCOL), 1);
	while (radius_pkt_next(&p, &pos, &type, &v)) {
		assert_true(n < sizeof(want));
		assert_int_equal(type, want[n]);
		assert_int_equal(v.off, p.attr[type].off);
		assert_int_equal(v.len, p.attr[type].len);
		n++;
	}
	assert_int_equal(n, sizeof(want));
	assert_int_equal(pos, 71);
	assert_int_equal(radius_pkt_next(&p, &pos, &type, &v), 0);
}

/* A 20-byte header of the given code and Length; the rest zero. */
static void
hdr(uint8_t *buf, uint8_t code, size_t len)
{
	memset(buf, 0, RADIUS_HDR_LEN);
	buf[0] = code;
	buf[2] = (uint8_t)(len >> 8);
	buf[3] = (uint8_t)len;
}

/* Decode buf with its Length set to len; the buffer holds len bytes, or
 * the header when len is less. */
static int
decode_len(uint8_t *buf, size_t len)
{
	struct radius_pkt p;

	buf[2] = (uint8_t)(len >> 8);
	buf[3] = (uint8_t)len;
	return radius_pkt_decode(
	    &p, buf, len < RADIUS_HDR_LEN ? RADIUS_HDR_LEN : len);
}

static void
test_decode_errors(void **state)
{
	uint8_t buf[RADIUS_MAX_LEN + 8];
	struct radius_pkt p;
	size_t i;

	(void)state;
	memset(buf, 0, sizeof(buf));
	hdr(buf, 1, 20);
	assert_int_equal(radius_pkt_decode(&p, buf, 20), RADIUS_EOK);
	assert_int_equal(radius_pkt_decode(&p, buf, 19), RADIUS_ESHORT);
	assert_int_equal(radius_pkt_decode(&p, buf, 0), RADIUS_ESHORT);
	assert_int_equal(decode_len(buf, 19), RADIUS_ELENGTH);
	assert_int_equal(decode_len(buf, 0), RADIUS_ELENGTH);
	hdr(buf, 1, RADIUS_MAX_LEN + 1);
	assert_int_equal(
	    radius_pkt_decode(&p, buf, sizeof(buf)), RADIUS_ELENGTH);
	hdr(buf, 1, 0xffff);
	assert_int_equal(
	    radius_pkt_decode(&p, buf, sizeof(buf)), RADIUS_ELENGTH);
	/* Shorter than its Length. */
	hdr(buf, 1, 26);
	buf[20] = 1;
	buf[21] = 6;
	assert_int_equal(radius_pkt_decode(&p, buf, 25), RADIUS_ESHORT);
	assert_int_equal(radius_pkt_decode(&p, buf, 26), RADIUS_EOK);

	/* Attribute lengths: 0, 1, past the Length, a lone type byte. */
	buf[21] = 0;
	assert_int_equal(decode_len(buf, 26), RADIUS_EATTR);
	buf[21] = 1;
	assert_int_equal(decode_len(buf, 26), RADIUS_EATTR);
	buf[21] = 7;
	assert_int_equal(decode_len(buf, 26), RADIUS_EATTR);
	buf[21] = 6;
	assert_int_equal(decode_len(buf, 27), RADIUS_EATTR);
	assert_int_equal(decode_len(buf, 21), RADIUS_EATTR);
	/* An empty attribute is present, with an empty value. */
	buf[21] = 2;
	assert_int_equal(decode_len(buf, 22), RADIUS_EOK);
	assert_int_equal(radius_pkt_decode(&p, buf, 22), RADIUS_EOK);
	assert_true(radius_pkt_has(&p.attr[1]));
	assert_int_equal(p.attr[1].off, 22);
	assert_int_equal(p.attr[1].len, 0);
	assert_false(radius_pkt_has(&p.attr[2]));

	/* Message-Authenticator: 18 bytes, once. */
	memset(buf + 20, 0, 40);
	buf[20] = RADIUS_MESSAGE_AUTHENTICATOR;
	buf[21] = 17;
	assert_int_equal(decode_len(buf, 37), RADIUS_EMSGAUTH_LEN);
	buf[21] = 19;
	assert_int_equal(decode_len(buf, 39), RADIUS_EMSGAUTH_LEN);
	buf[21] = 2;
	assert_int_equal(decode_len(buf, 22), RADIUS_EMSGAUTH_LEN);
	buf[21] = 18;
	assert_int_equal(decode_len(buf, 38), RADIUS_EOK);
	buf[38] = RADIUS_MESSAGE_AUTHENTICATOR;
	buf[39] = 18;
	assert_int_equal(decode_len(buf, 56), RADIUS_EMSGAUTH_DUP);

	/* Vendor-Specific: a Vendor-Id is required of every vendor. */
	memset(buf + 20, 0, 40);
	memcpy(buf + 20, "\x1a\x05\x00\x00\x09", 5);
	assert_int_equal(decode_len(buf, 25), RADIUS_EVSA);
	memcpy(buf + 20, "\x1a\x02", 2);
	assert_int_equal(decode_len(buf, 22), RADIUS_EVSA);
	/* Another vendor's contents are not looked at. */
	memcpy(buf + 20, "\x1a\x08\x00\x00\x00\x09\x07\x00", 8);
	assert_int_equal(decode_len(buf, 28), RADIUS_EOK);
	/* 3GPP's must tile the VSA: sub-length 0, 1, overrun, a stray
	 * byte. */
	memcpy(buf + 20, "\x1a\x0b\x00\x00\x28\xaf\x15\x03\x06\x01\x00", 11);
	assert_int_equal(decode_len(buf, 31), RADIUS_EVSA);
	buf[27] = 0;
	assert_int_equal(decode_len(buf, 31), RADIUS_EVSA);
	buf[27] = 1;
	assert_int_equal(decode_len(buf, 31), RADIUS_EVSA);
	buf[27] = 6;
	assert_int_equal(decode_len(buf, 31), RADIUS_EVSA);
	buf[27] = 4;
	assert_int_equal(decode_len(buf, 31), RADIUS_EVSA);
	buf[27] = 5;
	assert_int_equal(decode_len(buf, 31), RADIUS_EOK);
	buf[27] = 3;
	buf[21] = 9;
	assert_int_equal(decode_len(buf, 29), RADIUS_EOK);
	/* A 3GPP VSA with no sub-attribute is empty, not malformed. */
	buf[21] = 6;
	assert_int_equal(decode_len(buf, 26), RADIUS_EOK);

	/* The largest packet: 15 attributes of 255 and one of 251. */
	hdr(buf, 1, RADIUS_MAX_LEN);
	for (i = 0; i < 15; i++) {
		buf[20 + i * 255] = 25;
		buf[21 + i * 255] = 255;
	}
	buf[20 + 15 * 255] = 18;
	buf[21 + 15 * 255] = 251;
	assert_int_equal(
	    radius_pkt_decode(&p, buf, RADIUS_MAX_LEN), RADIUS_EOK);
	assert_int_equal(p.len, RADIUS_MAX_LEN);
	assert_int_equal(p.attr[18].off, 20 + 15 * 255 + 2);
	assert_int_equal(p.attr[18].len, 249);

	for (i = 0; i <= (size_t)-RADIUS_ENOSPACE; i++)
		assert_non_null(radius_pkt_strerror(-(int)i));
	assert_string_equal(radius_pkt_strerror(-99), "unknown error");
}

static void
test_trailing_and_first(void **state)
{
	uint8_t buf[64];
	struct radius_span v;
	struct radius_pkt p;
	size_t pos = 0;
	unsigned n = 0;
	uint8_t type;
	char s[8];

	(void)state;
	memset(buf, 0xee, sizeof(buf));
	hdr(buf, RADIUS_ACCESS_REQUEST, 30);
	memcpy(buf + 20,
	    "\x01\x05"
	    "abc"
	    "\x01\x05"
	    "xyz",
	    10);
	/* Past the Length: a valid-looking attribute and garbage. */
	memcpy(buf + 30, "\x20\x04zz\x00\x01", 6);
	assert_int_equal(radius_pkt_decode(&p, buf, sizeof(buf)), RADIUS_EOK);
	assert_int_equal(p.len, 30);
	assert_false(radius_pkt_has(&p.attr[RADIUS_NAS_IDENTIFIER]));
	assert_int_equal(radius_pkt_str(&p, &p.attr[1], s, sizeof(s)), 3);
	assert_string_equal(s, "abc");
	while (radius_pkt_next(&p, &pos, &type, &v)) {
		assert_int_equal(type, 1);
		n++;
	}
	assert_int_equal(n, 2);
	assert_int_equal(v.off, 27);
	assert_int_equal(pos, 30);
}

static void
test_u32_str(void **state)
{
	uint8_t buf[64];
	struct radius_span absent = {0, 0};
	struct radius_pkt p;
	char s[8];

	(void)state;
	hdr(buf, RADIUS_ACCOUNTING_REQUEST, 41);
	memcpy(buf + 20, "\x2a\x06\xff\xff\xff\xff", 6);
	memcpy(buf + 26, "\x05\x05\x00\x00\x01", 5);
	memcpy(buf + 31,
	    "\x01\x05"
	    "a\0b",
	    5);
	memcpy(buf + 36,
	    "\x20\x05"
	    "nas",
	    5);
	assert_int_equal(radius_pkt_decode(&p, buf, 41), RADIUS_EOK);
	assert_int_equal(
	    radius_pkt_u32(&p, RADIUS_ACCT_INPUT_OCTETS), 4294967295LL);
	assert_int_equal(radius_pkt_u32(&p, RADIUS_NAS_PORT), -1);
	assert_int_equal(radius_pkt_u32(&p, RADIUS_ACCT_OUTPUT_OCTETS), -1);
	assert_int_equal(radius_pkt_u32(&p, 256), -1);
	assert_int_equal(radius_pkt_u32(&p, 0x10000 + 42), -1);
	assert_int_equal(radius_pkt_str(&p, &absent, s, sizeof(s)), 0);
	assert_string_equal(s, "");
	assert_int_equal(radius_pkt_str(&p, &p.attr[1], s, sizeof(s)), -1);
	assert_string_equal(s, "");
	assert_int_equal(radius_pkt_str(&p, &p.attr[32], s, 3), -1);
	assert_int_equal(radius_pkt_str(&p, &p.attr[32], s, 0), -1);
	assert_int_equal(radius_pkt_str(&p, &p.attr[32], s, 4), 3);
	assert_string_equal(s, "nas");
}

static void
test_secret(void **state)
{
	static const char msg[] = "what do ya want for nothing?";
	char key[RADIUS_SECRET_MAX + 1];
	const void *part[2] = {msg, msg + 10};
	size_t plen[2] = {10, sizeof(msg) - 1 - 10};
	uint8_t mine[16], ref[16];
	struct radius_secret s;
	unsigned n;
	size_t k;

	(void)state;
	memset(key, 'k', sizeof(key));
	assert_int_equal(radius_secret_init(&s, key, 0), -1);
	assert_int_equal(
	    radius_secret_init(&s, key, RADIUS_SECRET_MAX + 1), -1);
	/* Short keys, the block size, and the long ones hashed first. */
	for (k = 1; k <= RADIUS_SECRET_MAX; k++) {
		key[k - 1] = (char)('A' + k % 26);
		assert_int_equal(radius_secret_init(&s, key, k), 0);
		radius_hmac_md5(&s, part, plen, 2, mine);
		assert_non_null(HMAC(EVP_md5(), key, (int)k, (const void *)msg,
		    sizeof(msg) - 1, ref, &n));
		assert_memory_equal(mine, ref, 16);
	}
	/* RFC 2104's own test vector. */
	assert_int_equal(radius_secret_init(&s, "Jefe", 4), 0);
	radius_hmac_md5(&s, part, plen, 2, mine);
	assert_int_equal(mine[0], 0x75);
	assert_int_equal(mine[1], 0x0c);
	assert_int_equal(mine[15], 0x38);
}

/* An Access-Request with a Message-Authenticator, as a NAS sends it. */
static size_t
build_access_request(
    uint8_t *buf, size_t cap, const struct radius_secret *s, int with_msgauth)
{
	struct radius_builder b;
	ssize_t n;

	radius_build_begin(
	    &b, buf, cap, RADIUS_ACCESS_REQUEST, 7, req_auth, with_msgauth);
	radius_build_str(&b, RADIUS_USER_NAME, "001010123456789");
	radius_build_attr(&b, RADIUS_NAS_IP_ADDRESS, "\x0a\x00\x00\x01", 4);
	radius_build_str(&b, RADIUS_CALLED_STATION_ID, "iot.apn");
	n = radius_build_finish(&b, s);
	assert_true(n > 0);
	return (size_t)n;
}

static void
test_msgauth(void **state)
{
	uint8_t buf[256], ref[16];
	struct radius_secret s, wrong;
	struct radius_pkt p;
	size_t len;

	(void)state;
	secret(&s, SECRET);
	secret(&wrong, "not" SECRET);
	len = build_access_request(buf, sizeof(buf), &s, 1);
	/* The Message-Authenticator leads, and the authenticator stays. */
	assert_int_equal(buf[20], RADIUS_MESSAGE_AUTHENTICATOR);
	assert_int_equal(buf[21], 18);
	assert_memory_equal(buf + 4, req_auth, 16);
	hmac_copy(buf, len, NULL, 22, SECRET, ref);
	assert_memory_equal(buf + 22, ref, 16);

	assert_int_equal(radius_pkt_decode(&p, buf, len), RADIUS_EOK);
	assert_int_equal(p.msgauth_off, 22);
	assert_int_equal(radius_pkt_verify_msgauth(&p, &s), RADIUS_EOK);
	assert_int_equal(
	    radius_pkt_verify_msgauth(&p, &wrong), RADIUS_EMSGAUTH_BAD);
	/* The decoder's buffer was only read. */
	assert_memory_equal(buf + 22, ref, 16);
	/* Any bit changed anywhere breaks it. */
	buf[len - 1] ^= 1;
	assert_int_equal(
	    radius_pkt_verify_msgauth(&p, &s), RADIUS_EMSGAUTH_BAD);
	buf[len - 1] ^= 1;
	buf[5] ^= 0x80;
	assert_int_equal(
	    radius_pkt_verify_msgauth(&p, &s), RADIUS_EMSGAUTH_BAD);
	buf[5] ^= 0x80;
	buf[30] ^= 0x01;
	assert_int_equal(
	    radius_pkt_verify_msgauth(&p, &s), RADIUS_EMSGAUTH_BAD);
	buf[30] ^= 0x01;
	assert_int_equal(radius_pkt_verify_msgauth(&p, &s), RADIUS_EOK);

	/* Missing. */
	len = build_access_request(buf, sizeof(buf), &s, 0);
	assert_int_equal(buf[20], RADIUS_USER_NAME);
	assert_memory_equal(buf + 4, req_auth, 16);
	assert_int_equal(radius_pkt_decode(&p, buf, len), RADIUS_EOK);
	assert_int_equal(
	    radius_pkt_verify_msgauth(&p, &s), RADIUS_EMSGAUTH_MISSING);

	/* Not at the front, as other NASes send it. */
	hdr(buf, RADIUS_STATUS_SERVER, 44);
	memcpy(buf + 4, req_auth, 16);
	memcpy(buf + 20,
	    "\x20\x06"
	    "nas1",
	    6);
	buf[26] = RADIUS_MESSAGE_AUTHENTICATOR;
	buf[27] = 18;
	hmac_copy(buf, 44, NULL, 28, SECRET, ref);
	memcpy(buf + 28, ref, 16);
	assert_int_equal(radius_pkt_decode(&p, buf, 44), RADIUS_EOK);
	assert_int_equal(radius_pkt_verify_msgauth(&p, &s), RADIUS_EOK);

	/* A packet that did not decode verifies nothing. */
	assert_int_equal(radius_pkt_decode(&p, buf, 10), RADIUS_ESHORT);
	assert_int_equal(radius_pkt_verify_msgauth(&p, &s), RADIUS_ESHORT);
	assert_int_equal(radius_pkt_verify_request_auth(&p, &s), RADIUS_ESHORT);
	assert_int_equal(
	    radius_pkt_verify_response(&p, req_auth, &s), RADIUS_ESHORT);
}

static void
test_accounting(void **state)
{
	uint8_t buf[256], copy[256], ref[16];
	struct radius_secret s, wrong;
	struct radius_builder b;
	struct radius_pkt p;
	ssize_t n;
	size_t len;

	(void)state;
	secret(&s, SECRET);
	secret(&wrong, "xyzzy546");
	radius_build_begin(
	    &b, buf, sizeof(buf), RADIUS_ACCOUNTING_REQUEST, 42, NULL, 0);
	radius_build_u32(&b, RADIUS_ACCT_STATUS_TYPE, RADIUS_ACCT_START);
	radius_build_str(&b, RADIUS_ACCT_SESSION_ID, "5f3c-0001");
	radius_build_u32(&b, RADIUS_FRAMED_IP_ADDRESS, 0x0a400007);
	radius_build_vsa(
	    &b, RADIUS_VENDOR_3GPP, RADIUS_3GPP_IMSI, "001010123456789", 15);
	n = radius_build_finish(&b, &s);
	assert_int_equal(n, 20 + 6 + 11 + 6 + 23);
	len = (size_t)n;
	assert_int_equal(buf[0], 4);
	assert_int_equal(buf[1], 42);
	assert_int_equal(buf[2] << 8 | buf[3], len);

	/* MD5(Code+ID+Length+16 zeros+Attributes+Secret), computed here. */
	memcpy(copy, buf, len);
	memset(copy + 4, 0, 16);
	md5_3(copy, len, SECRET, strlen(SECRET), "", 0, ref);
	assert_memory_equal(buf + 4, ref, 16);

	assert_int_equal(radius_pkt_decode(&p, buf, len), RADIUS_EOK);
	assert_int_equal(radius_pkt_verify_request_auth(&p, &s), RADIUS_EOK);
	assert_int_equal(
	    radius_pkt_verify_request_auth(&p, &wrong), RADIUS_EAUTHENTICATOR);
	buf[len - 1] ^= 4;
	assert_int_equal(
	    radius_pkt_verify_request_auth(&p, &s), RADIUS_EAUTHENTICATOR);
	buf[len - 1] ^= 4;

	/* With a Message-Authenticator: it sees the authenticator as zeros,
	 * and the authenticator covers it. An auth given to begin is
	 * ignored. */
	radius_build_begin(
	    &b, buf, sizeof(buf), RADIUS_ACCOUNTING_REQUEST, 43, req_auth, 1);
	radius_build_u32(&b, RADIUS_ACCT_STATUS_TYPE, RADIUS_ACCT_STOP);
	radius_build_u32(&b, RADIUS_ACCT_SESSION_TIME, 3600);
	n = radius_build_finish(&b, &s);
	assert_int_equal(n, 20 + 18 + 12);
	len = (size_t)n;
	hmac_copy(buf, len, zero_auth, 22, SECRET, ref);
	assert_memory_equal(buf + 22, ref, 16);
	memcpy(copy, buf, len);
	memset(copy + 4, 0, 16);
	md5_3(copy, len, SECRET, strlen(SECRET), "", 0, ref);
	assert_memory_equal(buf + 4, ref, 16);
	assert_int_equal(radius_pkt_decode(&p, buf, len), RADIUS_EOK);
	assert_int_equal(radius_pkt_verify_request_auth(&p, &s), RADIUS_EOK);
	assert_int_equal(radius_pkt_verify_msgauth(&p, &s), RADIUS_EOK);
	assert_int_equal(
	    radius_pkt_verify_msgauth(&p, &wrong), RADIUS_EMSGAUTH_BAD);
}

static void
test_disconnect_round_trip(void **state)
{
	uint8_t req[256], nak[256], ref[16];
	struct radius_secret s, wrong;
	struct radius_builder b;
	struct radius_pkt p;
	size_t reqlen, naklen;
	ssize_t n;
	char str[32];

	(void)state;
	secret(&s, "dae-secret");
	secret(&wrong, "dae-secreT");
	radius_build_begin(
	    &b, req, sizeof(req), RADIUS_DISCONNECT_REQUEST, 200, NULL, 1);
	radius_build_str(&b, RADIUS_USER_NAME, "001010123456789");
	radius_build_str(&b, RADIUS_ACCT_SESSION_ID, "5f3c-0001");
	radius_build_attr(&b, RADIUS_FRAMED_IP_ADDRESS, "\x0a\x40\x00\x07", 4);
	n = radius_build_finish(&b, &s);
	assert_true(n > 0);
	reqlen = (size_t)n;

	assert_int_equal(radius_pkt_decode(&p, req, reqlen), RADIUS_EOK);
	assert_int_equal(p.code, RADIUS_DISCONNECT_REQUEST);
	assert_int_equal(p.id, 200);
	assert_int_equal(p.msgauth_off, 22);
	assert_int_equal(radius_pkt_verify_request_auth(&p, &s), RADIUS_EOK);
	assert_int_equal(radius_pkt_verify_msgauth(&p, &s), RADIUS_EOK);
	assert_int_equal(
	    radius_pkt_verify_request_auth(&p, &wrong), RADIUS_EAUTHENTICATOR);
	assert_int_equal(
	    radius_pkt_verify_msgauth(&p, &wrong), RADIUS_EMSGAUTH_BAD);
	assert_int_equal(radius_pkt_str(&p, &p.attr[RADIUS_ACCT_SESSION_ID],
	                     str, sizeof(str)),
	    9);
	assert_string_equal(str, "5f3c-0001");

	/* The NAS refuses it: a NAK with Error-Cause 503. */
	radius_build_begin(
	    &b, nak, sizeof(nak), RADIUS_DISCONNECT_NAK, 200, req + 4, 1);
	radius_build_u32(&b, RADIUS_ERROR_CAUSE, 503);
	n = radius_build_finish(&b, &s);
	assert_int_equal(n, 20 + 18 + 6);
	naklen = (size_t)n;
	hmac_copy(nak, naklen, req + 4, 22, "dae-secret", ref);
	assert_memory_equal(nak + 22, ref, 16);
	assert_int_equal(radius_pkt_decode(&p, nak, naklen), RADIUS_EOK);
	assert_int_equal(
	    radius_pkt_verify_response(&p, req + 4, &s), RADIUS_EOK);
	assert_int_equal(radius_pkt_verify_response(&p, req_auth, &s),
	    RADIUS_EAUTHENTICATOR);
	assert_int_equal(radius_pkt_verify_response(&p, req + 4, &wrong),
	    RADIUS_EAUTHENTICATOR);
	assert_int_equal(radius_pkt_u32(&p, RADIUS_ERROR_CAUSE), 503);
	assert_string_equal(
	    radius_dict_error_cause(503), "Session-Context-Not-Found");
}

static void
test_access_reject_msgauth(void **state)
{
	uint8_t req[256], rej[256], copy[256], ref[16];
	struct radius_secret s;
	struct radius_builder b;
	struct radius_pkt p;
	size_t reqlen, len;
	ssize_t n;

	(void)state;
	secret(&s, SECRET);
	reqlen = build_access_request(req, sizeof(req), &s, 1);
	assert_int_equal(radius_pkt_decode(&p, req, reqlen), RADIUS_EOK);
	assert_int_equal(radius_pkt_verify_msgauth(&p, &s), RADIUS_EOK);

	radius_build_begin(
	    &b, rej, sizeof(rej), RADIUS_ACCESS_REJECT, p.id, req + 4, 1);
	radius_build_str(&b, RADIUS_REPLY_MESSAGE, "unknown SIM");
	n = radius_build_finish(&b, &s);
	assert_int_equal(n, 20 + 18 + 13);
	len = (size_t)n;
	assert_int_equal(rej[1], 7);
	/* The MAC over the request's authenticator, then MD5 over the
	 * packet holding it, both computed here. */
	hmac_copy(rej, len, req + 4, 22, SECRET, ref);
	assert_memory_equal(rej + 22, ref, 16);
	memcpy(copy, rej, len);
	memcpy(copy + 4, req + 4, 16);
	md5_3(copy, len, SECRET, strlen(SECRET), "", 0, ref);
	assert_memory_equal(rej + 4, ref, 16);

	assert_int_equal(radius_pkt_decode(&p, rej, len), RADIUS_EOK);
	assert_int_equal(
	    radius_pkt_verify_response(&p, req + 4, &s), RADIUS_EOK);
	/* A bad MAC under a good Response Authenticator. */
	rej[30] ^= 0x40;
	memcpy(copy, rej, len);
	memcpy(copy + 4, req + 4, 16);
	md5_3(copy, len, SECRET, strlen(SECRET), "", 0, rej + 4);
	assert_int_equal(
	    radius_pkt_verify_response(&p, req + 4, &s), RADIUS_EMSGAUTH_BAD);
}

static void
test_builder_limits(void **state)
{
	uint8_t buf[RADIUS_MAX_LEN + 64], val[256];
	struct radius_secret s;
	struct radius_builder b;
	size_t i;

	(void)state;
	secret(&s, SECRET);
	memset(val, 'v', sizeof(val));
	radius_build_begin(&b, buf, sizeof(buf), 2, 1, req_auth, 0);
	radius_build_attr(&b, RADIUS_CLASS, val, 253);
	radius_build_vsa(&b, 9, 1, val, 247);
	assert_int_equal(radius_build_finish(&b, &s), 20 + 255 + 255);

	radius_build_begin(&b, buf, sizeof(buf), 2, 1, req_auth, 0);
	radius_build_attr(&b, RADIUS_CLASS, val, 254);
	assert_int_equal(radius_build_finish(&b, &s), RADIUS_ENOSPACE);
	radius_build_begin(&b, buf, sizeof(buf), 2, 1, req_auth, 0);
	radius_build_vsa(&b, 9, 1, val, 248);
	assert_int_equal(radius_build_finish(&b, &s), RADIUS_ENOSPACE);

	/* The buffer's end, exactly, and one byte past it: sticky. */
	radius_build_begin(&b, buf, 26, 2, 1, req_auth, 0);
	radius_build_u32(&b, RADIUS_SESSION_TIMEOUT, 60);
	assert_int_equal(radius_build_finish(&b, &s), 26);
	radius_build_begin(&b, buf, 25, 2, 1, req_auth, 0);
	radius_build_u32(&b, RADIUS_SESSION_TIMEOUT, 60);
	radius_build_attr(&b, RADIUS_CLASS, "", 0);
	assert_int_equal(b.len, 20);
	assert_int_equal(radius_build_finish(&b, &s), RADIUS_ENOSPACE);
	radius_build_begin(&b, buf, 19, 2, 1, req_auth, 0);
	assert_int_equal(radius_build_finish(&b, &s), RADIUS_ENOSPACE);
	radius_build_begin(&b, buf, 37, 2, 1, req_auth, 1);
	assert_int_equal(radius_build_finish(&b, &s), RADIUS_ENOSPACE);

	/* Never past what a Length may say, whatever the buffer. */
	radius_build_begin(&b, buf, sizeof(buf), 1, 1, req_auth, 0);
	for (i = 0; i < 15; i++)
		radius_build_attr(&b, RADIUS_CLASS, val, 253);
	radius_build_attr(&b, RADIUS_CLASS, val, 249);
	assert_int_equal(radius_build_finish(&b, &s), RADIUS_MAX_LEN);
	radius_build_begin(&b, buf, sizeof(buf), 1, 1, req_auth, 0);
	for (i = 0; i < 15; i++)
		radius_build_attr(&b, RADIUS_CLASS, val, 253);
	radius_build_attr(&b, RADIUS_CLASS, val, 250);
	assert_int_equal(radius_build_finish(&b, &s), RADIUS_ENOSPACE);
}

/* A 3GPP VSA's bytes, by hand: one or more sub-attributes. */
static size_t
put_vsa(uint8_t *w, const uint8_t *subs, size_t len)
{
	w[0] = RADIUS_VENDOR_SPECIFIC;
	w[1] = (uint8_t)(6 + len);
	memcpy(w + 2, "\x00\x00\x28\xaf", 4);
	memcpy(w + 6, subs, len);
	return 6 + len;
}

static void
test_3gpp(void **state)
{
	static const uint8_t uli[] = {130, 0x62, 0xf2, 0x10, 0x30, 0x39, 0x62,
	    0xf2, 0x10, 0x01, 0x23, 0x45, 0x67};
	/* IMSI with a letter, a 3-byte Charging-ID, 4-digit MCC-MNC. */
	static const char bad1[] = "\x01\x06"
	                           "00a0"
	                           "\x02\x05\x01\x02\x03"
	                           "\x08\x06"
	                           "0010";
	/* NSAPI 'g', 13-digit IMEISV, 2-byte RAT-Type, a bare location
	 * type; subtypes 31 (indexed) and 200 (not). */
	static const char bad2[] = "\x0a\x03"
	                           "g"
	                           "\x14\x0f"
	                           "3520990012345"
	                           "\x15\x04\x06\x00"
	                           "\x16\x03\x82"
	                           "\x1f\x02"
	                           "\xc8\x03"
	                           "x";
	uint8_t buf[512], big[60];
	struct radius_secret s;
	struct radius_builder b;
	struct radius_3gpp g;
	struct radius_pkt p;
	ssize_t n;
	size_t len;

	(void)state;
	secret(&s, SECRET);
	radius_build_begin(
	    &b, buf, sizeof(buf), RADIUS_ACCESS_REQUEST, 3, req_auth, 1);
	radius_build_str(&b, RADIUS_USER_NAME, "001010123456789");
	radius_build_vsa(
	    &b, RADIUS_VENDOR_3GPP, RADIUS_3GPP_IMSI, "001010123456789", 15);
	radius_build_vsa(&b, RADIUS_VENDOR_3GPP, RADIUS_3GPP_CHARGING_ID,
	    "\xde\xad\xbe\xef", 4);
	radius_build_vsa(
	    &b, RADIUS_VENDOR_3GPP, RADIUS_3GPP_IMSI_MCC_MNC, "00101", 5);
	radius_build_vsa(&b, RADIUS_VENDOR_3GPP, RADIUS_3GPP_NSAPI, "5", 1);
	radius_build_vsa(
	    &b, RADIUS_VENDOR_3GPP, RADIUS_3GPP_IMEISV, "3520990012345601", 16);
	radius_build_vsa(
	    &b, RADIUS_VENDOR_3GPP, RADIUS_3GPP_RAT_TYPE, "\x06", 1);
	radius_build_vsa(&b, RADIUS_VENDOR_3GPP, RADIUS_3GPP_USER_LOCATION_INFO,
	    uli, sizeof(uli));
	/* Repeats lose to the first. */
	radius_build_vsa(&b, RADIUS_VENDOR_3GPP, RADIUS_3GPP_IMSI, "1", 1);
	n = radius_build_finish(&b, &s);
	assert_true(n > 0);
	assert_int_equal(radius_pkt_decode(&p, buf, (size_t)n), RADIUS_EOK);
	assert_int_equal(radius_pkt_verify_msgauth(&p, &s), RADIUS_EOK);
	radius_dict_3gpp(&p, &g);
	assert_int_equal(g.bad, 0);
	assert_string_equal(g.imsi, "001010123456789");
	assert_int_equal(g.has_charging_id, 1);
	assert_int_equal(g.charging_id, 0xdeadbeef);
	assert_string_equal(g.mcc_mnc, "00101");
	assert_int_equal(g.nsapi, 5);
	assert_string_equal(g.imeisv, "3520990012345601");
	assert_int_equal(g.rat_type, 6);
	assert_string_equal(radius_dict_rat_name(g.rat_type), "EUTRAN");
	assert_string_equal(g.uli, "130:62f210303962f21001234567");

	/* Nothing there. */
	hdr(buf, RADIUS_ACCESS_REQUEST, 20);
	assert_int_equal(radius_pkt_decode(&p, buf, 20), RADIUS_EOK);
	radius_dict_3gpp(&p, &g);
	assert_int_equal(g.bad, 0);
	assert_string_equal(g.imsi, "");
	assert_int_equal(g.has_charging_id, 0);
	assert_int_equal(g.nsapi, -1);
	assert_int_equal(g.rat_type, -1);
	assert_string_equal(g.uli, "");

	/* All seven malformed, several sub-attributes in one VSA. */
	len = 20;
	len += put_vsa(buf + len, (const uint8_t *)bad1, sizeof(bad1) - 1);
	len += put_vsa(buf + len, (const uint8_t *)bad2, sizeof(bad2) - 1);
	hdr(buf, RADIUS_ACCESS_REQUEST, len);
	assert_int_equal(radius_pkt_decode(&p, buf, len), RADIUS_EOK);
	radius_dict_3gpp(&p, &g);
	assert_int_equal(g.bad, 7);
	assert_string_equal(g.imsi, "");
	assert_int_equal(g.has_charging_id, 0);
	assert_int_equal(g.charging_id, 0);
	assert_string_equal(g.mcc_mnc, "");
	assert_int_equal(g.nsapi, -1);
	assert_string_equal(g.imeisv, "");
	assert_int_equal(g.rat_type, -1);
	assert_string_equal(g.uli, "");
	assert_true(radius_pkt_has(&p.tgpp[31]));

	/* The edges: 16 digits, 6 digits, 'F', empty IMSI, 14 digits, a
	 * location too long to show whole. */
	memset(big, 0xab, sizeof(big));
	big[0] = 255;
	radius_build_begin(
	    &b, buf, sizeof(buf), RADIUS_ACCESS_REQUEST, 3, req_auth, 0);
	radius_build_vsa(
	    &b, RADIUS_VENDOR_3GPP, RADIUS_3GPP_IMSI, "0010101234567890", 16);
	radius_build_vsa(
	    &b, RADIUS_VENDOR_3GPP, RADIUS_3GPP_IMSI_MCC_MNC, "310410", 6);
	radius_build_vsa(&b, RADIUS_VENDOR_3GPP, RADIUS_3GPP_NSAPI, "F", 1);
	radius_build_vsa(
	    &b, RADIUS_VENDOR_3GPP, RADIUS_3GPP_IMEISV, "35209900123456", 14);
	radius_build_vsa(
	    &b, RADIUS_VENDOR_3GPP, RADIUS_3GPP_RAT_TYPE, "\x0a", 1);
	radius_build_vsa(&b, RADIUS_VENDOR_3GPP, RADIUS_3GPP_USER_LOCATION_INFO,
	    big, sizeof(big));
	n = radius_build_finish(&b, &s);
	assert_true(n > 0);
	assert_int_equal(radius_pkt_decode(&p, buf, (size_t)n), RADIUS_EOK);
	radius_dict_3gpp(&p, &g);
	assert_int_equal(g.bad, 1);
	assert_string_equal(g.imsi, "");
	assert_string_equal(g.mcc_mnc, "310410");
	assert_int_equal(g.nsapi, 15);
	assert_string_equal(g.imeisv, "35209900123456");
	assert_string_equal(radius_dict_rat_name(g.rat_type), "NR");
	assert_int_equal(strlen(g.uli), sizeof(g.uli) - 1 - 1);
	assert_memory_equal(g.uli, "255:abababab", 12);
}

static void
test_names(void **state)
{
	char buf[32];
	int e;

	(void)state;
	for (e = RADIUS_EOK; e >= RADIUS_ENOSPACE; e--)
		assert_string_not_equal(
		    radius_pkt_strerror(e), "unknown error");
	assert_string_equal(radius_code_name(1), "Access-Request");
	assert_string_equal(radius_code_name(4), "Accounting-Request");
	assert_string_equal(radius_code_name(40), "Disconnect-Request");
	assert_string_equal(radius_code_name(45), "CoA-NAK");
	assert_string_equal(radius_code_name(99), "unknown");
	assert_string_equal(
	    radius_dict_attr_name(1, buf, sizeof(buf)), "User-Name");
	assert_string_equal(radius_dict_attr_name(80, buf, sizeof(buf)),
	    "Message-Authenticator");
	assert_string_equal(
	    radius_dict_attr_name(101, buf, sizeof(buf)), "Error-Cause");
	assert_string_equal(
	    radius_dict_attr_name(200, buf, sizeof(buf)), "Attr-200");
	assert_string_equal(
	    radius_dict_attr_name(300, buf, sizeof(buf)), "Attr-300");
	assert_string_equal(radius_dict_attr_name(200, buf, 0), "");
	assert_string_equal(radius_dict_attr_name(200, buf, 4), "Att");
	assert_string_equal(
	    radius_dict_3gpp_name(1, buf, sizeof(buf)), "3GPP-IMSI");
	assert_string_equal(radius_dict_3gpp_name(22, buf, sizeof(buf)),
	    "3GPP-User-Location-Info");
	assert_string_equal(
	    radius_dict_3gpp_name(99, buf, sizeof(buf)), "Attr-26.10415.99");
	assert_string_equal(
	    radius_dict_error_cause(201), "Residual-Session-Context-Removed");
	assert_string_equal(radius_dict_error_cause(508),
	    "Multiple-Session-Selection-Unsupported");
	assert_null(radius_dict_error_cause(0));
	assert_null(radius_dict_error_cause(509));
	assert_string_equal(radius_dict_rat_name(1), "UTRAN");
	assert_string_equal(radius_dict_rat_name(102), "3GPP2 eHRPD");
	assert_string_equal(radius_dict_rat_name(-1), "unknown");
	assert_string_equal(radius_dict_rat_name(0), "unknown");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rfc2865_telnet),
	    cmocka_unit_test(test_rfc2865_chap),
	    cmocka_unit_test(test_decode_errors),
	    cmocka_unit_test(test_trailing_and_first),
	    cmocka_unit_test(test_u32_str),
	    cmocka_unit_test(test_secret),
	    cmocka_unit_test(test_msgauth),
	    cmocka_unit_test(test_accounting),
	    cmocka_unit_test(test_disconnect_round_trip),
	    cmocka_unit_test(test_access_reject_msgauth),
	    cmocka_unit_test(test_builder_limits),
	    cmocka_unit_test(test_3gpp),
	    cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests_name("radius_pkt", tests, NULL, NULL);
}
