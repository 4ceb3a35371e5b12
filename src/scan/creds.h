/*
 * The scanner's dictionary of default credentials: a text file of
 * "user password" pairs, one a line, separated by blanks; "#" starts a
 * comment line; "(none)" stands for an empty user or password. The parser
 * is pure and reports every error as file:line: message, then keeps going,
 * like the config parser, so one run shows all the mistakes.
 */
#ifndef AIRLOCK_CREDS_H
#define AIRLOCK_CREDS_H

#include <stddef.h>

#include "scan/datafile.h"

#define CREDS_MAX 1024
#define CREDS_FIELD_MAX 64 /* bytes of a user or a password */
#define CREDS_FILE_MAX (256 * 1024)

struct cred {
	char user[CREDS_FIELD_MAX + 1];
	char pass[CREDS_FIELD_MAX + 1];
	unsigned
	    line; /* where it was read: findings name it, not the password */
};

struct creds {
	size_t n;
	struct cred v[CREDS_MAX];
};

/* Parse text into c (emptied first). Returns the number of errors; c is
 * only meaningful when that is 0. */
int creds_parse(struct creds *c, const char *text, size_t len, const char *file,
    datafile_error_cb cb, void *arg);

/* Read and parse a file; an unreadable or oversized file is one error at
 * line 0. */
int creds_load(
    struct creds *c, const char *path, datafile_error_cb cb, void *arg);

#endif
