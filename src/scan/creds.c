/*
 * The credential dictionary's parser (creds.h). Fields are printable
 * ASCII without blanks, so that what the scanner types at a login prompt
 * is exactly what the file says: no escapes, no quoting, no surprises
 * from a control character reaching a device's terminal.
 */
#include <stdlib.h>
#include <string.h>

#include "scan/creds.h"

struct creds_parser {
	struct datafile d;
	struct creds *c;
};

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
			datafile_error(&p->d,
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
		datafile_error(
		    &p->d, "%s: longer than %d bytes", what, CREDS_FIELD_MAX);
		return -1;
	}
	if (n == 6 && memcmp(s + start, "(none)", 6) == 0)
		n = 0;
	memcpy(out, s + start, n);
	out[n] = '\0';
	return 1;
}

static void
parse_line(struct datafile *d, const char *s, size_t len, void *arg)
{
	struct creds_parser *p = arg;
	struct cred cr = {.line = d->line};
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
		datafile_error(&p->d,
		    "a password is missing after user '%s' (write (none) "
		    "for an empty one)",
		    cr.user);
	if (rc <= 0)
		return;
	rc = field(p, s, len, &at, "third field", extra);
	if (rc != 0) {
		if (rc > 0)
			datafile_error(&p->d,
			    "more than two fields: a line is \"user "
			    "password\"");
		return;
	}
	for (size_t i = 0; i < p->c->n; i++)
		if (strcmp(p->c->v[i].user, cr.user) == 0 &&
		    strcmp(p->c->v[i].pass, cr.pass) == 0) {
			datafile_error(
			    &p->d, "the same pair as line %u", p->c->v[i].line);
			return;
		}
	if (p->c->n == CREDS_MAX) {
		datafile_error(&p->d, "more than %d pairs", CREDS_MAX);
		return;
	}
	p->c->v[p->c->n++] = cr;
}

int
creds_parse(struct creds *c, const char *text, size_t len, const char *file,
    datafile_error_cb cb, void *arg)
{
	struct creds_parser p = {
	    .d = {.file = file, .cb = cb, .arg = arg}, .c = c};

	c->n = 0;
	datafile_lines(&p.d, text, len, parse_line, &p);
	if (p.d.errors == 0 && c->n == 0) {
		p.d.line = 0;
		datafile_error(&p.d, "no credential pairs");
	}
	return p.d.errors;
}

int
creds_load(struct creds *c, const char *path, datafile_error_cb cb, void *arg)
{
	struct datafile d = {.file = path, .cb = cb, .arg = arg};
	size_t len;
	char *text = datafile_read(&d, path, CREDS_FILE_MAX, &len);
	int rc;

	if (text == NULL) {
		c->n = 0;
		return d.errors;
	}
	rc = creds_parse(c, text, len, path, cb, arg);
	free(text);
	return rc;
}
