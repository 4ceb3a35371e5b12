/*
 * The RADIUS wire format (RFC 2865, 2866, 3579, 5176): a strict decoder that
 * indexes a packet's attributes without copying, the authenticators and
 * the Message-Authenticator, and a builder for every packet airlock sends.
 * Pure: no sockets, no clock, no allocation. Every length on the wire is
 * checked before it is used; a packet that breaks a rule is refused whole,
 * with a code that names the rule (radius_pkt_strerror()).
 */
#ifndef AIRLOCK_RADIUS_PKT_H
#define AIRLOCK_RADIUS_PKT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <openssl/md5.h>

#define RADIUS_HDR_LEN 20
#define RADIUS_AUTH_LEN 16
#define RADIUS_MAX_LEN 4096
#define RADIUS_MSGAUTH_LEN 16
#define RADIUS_SECRET_MAX 128
#define RADIUS_VENDOR_3GPP 10415
/* 3GPP sub-attribute numbers below this are indexed (TS 29.061 uses 1-27). */
#define RADIUS_3GPP_MAX 32

enum radius_code {
	RADIUS_ACCESS_REQUEST = 1,
	RADIUS_ACCESS_ACCEPT = 2,
	RADIUS_ACCESS_REJECT = 3,
	RADIUS_ACCOUNTING_REQUEST = 4,
	RADIUS_ACCOUNTING_RESPONSE = 5,
	RADIUS_ACCESS_CHALLENGE = 11,
	RADIUS_STATUS_SERVER = 12,
	RADIUS_DISCONNECT_REQUEST = 40,
	RADIUS_DISCONNECT_ACK = 41,
	RADIUS_DISCONNECT_NAK = 42,
	RADIUS_COA_REQUEST = 43,
	RADIUS_COA_ACK = 44,
	RADIUS_COA_NAK = 45,
};

enum radius_attr {
	RADIUS_USER_NAME = 1,
	RADIUS_USER_PASSWORD = 2,
	RADIUS_CHAP_PASSWORD = 3,
	RADIUS_NAS_IP_ADDRESS = 4,
	RADIUS_NAS_PORT = 5,
	RADIUS_SERVICE_TYPE = 6,
	RADIUS_FRAMED_PROTOCOL = 7,
	RADIUS_FRAMED_IP_ADDRESS = 8,
	RADIUS_REPLY_MESSAGE = 18,
	RADIUS_STATE = 24,
	RADIUS_CLASS = 25,
	RADIUS_VENDOR_SPECIFIC = 26,
	RADIUS_SESSION_TIMEOUT = 27,
	RADIUS_CALLED_STATION_ID = 30,
	RADIUS_CALLING_STATION_ID = 31,
	RADIUS_NAS_IDENTIFIER = 32,
	RADIUS_PROXY_STATE = 33,
	RADIUS_ACCT_STATUS_TYPE = 40,
	RADIUS_ACCT_DELAY_TIME = 41,
	RADIUS_ACCT_INPUT_OCTETS = 42,
	RADIUS_ACCT_OUTPUT_OCTETS = 43,
	RADIUS_ACCT_SESSION_ID = 44,
	RADIUS_ACCT_SESSION_TIME = 46,
	RADIUS_ACCT_INPUT_PACKETS = 47,
	RADIUS_ACCT_OUTPUT_PACKETS = 48,
	RADIUS_ACCT_TERMINATE_CAUSE = 49,
	RADIUS_ACCT_INPUT_GIGAWORDS = 52,
	RADIUS_ACCT_OUTPUT_GIGAWORDS = 53,
	RADIUS_EVENT_TIMESTAMP = 55,
	RADIUS_NAS_PORT_TYPE = 61,
	RADIUS_MESSAGE_AUTHENTICATOR = 80,
	RADIUS_ACCT_INTERIM_INTERVAL = 85,
	RADIUS_NAS_IPV6_ADDRESS = 95,
	RADIUS_FRAMED_IPV6_PREFIX = 97,
	RADIUS_ERROR_CAUSE = 101,
	RADIUS_FRAMED_IPV6_ADDRESS = 168,
};

/* TS 29.061 section 16.4.7, vendor 10415. */
enum radius_3gpp_attr {
	RADIUS_3GPP_IMSI = 1,
	RADIUS_3GPP_CHARGING_ID = 2,
	RADIUS_3GPP_IMSI_MCC_MNC = 8,
	RADIUS_3GPP_NSAPI = 10,
	RADIUS_3GPP_IMEISV = 20,
	RADIUS_3GPP_RAT_TYPE = 21,
	RADIUS_3GPP_USER_LOCATION_INFO = 22,
};

enum radius_acct_status {
	RADIUS_ACCT_START = 1,
	RADIUS_ACCT_STOP = 2,
	RADIUS_ACCT_INTERIM = 3,
	RADIUS_ACCT_ON = 7,
	RADIUS_ACCT_OFF = 8,
};

/* Why a packet was refused. */
enum radius_pkt_error {
	RADIUS_EOK = 0,
	RADIUS_ESHORT = -1,	 /* under 20 bytes, or shorter than its Length */
	RADIUS_ELENGTH = -2,	 /* Length field under 20 or over 4096 */
	RADIUS_EATTR = -3,	 /* an attribute's length is under 2 or overruns */
	RADIUS_EMSGAUTH_LEN = -4, /* Message-Authenticator not 18 bytes */
	RADIUS_EMSGAUTH_DUP = -5, /* more than one Message-Authenticator */
	RADIUS_EVSA = -6,	 /* a Vendor-Specific is malformed */
	RADIUS_EMSGAUTH_MISSING = -7, /* required but absent */
	RADIUS_EMSGAUTH_BAD = -8,     /* present but wrong (bad secret?) */
	RADIUS_EAUTHENTICATOR = -9,   /* request/response authenticator wrong */
	RADIUS_ENOSPACE = -10,	      /* the builder's buffer is full */
};

/* Where one attribute's value lies in the packet; len 0 with off 0 is
 * absent (a present attribute may have an empty value: off != 0). */
struct radius_span {
	uint16_t off;
	uint8_t len;
};

/* A decoded packet: a view into the caller's buffer, which must outlive
 * it. The first occurrence of each standard attribute and of each 3GPP
 * sub-attribute is indexed; the rest are walked with radius_pkt_next(). */
struct radius_pkt {
	const uint8_t *data;
	uint16_t len; /* the Length field; bytes past it are ignored */
	uint8_t code;
	uint8_t id;
	uint16_t msgauth_off; /* offset of the Message-Authenticator value */
	struct radius_span attr[256];
	struct radius_span tgpp[RADIUS_3GPP_MAX];
};

/* A NAS's shared secret, with the HMAC-MD5 key states precomputed so that
 * the per-packet cost is two MD5 finalisations and no key schedule. */
struct radius_secret {
	uint8_t key[RADIUS_SECRET_MAX];
	size_t len;
	MD5_CTX hmac_inner; /* after absorbing key ^ ipad */
	MD5_CTX hmac_outer; /* after absorbing key ^ opad */
};

const char *radius_pkt_strerror(int err);
const char *radius_code_name(unsigned code);

/* Decode buf into p. Returns RADIUS_EOK or a negative radius_pkt_error. */
int radius_pkt_decode(struct radius_pkt *p, const uint8_t *buf, size_t len);
/* Whether an attribute (standard or 3GPP) is present, and its value. */
static inline int
radius_pkt_has(const struct radius_span *s)
{
	return s->off != 0;
}
static inline const uint8_t *
radius_pkt_value(const struct radius_pkt *p, const struct radius_span *s)
{
	return p->data + s->off;
}
/* A 4-byte integer attribute; -1 when absent or not 4 bytes long. */
int64_t radius_pkt_u32(const struct radius_pkt *p, unsigned type);
/* Copy a text attribute into dst with a NUL; 0 when absent, -1 when it
 * does not fit or holds a NUL byte, else its length. */
int radius_pkt_str(const struct radius_pkt *p, const struct radius_span *s,
    char *dst, size_t dstsz);
/* Walk every attribute: *pos starts at 0; returns 1 with the type and
 * value span, or 0 at the end. */
int radius_pkt_next(const struct radius_pkt *p, size_t *pos, uint8_t *type,
    struct radius_span *val);

int radius_secret_init(struct radius_secret *s, const void *key,
    size_t len); /* -1 when empty or over RADIUS_SECRET_MAX */
/* HMAC-MD5 of the parts, in order, with the precomputed key. */
void radius_hmac_md5(const struct radius_secret *s, const void *const *part,
    const size_t *part_len, size_t nparts, uint8_t out[16]);

/* Checks of a received packet, in constant time where a secret is
 * involved. Each returns RADIUS_EOK or the reason.
 *
 * Message-Authenticator of a request: HMAC-MD5 over the packet as sent,
 * the attribute's value taken as 16 zero bytes (RFC 3579 section 3.2).
 * For an Access-Request or Status-Server the Request Authenticator is
 * used as is; for Accounting-, Disconnect- and CoA-Request it is taken as
 * 16 zero bytes (RFC 5176 section 3.5). RADIUS_EMSGAUTH_MISSING when
 * absent: the caller decides whether absence is allowed. */
int radius_pkt_verify_msgauth(const struct radius_pkt *p,
    const struct radius_secret *s);
/* Request Authenticator of an Accounting-, Disconnect- or CoA-Request:
 * MD5(Code, Identifier, Length, 16 zero bytes, Attributes, Secret). */
int radius_pkt_verify_request_auth(const struct radius_pkt *p,
    const struct radius_secret *s);
/* A response (Accept, Reject, Challenge, Accounting-Response, ACK, NAK) to
 * a request whose authenticator was req_auth: the Response Authenticator,
 * and the Message-Authenticator when present. */
int radius_pkt_verify_response(const struct radius_pkt *p,
    const uint8_t req_auth[RADIUS_AUTH_LEN], const struct radius_secret *s);

/* Building: begin, add attributes, finish. The Message-Authenticator, when
 * asked for, goes first in the packet (the BlastRADIUS guidance). Adding
 * past the end of buf sets a sticky error that finish reports. */
struct radius_builder {
	uint8_t *buf;
	size_t cap;
	size_t len;
	size_t msgauth_off; /* 0: none */
	int error;
};

/* Begin a packet. auth is the Request Authenticator: the request's own
 * for a reply (it is replaced by the Response Authenticator at finish),
 * 16 random bytes for an Access-Request, NULL (zeros, computed at finish)
 * for Accounting-, Disconnect- and CoA-Requests. with_msgauth reserves a
 * Message-Authenticator as the first attribute. */
void radius_build_begin(struct radius_builder *b, uint8_t *buf, size_t cap,
    uint8_t code, uint8_t id, const uint8_t auth[RADIUS_AUTH_LEN],
    int with_msgauth);
void radius_build_attr(struct radius_builder *b, uint8_t type,
    const void *val, size_t len);
void radius_build_u32(struct radius_builder *b, uint8_t type, uint32_t v);
void radius_build_str(struct radius_builder *b, uint8_t type,
    const char *s);
void radius_build_vsa(struct radius_builder *b, uint32_t vendor,
    uint8_t subtype, const void *val, size_t len);
/* Fill in the Length, the Message-Authenticator and the authenticator the
 * code calls for (RFC 2865 section 3, RFC 2866 section 3, RFC 5176
 * section 3.5). Returns the packet length or a negative error. */
ssize_t radius_build_finish(struct radius_builder *b,
    const struct radius_secret *s);

#endif
