/*
 * Building request paths and query strings. Every value a user typed is
 * percent-encoded before it joins a URL, so an ICCID of "../tokens" or a
 * label of "a&b=c" names what it says and nothing else.
 */
#ifndef AIRLOCK_URL_H
#define AIRLOCK_URL_H

#include "common/obuf.h"

/* Append s with everything but RFC 3986 unreserved characters encoded. */
void url_escape(struct obuf *b, const char *s);
/* Append "key=value" to a query string, after a '&' unless b is empty;
 * nothing when value is NULL, so optional filters need no test. */
void url_query(struct obuf *b, const char *key, const char *value);
/* Append prefix and then the escaped segment: "/api/v1/sims/" + ICCID. */
void url_path(struct obuf *b, const char *prefix, const char *segment);

#endif
