/*
 * The admin paths the scanner asks a device's web server for: pages and
 * files that must never answer without a login (a configuration backup,
 * a camera's snapshot, a management API). A text file, one path a line,
 * each starting with '/', printable, without blanks; "#" starts a
 * comment line. The parser is pure and reports every error as
 * file:line: message, then keeps going.
 */
#ifndef AIRLOCK_ADMIN_PATHS_H
#define AIRLOCK_ADMIN_PATHS_H

#include <stddef.h>

#include "scan/datafile.h"

#define ADMIN_PATHS_MAX 16    /* a web port gets at most this many GETs */
#define ADMIN_PATH_LEN_MAX 96 /* bytes of a path */
#define ADMIN_PATHS_FILE_MAX (64 * 1024)

struct admin_paths {
	size_t n;
	char v[ADMIN_PATHS_MAX][ADMIN_PATH_LEN_MAX + 1];
};

/* Parse text into p (emptied first). Returns the number of errors; p is
 * only meaningful when that is 0. */
int admin_paths_parse(struct admin_paths *p, const char *text, size_t len,
    const char *file, datafile_error_cb cb, void *arg);

/* Read and parse a file; an unreadable or oversized file is one error at
 * line 0. */
int admin_paths_load(
    struct admin_paths *p, const char *path, datafile_error_cb cb, void *arg);

#endif
