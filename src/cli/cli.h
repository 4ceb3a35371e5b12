/*
 * What every part of the airlock command-line client shares: the state of
 * one run, the command table entry, and the way the client talks to its
 * user. The CLI never uses the daemon's log.c: it writes "airlock: message"
 * lines to stderr itself, and it returns sysexits codes (see client.c for
 * how answers map onto them).
 */
#ifndef AIRLOCK_CLI_H
#define AIRLOCK_CLI_H

#include <stddef.h>
#include <stdio.h>

#ifndef AIRLOCK_VERSION
#define AIRLOCK_VERSION "0.1.0"
#endif

#define CLI_DEFAULT_URL "http://127.0.0.1:8740"
#define CLI_NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct client;
struct cli;

/* A command handler: argv holds what follows the noun and verb. Returns an
 * exit code (EX_OK or a sysexits value). */
typedef int (*cli_fn)(struct cli *cli, int argc, char **argv);

struct cmd {
	const char *noun;
	const char *verb; /* NULL for a bare noun such as "whoami" */
	cli_fn fn;
	const char *usage; /* the arguments after noun and verb */
	const char *help;  /* one line for the command table */
};

struct cli {
	struct client *client;
	const struct cmd *cmd; /* the command being run */
	int json;              /* --json: print the server's JSON */
};

void cli_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* As cli_warnx, followed by ": " and strerror(errno). */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Replace terminal control characters (C0, DEL and the UTF-8 encoded C1
 * range) in s with '?', so that text from the server or a file cannot
 * move the cursor or retitle the terminal of whoever reads it. */
void cli_clean(char *s);
/* "usage: airlock noun verb args" for the running command, on fp. */
void cli_usage(const struct cli *cli, FILE *fp);

#endif
