/*
 * The admin paths' file (admin_paths.h).
 */
#include <stdlib.h>
#include <string.h>

#include "scan/admin_paths.h"

static void
one_line(struct datafile *d, const char *s, size_t n, void *arg)
{
	struct admin_paths *p = arg;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	if (n == 0 || *s == '#')
		return;
	if (*s != '/') {
		datafile_error(d, "a path starts with '/'");
		return;
	}
	if (n > ADMIN_PATH_LEN_MAX) {
		datafile_error(
		    d, "a path longer than %d bytes", ADMIN_PATH_LEN_MAX);
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (s[i] <= 0x20 || s[i] >= 0x7f) {
			datafile_error(d, "a blank or a byte outside "
			                  "printable ASCII in a path");
			return;
		}
	for (size_t i = 0; i < p->n; i++)
		if (strlen(p->v[i]) == n && memcmp(p->v[i], s, n) == 0) {
			datafile_error(d, "'%.*s' listed before", (int)n, s);
			return;
		}
	if (p->n == ADMIN_PATHS_MAX) {
		datafile_error(d, "more than %d paths", ADMIN_PATHS_MAX);
		return;
	}
	memcpy(p->v[p->n], s, n);
	p->v[p->n++][n] = '\0';
}

int
admin_paths_parse(struct admin_paths *p, const char *text, size_t len,
    const char *file, datafile_error_cb cb, void *arg)
{
	struct datafile d = {.file = file, .cb = cb, .arg = arg};

	p->n = 0;
	datafile_lines(&d, text, len, one_line, p);
	return d.errors;
}

int
admin_paths_load(
    struct admin_paths *p, const char *path, datafile_error_cb cb, void *arg)
{
	struct datafile d = {.file = path, .cb = cb, .arg = arg};
	size_t len;
	char *text = datafile_read(&d, path, ADMIN_PATHS_FILE_MAX, &len);
	int rc;

	if (text == NULL)
		return d.errors;
	rc = admin_paths_parse(p, text, len, path, cb, arg);
	free(text);
	return rc;
}
