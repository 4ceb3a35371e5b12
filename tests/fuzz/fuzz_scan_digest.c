/*
 * The Digest challenge's reader, on anything taken as an answer's head,
 * then the Authorization built from what it found. Checked promises: a
 * challenge found has a realm and a nonce, NUL-terminated within their
 * arrays; the header built fits DIGEST_HEADER_MAX, ends in CRLF and has
 * no other line break (a device's nonce cannot inject a header).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/http_digest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_field(const char *s, size_t cap)
{
	if (strnlen(s, cap) == cap)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size ? size : 1), out[DIGEST_HEADER_MAX];
	struct http_digest d;
	size_t n;

	if (in == NULL)
		abort();
	memcpy(in, data, size);
	if (http_digest_find(in, size, &d)) {
		check_field(d.realm, sizeof(d.realm));
		check_field(d.nonce, sizeof(d.nonce));
		check_field(d.opaque, sizeof(d.opaque));
		if (d.nonce[0] == '\0')
			abort();
		n = http_digest_authorization(
		    out, &d, "admin", "admin", "GET", "/", "0a1b2c3d", 1);
		if (n >= DIGEST_HEADER_MAX)
			abort();
		if (n > 0 && (n < 2 || memcmp(out + n - 2, "\r\n", 2) != 0 ||
		                 memchr(out, '\n', n - 1) != NULL ||
		                 memchr(out, '\r', n - 2) != NULL))
			abort();
	}
	free(in);
	return 0;
}
