/*
 * The scanner's data files (datafile.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan/datafile.h"

void
datafile_error(struct datafile *d, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	d->errors++;
	if (d->cb != NULL)
		d->cb(d->arg, d->file, d->line, msg);
}

void
datafile_lines(struct datafile *d, const char *text, size_t len,
    void (*each)(struct datafile *, const char *, size_t, void *), void *arg)
{
	size_t at = 0, n;

	while (at < len) {
		const char *nl = memchr(text + at, '\n', len - at);

		n = (nl != NULL ? (size_t)(nl - text) : len) - at;
		d->line++;
		/* a CR of a file written on Windows ends the line too */
		each(
		    d, text + at, n - (n > 0 && text[at + n - 1] == '\r'), arg);
		at += n + 1;
	}
}

char *
datafile_read(struct datafile *d, const char *path, size_t max, size_t *len)
{
	char *text = malloc(max + 1);
	FILE *fp = fopen(path, "r");

	d->line = 0;
	if (fp == NULL || text == NULL) {
		datafile_error(d, "cannot open: %s", strerror(errno));
		goto fail;
	}
	*len = fread(text, 1, max + 1, fp);
	if (ferror(fp)) {
		datafile_error(d, "cannot read: %s", strerror(errno));
		goto fail;
	}
	if (*len > max) {
		datafile_error(d, "larger than %zu bytes", max);
		goto fail;
	}
	fclose(fp);
	return text;
fail:
	if (fp != NULL)
		fclose(fp);
	free(text);
	return NULL;
}
