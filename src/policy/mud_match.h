/*
 * The MUD parser's inside, shared by mud.c (the document, its policies and
 * ACLs) and mud_match.c (an ACE's matches). Not for other users: they see
 * only mud.h.
 *
 * The parser walks the JSON tree keeping the path of the node it reads, so
 * that every problem is reported where it is. An ACL referenced by both
 * policies is read twice, once per direction; the second reading is quiet
 * but for the problems that depend on the direction.
 */
#ifndef AIRLOCK_MUD_MATCH_H
#define AIRLOCK_MUD_MATCH_H

#include <stddef.h>

#include <jansson.h>

#include "policy/mud.h"

struct mud_ctx {
	struct mud_errors *errs;
	char path[sizeof(((struct mud_error *)0)->path)];
	size_t plen;
	int quiet;        /* report only mud_ctx_err_dir() problems */
	enum mud_dir dir; /* of the ACE being read */
	int family;       /* of its ACL: 4, 6, or 0 when the type is bad */
	const char *remote_key; /* the member that gave the ACE its remote */
};

/* Append ".key" (or "[i]") to the path; returns the length to pop back
 * to. A path too long for an error's is cut, never overrun. */
size_t mud_ctx_key(struct mud_ctx *c, const char *key);
size_t mud_ctx_index(struct mud_ctx *c, size_t i);
void mud_ctx_pop(struct mud_ctx *c, size_t len);

/* A problem at the current path; mud_ctx_err_dir() for the problems that
 * depend on the direction, reported even when quiet. */
void mud_ctx_err(struct mud_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void mud_ctx_err_dir(struct mud_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Member key of obj when it has the JSON type; NULL when it is absent or
 * (reported) of another type. */
json_t *mud_ctx_get(
    struct mud_ctx *c, json_t *obj, const char *key, json_type type);
/* Member key of obj as an integer in lo..hi, or a string of 1..max bytes
 * without control characters: 1 when it is one, 0 when absent, -1 when
 * it is something else (reported). */
int mud_ctx_int(struct mud_ctx *c, json_t *obj, const char *key, json_int_t lo,
    json_int_t hi, json_int_t *out);
int mud_ctx_str(struct mud_ctx *c, json_t *obj, const char *key, size_t max,
    const char **out);
/* A missing member (at path.key), or value v of the wrong kind (at the
 * current path). */
void mud_ctx_missing(struct mud_ctx *c, const char *key, const char *expected);
void mud_ctx_not_a(struct mud_ctx *c, json_t *v, const char *expected);
/* Report each member of obj not in known (NULL-terminated) as
 * `what "key": expected <expected>`. */
void mud_ctx_keys(struct mud_ctx *c, json_t *obj, const char *const *known,
    const char *what, const char *expected);

/* Check a MUD URL (https, printable ASCII) and put its host, lower-cased,
 * into auth. Returns NULL, or why it is not one. */
const char *mud_url_check(const char *url, char *auth, size_t authsz);

/* An ACE's matches, into a (whose family, dir and defaults are set). */
void mud_match_parse(struct mud_ctx *c, json_t *matches, struct mud_ace *a);
/* A DNS name of at least min_labels labels, lower-cased and without its
 * final dot, into out. Returns NULL, or why it is not one. */
const char *mud_match_host(
    const char *s, size_t n, unsigned min_labels, char *out, size_t outsz);

#endif
