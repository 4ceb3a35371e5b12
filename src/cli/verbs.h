/*
 * The verbs that every noun shares and that differ only in the resource's
 * path and columns: list, show, delete. A noun's command file names its
 * paths and columns and hands the arguments over.
 */
#ifndef AIRLOCK_VERBS_H
#define AIRLOCK_VERBS_H

#include <stddef.h>

#include "cli/cli.h"
#include "cli/view.h"
#include "common/obuf.h"

#define VERBS_MAX_FILTERS 8
#define VERBS_PATH_MAX 4096

struct verbs_list {
	const char *path;           /* "/api/v1/sims" */
	const char *const *filters; /* NULL-ended option names, each sent
	                               as the query key of the same name */
	const struct view_col *cols;
	size_t ncols;
	const char *what; /* "SIMs" */
};

/* "<noun> list [--FILTER V]... [--limit N] [--cursor C] [--all]". */
int verbs_list(
    struct cli *cli, int argc, char **argv, const struct verbs_list *spec);
/* "<noun> show ID": GET prefix + ID. */
int verbs_show(struct cli *cli, int argc, char **argv, const char *prefix);
/* "<noun> delete ID": DELETE prefix + ID, then "<done> <what> <ID>". */
int verbs_delete(struct cli *cli, int argc, char **argv, const char *prefix,
    const char *done, const char *what);
/* Initialise p to prefix, the escaped id and suffix (which may be NULL).
 * Returns EX_OK, or EX_USAGE after a message; the caller resets p. */
int verbs_path(
    struct obuf *p, const char *prefix, const char *id, const char *suffix);

/* "NOUN VERB KEY": show PREFIX/KEY/SUFFIX, such as a SIM's binding. */
int verbs_show_under(struct cli *cli, int argc, char **argv,
    const char *prefix, const char *suffix);

#endif
