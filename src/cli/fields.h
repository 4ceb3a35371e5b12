/*
 * Record fields given as options ("--static-ip 10.64.0.1") turned into the
 * JSON body of a create or an update, from one table per record type, so
 * that "add" and "update" take the same options and build the same way.
 * Values are the server's to judge; here only what must change form is
 * checked: sizes with units become bytes, "k=v" labels become an object.
 */
#ifndef AIRLOCK_FIELDS_H
#define AIRLOCK_FIELDS_H

#include <stddef.h>

#include <jansson.h>

#include "cli/args.h"

#define FIELDS_MAX 16

enum field_kind {
	FIELD_STRING, /* sent as given; "" is sent as null, which clears */
	FIELD_SIZE,   /* "500M", "1GiB": sent as a number of bytes */
};

struct field {
	const char *flag; /* "static-ip" */
	const char *key;  /* "static_ip" */
	enum field_kind kind;
};

struct fields {
	const struct field *defs;
	size_t n; /* at most FIELDS_MAX */
	const char *vals[FIELDS_MAX];
};

void fields_init(struct fields *f, const struct field *defs, size_t n);
/* Write an option per field into opts, which has room for f->n, and
 * return how many were written. */
size_t fields_opts(struct fields *f, struct args_opt *opts);
/* Put every field given into obj. Returns EX_OK, or EX_USAGE after a
 * message. */
int fields_body(const struct fields *f, json_t *obj);
/* "--label k=v" options as {"labels": {"k": "v", ...}} in obj; nothing
 * when there are none, {} for a lone "--label ''". EX_USAGE after a
 * message for one without '='. */
int fields_labels(const struct args_list *labels, json_t *obj);

#endif
