/*
 * Streaming JSON writer into an obuf. Used for every response body, so a
 * reply is built in one reusable buffer instead of a tree of heap nodes.
 * Commas are placed by the writer; the caller only opens, keys and values.
 * Strings are escaped per RFC 8259; bytes that are not valid UTF-8 are
 * replaced by U+FFFD so that the output is always valid JSON.
 */
#ifndef AIRLOCK_JSONW_H
#define AIRLOCK_JSONW_H

#include <stddef.h>
#include <stdint.h>

#include "common/obuf.h"

#define JSONW_MAX_DEPTH 32

struct jsonw {
	struct obuf *out;
	int depth;
	uint8_t first[JSONW_MAX_DEPTH];
	int after_key;
};

void jsonw_init(struct jsonw *w, struct obuf *out);
void jsonw_obj_open(struct jsonw *w);
void jsonw_obj_close(struct jsonw *w);
void jsonw_arr_open(struct jsonw *w);
void jsonw_arr_close(struct jsonw *w);
void jsonw_key(struct jsonw *w, const char *key);
void jsonw_str(struct jsonw *w, const char *s);
void jsonw_strn(struct jsonw *w, const char *s, size_t n);
void jsonw_int(struct jsonw *w, int64_t v);
void jsonw_uint(struct jsonw *w, uint64_t v);
void jsonw_double(struct jsonw *w, double v);
void jsonw_bool(struct jsonw *w, int v);
void jsonw_null(struct jsonw *w);
/* Insert text that is already valid JSON (a stored document). */
void jsonw_raw(struct jsonw *w, const char *json);

/* key + value shorthands */
void jsonw_kstr(struct jsonw *w, const char *key, const char *s);
/* The string, or null when it is empty. */
void jsonw_kstr_or_null(struct jsonw *w, const char *key, const char *s);
void jsonw_kint(struct jsonw *w, const char *key, int64_t v);
void jsonw_kuint(struct jsonw *w, const char *key, uint64_t v);
void jsonw_kbool(struct jsonw *w, const char *key, int v);
/* A Unix time as an RFC 3339 UTC string, or null when it is 0. */
void jsonw_ktime(struct jsonw *w, const char *key, int64_t unix_seconds);

#endif
