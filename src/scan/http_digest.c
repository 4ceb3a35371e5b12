/*
 * HTTP Digest (http_digest.h). A WWW-Authenticate value is a list of
 * challenges, each a scheme then name=value parameters, all separated by
 * commas (RFC 9110 11.6.1): a token followed by '=' is a parameter of
 * the challenge under way, any other token starts the next challenge.
 * Quoted values take backslash escapes. A parameter too long for its
 * field spoils its challenge, never the ones after it.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "scan/http_digest.h"

struct cursor {
	const char *p, *end;
};

/* A challenge being read, and whether it is one we can answer. */
struct candidate {
	struct http_digest d;
	int digest; /* its scheme is Digest */
	int bad;    /* a value we cannot use */
	int has_realm, has_nonce;
};

static int
is_tchar(char c)
{
	return isalnum((unsigned char)c) || strchr("!#$%&'*+-.^_`|~", c);
}

static void
skip_blanks(struct cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
}

/* A token: its start and length (0: none here). */
static size_t
token(struct cursor *c, const char **t)
{
	*t = c->p;
	while (c->p < c->end && c->p[0] != '\0' && is_tchar(c->p[0]))
		c->p++;
	return (size_t)(c->p - *t);
}

/* A parameter's value, quoted or a token, unescaped into out (cap);
 * -1 when it does not fit or a quote never closes. */
static int
value(struct cursor *c, char *out, size_t cap)
{
	size_t n = 0;
	const char *t;
	size_t k;

	if (c->p < c->end && *c->p == '"') {
		for (c->p++; c->p < c->end && *c->p != '"'; c->p++) {
			if (*c->p == '\\' && c->p + 1 < c->end)
				c->p++;
			if (n + 1 >= cap)
				return -1;
			out[n++] = *c->p;
		}
		if (c->p == c->end)
			return -1;
		c->p++;
		out[n] = '\0';
		return 0;
	}
	k = token(c, &t);
	if (k + 1 > cap)
		return -1;
	memcpy(out, t, k);
	out[k] = '\0';
	return 0;
}

/* qop="auth,auth-int": does the list hold "auth"? */
static int
offers_auth(const char *list)
{
	const char *p = list;

	while (*p != '\0') {
		size_t n;

		p += strspn(p, " \t,");
		n = strcspn(p, " \t,");
		if (n == 4 && strncasecmp(p, "auth", 4) == 0)
			return 1;
		p += n;
	}
	return 0;
}

static void
param(struct candidate *k, const char *name, size_t n, const char *v)
{
	struct http_digest *d = &k->d;

#define IS(s) (n == sizeof(s) - 1 && strncasecmp(name, s, n) == 0)
	if (IS("realm")) {
		snprintf(d->realm, sizeof(d->realm), "%s", v);
		k->has_realm = 1;
	} else if (IS("nonce")) {
		snprintf(d->nonce, sizeof(d->nonce), "%s", v);
		k->has_nonce = v[0] != '\0';
	} else if (IS("opaque")) {
		snprintf(d->opaque, sizeof(d->opaque), "%s", v);
	} else if (IS("stale")) {
		d->stale = strcasecmp(v, "true") == 0;
	} else if (IS("qop")) {
		d->qop = offers_auth(v);
		k->bad |= !d->qop; /* auth-int only */
	} else if (IS("userhash")) {
		k->bad |= strcasecmp(v, "true") == 0;
	} else if (IS("algorithm")) {
		if (strcasecmp(v, "MD5") == 0 || strcasecmp(v, "MD5-sess") == 0)
			d->alg = DIGEST_MD5;
		else if (strcasecmp(v, "SHA-256") == 0 ||
		         strcasecmp(v, "SHA-256-sess") == 0)
			d->alg = DIGEST_SHA256;
		else
			k->bad = 1; /* SHA-512-256, or worse */
		d->sess = strlen(v) > 5 &&
		          strcasecmp(v + strlen(v) - 5, "-sess") == 0;
	}
#undef IS
}

/* The challenge read is done: better than best? */
static void
settle(struct candidate *k, struct http_digest *best, int *found)
{
	if (!k->digest || k->bad || !k->has_realm || !k->has_nonce)
		return;
	if (!*found || (k->d.alg == DIGEST_SHA256 && best->alg == DIGEST_MD5)) {
		*best = k->d;
		*found = 1;
	}
}

/* The challenges of one WWW-Authenticate value. */
static void
header_value(struct cursor c, struct http_digest *best, int *found)
{
	char v[1024];
	struct candidate k = {0};
	const char *t;
	size_t n;

	for (;;) {
		while (c.p < c.end && strchr(" \t,", *c.p) != NULL)
			c.p++;
		n = token(&c, &t);
		if (n == 0 && c.p < c.end && *c.p == '=') {
			c.p++; /* a token68's padding ("Negotiate YWJj==") */
			continue;
		}
		if (n == 0)
			break; /* the end, or a byte no header should hold */
		skip_blanks(&c);
		if (c.p < c.end && *c.p == '=' &&
		    (c.p + 1 == c.end || c.p[1] != '=')) {
			c.p++;
			skip_blanks(&c);
			if (value(&c, v, sizeof(v)) < 0 ||
			    strlen(v) >= DIGEST_PARAM_MAX)
				k.bad = 1;
			else if (k.digest)
				param(&k, t, n, v);
			continue;
		}
		/* a new scheme; a token68 (Basic's) after it is skipped */
		settle(&k, best, found);
		memset(&k, 0, sizeof(k));
		k.digest = n == 6 && strncasecmp(t, "Digest", 6) == 0;
	}
	settle(&k, best, found);
}

int
http_digest_find(const char *head, size_t len, struct http_digest *d)
{
	static const char name[] = "WWW-Authenticate:";
	const size_t nl_len = sizeof(name) - 1;
	size_t at = 0;
	int found = 0;

	memset(d, 0, sizeof(*d));
	while (at < len) {
		const char *nl = memchr(head + at, '\n', len - at);
		size_t end = nl != NULL ? (size_t)(nl - head) : len;
		size_t n = end - at;

		if (n > 0 && head[at + n - 1] == '\r')
			n--;
		if (n == 0 && at > 0)
			break; /* the head's end */
		if (n > nl_len && strncasecmp(head + at, name, nl_len) == 0)
			header_value(
			    (struct cursor){head + at + nl_len, head + at + n},
			    d, &found);
		at = end + 1;
	}
	if (!found)
		memset(d, 0, sizeof(*d));
	return found;
}

/* H(text) as lowercase hex into out (65 bytes). */
static void
hash_hex(enum digest_alg alg, const char *text, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	EVP_Digest(text, strlen(text), md, &n,
	    alg == DIGEST_SHA256 ? EVP_sha256() : EVP_md5(), NULL);
	for (unsigned i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	out[2 * n] = '\0';
}

/* Can s go inside a quoted string as it is? (no quote, no backslash,
 * nothing outside printable ASCII) */
static int
quotable(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s < 0x20 || *s > 0x7e || *s == '"' || *s == '\\')
			return 0;
	return 1;
}

size_t
http_digest_authorization(char *out, const struct http_digest *d,
    const char *user, const char *pass, const char *method, const char *uri,
    const char *cnonce, unsigned nc)
{
	char buf[3 * DIGEST_PARAM_MAX + 256], ha1[65], ha2[65], resp[65];
	char opaque[DIGEST_PARAM_MAX + 16] = "";
	const char *alg = d->alg == DIGEST_SHA256 ? "SHA-256" : "MD5";
	int n;

	if (!quotable(user) || !quotable(d->realm) || !quotable(d->nonce) ||
	    !quotable(d->opaque) || !quotable(uri) || !quotable(cnonce) ||
	    strlen(user) > 64 || strlen(pass) > 64)
		return 0;
	snprintf(buf, sizeof(buf), "%s:%s:%s", user, d->realm, pass);
	hash_hex(d->alg, buf, ha1);
	if (d->sess) {
		snprintf(buf, sizeof(buf), "%s:%s:%s", ha1, d->nonce, cnonce);
		hash_hex(d->alg, buf, ha1);
	}
	snprintf(buf, sizeof(buf), "%s:%s", method, uri);
	hash_hex(d->alg, buf, ha2);
	if (d->qop)
		snprintf(buf, sizeof(buf), "%s:%s:%08x:%s:auth:%s", ha1,
		    d->nonce, nc, cnonce, ha2);
	else /* RFC 2069 */
		snprintf(buf, sizeof(buf), "%s:%s:%s", ha1, d->nonce, ha2);
	hash_hex(d->alg, buf, resp);
	if (d->opaque[0] != '\0')
		snprintf(opaque, sizeof(opaque), ", opaque=\"%s\"", d->opaque);
	if (d->qop)
		n = snprintf(out, DIGEST_HEADER_MAX,
		    "Authorization: Digest username=\"%s\", realm=\"%s\", "
		    "nonce=\"%s\", uri=\"%s\", algorithm=%s%s, "
		    "response=\"%s\", "
		    "qop=auth, nc=%08x, cnonce=\"%s\"%s\r\n",
		    user, d->realm, d->nonce, uri, alg, d->sess ? "-sess" : "",
		    resp, nc, cnonce, opaque);
	else
		n = snprintf(out, DIGEST_HEADER_MAX,
		    "Authorization: Digest username=\"%s\", realm=\"%s\", "
		    "nonce=\"%s\", uri=\"%s\", algorithm=%s%s, "
		    "response=\"%s\"%s\r\n",
		    user, d->realm, d->nonce, uri, alg, d->sess ? "-sess" : "",
		    resp, opaque);
	return n > 0 && n < DIGEST_HEADER_MAX ? (size_t)n : 0;
}
