/*
 * The HTTP probe's reading of an answer's head, on anything, fed whole
 * and in every prefix as the engine may see it. Checked promises: the
 * result is one of the enum's; a status is 100 to 599 when the head is
 * read; once HTTP_NOT_HTTP, always (more bytes never make a non-HTTP
 * answer HTTP); the Server header and the realm are NUL-terminated,
 * printable and within their arrays.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/probe_http.h"

#include "fuzz_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size ? size : 1);
	struct http_answer a;
	enum http_read r;
	int not_http = 0;

	if (in == NULL)
		abort();
	memcpy(in, data, size);
	for (size_t n = 1; n <= size; n += n < 64 ? 1 : 61) {
		r = http_probe_answer(in, n, &a);
		if (r > HTTP_DONE)
			abort();
		if (not_http && r != HTTP_NOT_HTTP)
			abort();
		not_http = r == HTTP_NOT_HTTP;
		if (r == HTTP_DONE && (a.status < 100 || a.status > 599))
			abort();
		check_text(a.server, sizeof(a.server));
		check_text(a.realm, sizeof(a.realm));
	}
	free(in);
	return 0;
}
