/*
 * TLS: what a device's certificate and handshake say about its
 * transport security. The scanner accepts any certificate (it audits
 * it, it does not trust it) and reads: the negotiated protocol, the
 * subject's CN, the issuer, the validity, the key's type and size, the
 * signature algorithm; then judges each against today's floor (RFC
 * 8996, NIST SP 800-131A, CA/Browser Forum baseline). Pure: a parsed
 * certificate and the time in, facts out.
 */
#ifndef AIRLOCK_PROBE_TLS_H
#define AIRLOCK_PROBE_TLS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <openssl/x509.h>

#define TLS_RSA_MIN_BITS 2048 /* RSA and DSA below: weak */
#define TLS_EC_MIN_BITS 224   /* EC below: weak */

enum tls_validity { TLS_VALID, TLS_EXPIRED, TLS_NOT_YET_VALID };

/* The legacy check: a second handshake offering only TLS 1.0 and 1.1. */
enum tls_legacy {
	TLS_LEGACY_UNTRIED, /* not tried (no first handshake), or no answer */
	TLS_LEGACY_REFUSED, /* the server refused both */
	TLS_LEGACY_ACCEPTED,
};

struct tls_facts {
	int handshake;       /* 1: completed; 0: the port spoke no TLS */
	char version[12];    /* "TLSv1.3" */
	char subject[64];    /* the subject's CN, printable; "" for none */
	char issuer[128];    /* the issuer, one line, printable */
	char not_before[24]; /* "2026-11-29 12:00:00Z" (UTC) */
	char not_after[24];
	char key_type[12]; /* "RSA", "EC", "DSA", "ED25519", "unknown" */
	unsigned key_bits;
	char signature[40]; /* "sha256WithRSAEncryption" */
	int self_signed;    /* issuer == subject, verifies with its own key */
	enum tls_validity validity;
	int weak_key, weak_signature; /* MD5 or SHA-1 */
	enum tls_legacy legacy;
	char legacy_version[12]; /* what the legacy handshake got */
};

/* The facts of cert at time now; the handshake's version is the
 * caller's. 0, or -1 when cert lacks what every certificate has. */
int tls_facts_read(struct tls_facts *f, X509 *cert, time_t now);

/* The same from a DER-encoded certificate (tests, fuzzing). */
int tls_facts_from_der(
    struct tls_facts *f, const uint8_t *der, size_t len, time_t now);

#endif
