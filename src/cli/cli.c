#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Long enough for a problem detail; longer messages are cut, not lost
 * silently: vsnprintf truncates and the line still ends. */
#define CLI_MSG_MAX 4096

void
cli_clean(char *s)
{
	unsigned char *p = (unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			*p = '?';
		} else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			p[0] = '?';
			p[1] = '?';
			p++;
		}
	}
}

static void cli_vwarn(const char *, va_list, const char *)
    __attribute__((format(printf, 1, 0)));

static void
cli_vwarn(const char *fmt, va_list ap, const char *why)
{
	char msg[CLI_MSG_MAX];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	cli_clean(msg);
	if (why != NULL)
		fprintf(stderr, "airlock: %s: %s\n", msg, why);
	else
		fprintf(stderr, "airlock: %s\n", msg);
}

void
cli_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vwarn(fmt, ap, NULL);
	va_end(ap);
}

void
cli_warn(const char *fmt, ...)
{
	const char *why = strerror(errno);
	va_list ap;

	va_start(ap, fmt);
	cli_vwarn(fmt, ap, why);
	va_end(ap);
}

void
cli_usage(const struct cli *cli, FILE *fp)
{
	const struct cmd *c = cli->cmd;

	fprintf(fp, "usage: airlock %s%s%s%s%s\n", c->noun,
	    c->verb != NULL ? " " : "", c->verb != NULL ? c->verb : "",
	    c->usage[0] != '\0' ? " " : "", c->usage);
}
