/*
 * API bearer tokens and roles. A token is "alk_" and 43 base64url characters
 * (256 random bits). Only its SHA-256 is ever stored: with that much entropy
 * a slow password hash buys nothing, and the lookup stays one index probe.
 */
#ifndef AIRLOCK_TOKEN_H
#define AIRLOCK_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#define TOKEN_PREFIX "alk_"
#define TOKEN_STRLEN 48 /* prefix + 43 + NUL */
#define TOKEN_HASH_LEN 32

enum role { ROLE_NONE, ROLE_VIEWER, ROLE_OPERATOR, ROLE_ADMIN };

const char *role_name(enum role r);
int role_parse(const char *s, enum role *out);
/* Fill out[TOKEN_STRLEN] with a fresh token from the kernel's CSPRNG. */
int token_generate(char *out, size_t outsz);
/* Well-formed: the prefix and 43 base64url characters. */
int token_wellformed(const char *s);
void token_hash(const char *token, uint8_t out[TOKEN_HASH_LEN]);

#endif
