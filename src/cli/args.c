#include "cli/args.h"

#include <string.h>
#include <sysexits.h>

static const struct args_opt *
args_find(const struct args_opt *opts, const char *name, size_t len)
{
	for (; opts != NULL && opts->name != NULL; opts++) {
		if (strlen(opts->name) == len &&
		    strncmp(opts->name, name, len) == 0)
			return opts;
	}
	return NULL;
}

/* The options every command knows. */
static int
args_builtin(struct cli *cli, const char *arg)
{
	if (strcmp(arg, "--json") == 0) {
		cli->json = 1;
		return 0;
	}
	if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)
		return ARGS_HELP;
	cli_warnx("unknown option %s", arg);
	return -1;
}

/* Store val in o's destination. */
static int
args_store(const struct args_opt *o, const char *val)
{
	if (o->value != NULL) {
		*o->value = val;
		return 0;
	}
	if (o->list->n == ARGS_LIST_MAX) {
		cli_warnx(
		    "--%s is given more than %d times", o->name, ARGS_LIST_MAX);
		return -1;
	}
	o->list->v[o->list->n++] = val;
	return 0;
}

/* Take the option at argv[*i], and its value from the same word after '='
 * or from the next word, advancing *i past it. */
static int
args_option(
    struct cli *cli, int argc, char **argv, int *i, const struct args_opt *opts)
{
	const char *arg = argv[*i], *eq = NULL;
	const struct args_opt *o = NULL;

	if (arg[1] == '-') {
		eq = strchr(arg + 2, '=');
		o = args_find(opts, arg + 2,
		    eq != NULL ? (size_t)(eq - arg - 2) : strlen(arg + 2));
	}
	if (o == NULL)
		return args_builtin(cli, arg);
	if (o->flag != NULL) {
		if (eq != NULL) {
			cli_warnx("--%s takes no value", o->name);
			return -1;
		}
		*o->flag = 1;
		return 0;
	}
	if (eq != NULL)
		return args_store(o, eq + 1);
	if (*i + 1 >= argc) {
		cli_warnx("--%s needs a value", o->name);
		return -1;
	}
	*i += 1;
	return args_store(o, argv[*i]);
}

int
args_parse(struct cli *cli, int argc, char **argv, const struct args_opt *opts,
    const char **pos, int minpos, int maxpos)
{
	int i, n = 0, r = 0, options = 1;

	for (i = 0; i < argc && r == 0; i++) {
		if (options && strcmp(argv[i], "--") == 0) {
			options = 0;
		} else if (options && argv[i][0] == '-' && argv[i][1] != '\0') {
			r = args_option(cli, argc, argv, &i, opts);
		} else if (n == maxpos) {
			cli_warnx("unexpected argument '%s'", argv[i]);
			r = -1;
		} else {
			pos[n++] = argv[i];
		}
	}
	if (r == 0 && n < minpos) {
		cli_warnx("missing argument");
		r = -1;
	}
	if (r == ARGS_HELP)
		cli_usage(cli, stdout);
	else if (r < 0)
		cli_usage(cli, stderr);
	return r < 0 ? r : n;
}

int
args_exit(int r)
{
	return r == ARGS_HELP ? EX_OK : EX_USAGE;
}

int
args_need_reason(struct cli *cli, const char *reason)
{
	if (reason != NULL)
		return EX_OK;
	cli_warnx("--reason is required: it goes into the audit log");
	cli_usage(cli, stderr);
	return EX_USAGE;
}

int
args_number(const char *name, const char *s)
{
	size_t len = strspn(s, "0123456789");

	if (len == 0 || len > 18 || s[len] != '\0' || strspn(s, "0") == len) {
		cli_warnx("--%s wants a positive number, not '%s'", name, s);
		return -1;
	}
	return 0;
}
