/*
 * Argument parsing for one command, driven by a table, so that a command
 * declares its options instead of writing a getopt loop. Options are long
 * ("--state active" or "--state=active") and may come anywhere among the
 * positionals; "--" ends them. "--json" and "-h"/"--help" are known to
 * every command, so "airlock sim list --json" works as users expect.
 */
#ifndef AIRLOCK_ARGS_H
#define AIRLOCK_ARGS_H

#include <stddef.h>

#include "cli/cli.h"

#define ARGS_LIST_MAX 64

/* Every value of a repeatable option, in order; borrowed from argv. */
struct args_list {
	const char *v[ARGS_LIST_MAX];
	size_t n;
};

/* One "--name" option. Exactly one destination is set: flag for an option
 * without a value (set to 1), value for one whose last occurrence wins,
 * list for a repeatable one. Values are borrowed from argv. */
struct args_opt {
	const char *name;
	int *flag;
	const char **value;
	struct args_list *list;
};

/* Returned after --help printed the command's usage on stdout. */
#define ARGS_HELP (-2)

/* Parse argv against opts (ended by an entry with a NULL name; NULL for
 * none) and put the positionals into pos, which holds maxpos. Returns how
 * many positionals there were (at least minpos), or a negative value:
 * ARGS_HELP, or -1 after the problem and the usage went to stderr. */
int args_parse(struct cli *cli, int argc, char **argv,
    const struct args_opt *opts, const char **pos, int minpos, int maxpos);
/* The exit code for a negative args_parse() result. */
int args_exit(int r);
/* A change the audit log records needs --reason: EX_OK when reason is
 * set, else EX_USAGE after the message and the usage. */
int args_need_reason(struct cli *cli, const char *reason);
/* Check that s, the value of --name, is a positive decimal number;
 * -1 after a message otherwise. Only the form is checked: the server
 * owns the range. */
int args_number(const char *name, const char *s);

#endif
