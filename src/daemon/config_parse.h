/*
 * The config parser's inside, shared by the files that hold its directive
 * tables (config.c for the core, config_radius.c for the radius role).
 * Not for other users: they see only config.h.
 */
#ifndef AIRLOCK_CONFIG_PARSE_H
#define AIRLOCK_CONFIG_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "daemon/config.h"

#define MAX_ARGS 6

struct parser {
	struct config *c;
	const char *file;
	unsigned line;
	config_error_cb cb;
	void *arg;
	int errors;
	unsigned seen[64]; /* line each single-valued directive was set on */
	unsigned tls_line;
	unsigned radius_line; /* the first radius directive, for whole-file
				 errors about them */
};

struct directive {
	const char *name;
	int min_args;
	int max_args;
	int repeatable;
	void (*apply)(struct parser *p, int argc, char **argv);
};

/* Report an error at the current line, and count it. */
void perr(struct parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Copy a value that must fit dst, or report it as too long. */
void copy_arg(struct parser *p, char *dst, size_t dstsz, const char *v,
    const char *what);
/* A size ("512k", "1MiB") within [min, max], or an error. */
void size_arg(struct parser *p, const char *v, uint64_t min, uint64_t max,
    uint64_t *out, const char *what);
/* *out = 1 for yes, 0 for no; anything else is an error naming what. */
void choice_arg(struct parser *p, const char *v, const char *what,
    const char *yes, const char *no, int *out);
/* An integer within [min, max], or an error naming what and the range.
 * Returns 0 or -1. */
int uint_arg(struct parser *p, const char *v, uint64_t min, uint64_t max,
    uint64_t *out, const char *what);

/* config_radius.c */
extern const struct directive config_radius_directives[];
void config_radius_defaults(struct radius_conf *r);
void config_radius_finish(struct parser *p);

/* config_policy.c */
extern const struct directive config_policy_directives[];
void config_policy_defaults(struct policy_conf *pc);
void config_policy_finish(struct parser *p);

/* config_monitor.c */
extern const struct directive config_monitor_directives[];
void config_monitor_defaults(struct monitor_conf *m);
void config_monitor_finish(struct parser *p);

/* config_scan.c */
extern const struct directive config_scan_directives[];
void config_scan_defaults(struct scan_role_conf *s);
void config_scan_finish(struct parser *p);

#endif
