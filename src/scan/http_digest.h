/*
 * HTTP Digest access authentication (RFC 7616), the client's half: the
 * server's challenge read from the head of its 401 answer, and the
 * Authorization header that answers it with one dictionary pair. MD5
 * and SHA-256 (and their -sess variants), qop=auth or no qop at all
 * (RFC 2069's servers); auth-int and userhash are not offered, and a
 * challenge that needs them is skipped. Pure: text in, text out.
 */
#ifndef AIRLOCK_HTTP_DIGEST_H
#define AIRLOCK_HTTP_DIGEST_H

#include <stddef.h>

#define DIGEST_PARAM_MAX 128  /* a realm, a nonce or an opaque kept */
#define DIGEST_HEADER_MAX 768 /* the Authorization header, whole */

enum digest_alg { DIGEST_MD5, DIGEST_SHA256 };

struct http_digest {
	char realm[DIGEST_PARAM_MAX];
	char nonce[DIGEST_PARAM_MAX];
	char opaque[DIGEST_PARAM_MAX]; /* "" for none */
	enum digest_alg alg;
	int sess;  /* MD5-sess, SHA-256-sess */
	int qop;   /* the server offers qop=auth */
	int stale; /* stale=true: the nonce expired, not the password */
};

/* The best Digest challenge of an answer's head (the first len bytes of
 * it, header names without regard to case): SHA-256 over MD5, each
 * header's challenges in turn. 1 when one was found, 0 when none we can
 * answer (no Digest, an unknown algorithm, a qop without "auth", a
 * missing or over-long realm or nonce). */
int http_digest_find(const char *head, size_t len, struct http_digest *d);

/* "Authorization: Digest ...\r\n" for user and pass, answering d for a
 * request of method to uri, with the client nonce cnonce and the count
 * nc; its length, or 0 when it would not fit in DIGEST_HEADER_MAX or a
 * field holds a byte a quoted string cannot carry. */
size_t http_digest_authorization(char *out, const struct http_digest *d,
    const char *user, const char *pass, const char *method, const char *uri,
    const char *cnonce, unsigned nc);

#endif
