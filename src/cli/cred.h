/*
 * Where the API token comes from: --token, else $AIRLOCK_TOKEN, else the
 * first line of the file named by $AIRLOCK_TOKEN_FILE. The file is the way
 * to prefer, because a command line is visible to every user of the host.
 * The token is only ever put in the Authorization header; it is never
 * printed, and never passed on a command line by airlock.
 */
#ifndef AIRLOCK_CRED_H
#define AIRLOCK_CRED_H

/* Tokens are "alk_" and 43 characters; leave room for longer ones. */
#define CRED_MAX 1024

/* Find the token; opt is the value of --token or NULL. Returns EX_OK with
 * *out set to a copy for cred_free(), or to NULL when no token is
 * configured at all (the server then answers 401, and says so). Otherwise
 * a message went to stderr: EX_NOINPUT when the file cannot be read,
 * EX_DATAERR when it holds no usable token, EX_USAGE for a bad --token or
 * $AIRLOCK_TOKEN. */
int cred_load(const char *opt, char **out);
/* Wipe and free a token from cred_load(); NULL is fine. */
void cred_free(char *token);

#endif
