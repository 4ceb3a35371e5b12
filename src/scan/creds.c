/*
 * The credential dictionary's parser (creds.h). Fields are printable
 * ASCII without blanks, so that what the scanner types at a login prompt
 * is exactly what the file says: no escapes, no quoting, no surprises
 * from a control character reaching a device's terminal.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan/creds.h"

struct creds_parser {
	struct creds *c;
	const char *file;
	unsigned line;
	int errors;
	creds_error_cb cb;
	void *arg;
};

static void __attribute__((format(printf, 2, 3)))
perr(struct creds_parser *p, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	p->errors++;
	if (p->cb != NULL)
		p->cb(p->arg, p->file, p->line, msg);
}

static int
is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* The next field of s[*at..len) into out; 0 when there is none, -1 after
 * an error (too long, a byte outside printable ASCII). */
static int
field(struct creds_parser *p, const char *s, size_t len, size_t *at,
    const char *what, char *out)
{
	size_t start, n;

	while (*at < len && is_blank(s[*at]))
		(*at)++;
	start = *at;
	while (*at < len && !is_blank(s[*at])) {
		unsigned char ch = (unsigned char)s[*at];

		if (ch < 0x21 || ch > 0x7e) {
			perr(p,
			    "%s: byte 0x%02x at column %zu is not printable "
			    "ASCII",
			    what, ch, *at + 1);
			return -1;
		}
		(*at)++;
	}
	n = *at - start;
	if (n == 0)
		return 0;
	if (n > CREDS_FIELD_MAX) {
		perr(p, "%s: longer than %d bytes", what, CREDS_FIELD_MAX);
		return -1;
	}
	if (n == 6 && memcmp(s + start, "(none)", 6) == 0)
		n = 0;
	memcpy(out, s + start, n);
	out[n] = '\0';
	return 1;
}

static void
parse_line(struct creds_parser *p, const char *s, size_t len)
{
	struct cred cr = {.line = p->line};
	char extra[CREDS_FIELD_MAX + 1];
	size_t at = 0;
	int rc;

	while (at < len && is_blank(s[at]))
		at++;
	if (at == len || s[at] == '#')
		return;
	if (field(p, s, len, &at, "user", cr.user) < 0)
		return;
	rc = field(p, s, len, &at, "password", cr.pass);
	if (rc == 0)
		perr(p,
		    "a password is missing after user '%s' (write (none) "
		    "for an empty one)",
		    cr.user);
	if (rc <= 0)
		return;
	rc = field(p, s, len, &at, "third field", extra);
	if (rc != 0) {
		if (rc > 0)
			perr(p, "more than two fields: a line is \"user "
			        "password\"");
		return;
	}
	for (size_t i = 0; i < p->c->n; i++)
		if (strcmp(p->c->v[i].user, cr.user) == 0 &&
		    strcmp(p->c->v[i].pass, cr.pass) == 0) {
			perr(p, "the same pair as line %u", p->c->v[i].line);
			return;
		}
	if (p->c->n == CREDS_MAX) {
		perr(p, "more than %d pairs", CREDS_MAX);
		return;
	}
	p->c->v[p->c->n++] = cr;
}

int
creds_parse(struct creds *c, const char *text, size_t len, const char *file,
    creds_error_cb cb, void *arg)
{
	struct creds_parser p = {.c = c, .file = file, .cb = cb, .arg = arg};
	size_t at = 0, end;

	c->n = 0;
	while (at < len) {
		const char *nl = memchr(text + at, '\n', len - at);

		end = nl != NULL ? (size_t)(nl - text) : len;
		p.line++;
		/* a CR of a file written on Windows ends the line too */
		parse_line(&p, text + at,
		    end - at - (end > at && text[end - 1] == '\r'));
		at = end + 1;
	}
	if (p.errors == 0 && c->n == 0) {
		p.line = 0;
		perr(&p, "no credential pairs");
	}
	return p.errors;
}

int
creds_load(struct creds *c, const char *path, creds_error_cb cb, void *arg)
{
	char *text = malloc(CREDS_FILE_MAX + 1);
	FILE *fp = fopen(path, "r");
	char msg[256] = "";
	size_t n;
	int rc = 1;

	if (fp == NULL || text == NULL) {
		snprintf(msg, sizeof(msg), "cannot open: %s", strerror(errno));
		goto out;
	}
	n = fread(text, 1, CREDS_FILE_MAX + 1, fp);
	if (ferror(fp))
		snprintf(msg, sizeof(msg), "cannot read: %s", strerror(errno));
	else if (n > CREDS_FILE_MAX)
		snprintf(
		    msg, sizeof(msg), "larger than %d bytes", CREDS_FILE_MAX);
	else
		rc = creds_parse(c, text, n, path, cb, arg);
out:
	if (msg[0] != '\0') {
		c->n = 0;
		if (cb != NULL)
			cb(arg, path, 0, msg);
	}
	if (fp != NULL)
		fclose(fp);
	free(text);
	return rc;
}
