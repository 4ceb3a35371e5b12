#include "registry/token.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <openssl/evp.h>

static const char *const role_names[] = {"none", "viewer", "operator",
    "admin"};

const char *
role_name(enum role r)
{
	return (unsigned)r <= ROLE_ADMIN ? role_names[r] : "unknown";
}

int
role_parse(const char *s, enum role *out)
{
	for (int r = ROLE_VIEWER; r <= ROLE_ADMIN; r++) {
		if (strcmp(s, role_names[r]) == 0) {
			*out = (enum role)r;
			return 0;
		}
	}
	return -EINVAL;
}

static const char b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int
token_generate(char *out, size_t outsz)
{
	uint8_t rnd[32];
	size_t n = strlen(TOKEN_PREFIX), bits = 0, i;
	uint32_t acc = 0;

	if (outsz < TOKEN_STRLEN)
		return -ENOSPC;
	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		return -EIO;
	memcpy(out, TOKEN_PREFIX, n);
	for (i = 0; i < sizeof(rnd); i++) {
		acc = acc << 8 | rnd[i];
		bits += 8;
		while (bits >= 6) {
			bits -= 6;
			out[n++] = b64url[(acc >> bits) & 63];
		}
	}
	if (bits > 0)
		out[n++] = b64url[(acc << (6 - bits)) & 63];
	out[n] = '\0';
	explicit_bzero(rnd, sizeof(rnd));
	return 0;
}

int
token_wellformed(const char *s)
{
	size_t p = strlen(TOKEN_PREFIX);

	if (strncmp(s, TOKEN_PREFIX, p) != 0 || strlen(s) != TOKEN_STRLEN - 1)
		return 0;
	return strspn(s + p, b64url) == TOKEN_STRLEN - 1 - p;
}

void
token_hash(const char *token, uint8_t out[TOKEN_HASH_LEN])
{
	unsigned int n = TOKEN_HASH_LEN;

	EVP_Digest(token, strlen(token), out, &n, EVP_sha256(), NULL);
}
