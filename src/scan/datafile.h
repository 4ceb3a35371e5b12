/*
 * The scanner's data files (the credential dictionary, the vulnerable
 * version ranges): read whole within a size bound, cut into lines, and
 * every error reported as file:line: message through a callback, the
 * parse going on so that one run shows all the mistakes.
 */
#ifndef AIRLOCK_DATAFILE_H
#define AIRLOCK_DATAFILE_H

#include <stddef.h>

typedef void (*datafile_error_cb)(
    void *arg, const char *file, unsigned line, const char *msg);

struct datafile {
	const char *file;
	unsigned line; /* the line being parsed; 0 for the file as a whole */
	int errors;
	datafile_error_cb cb; /* may be NULL */
	void *arg;
};

/* One error at the current line. */
void datafile_error(struct datafile *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* each(d, line, len, arg) for every line of text, d->line counting from
 * 1; the line is given by length, without its LF (or CR LF). */
void datafile_lines(struct datafile *d, const char *text, size_t len,
    void (*each)(struct datafile *, const char *, size_t, void *), void *arg);

/* The file whole, in a buffer the caller frees, its length in *len; NULL
 * after one error at line 0 (it cannot be opened or read, or holds more
 * than max bytes). */
char *datafile_read(
    struct datafile *d, const char *path, size_t max, size_t *len);

#endif
