/*
 * The RTSP probe's reading of an answer's head, on anything, fed whole
 * and in every prefix as the engine may see it. Checked promises: the
 * result is one of the enum's; a status is 100 to 599 when the head is
 * read; once RTSP_NOT_RTSP, always; the Server header is NUL-terminated
 * and printable within its array.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/probe_rtsp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size ? size : 1);
	struct rtsp_answer a;
	enum rtsp_read r;
	int not_rtsp = 0;

	if (in == NULL)
		abort();
	memcpy(in, data, size);
	for (size_t n = 1; n <= size; n += n < 64 ? 1 : 61) {
		r = rtsp_probe_answer(in, n, &a);
		if (r > RTSP_DONE || (not_rtsp && r != RTSP_NOT_RTSP))
			abort();
		not_rtsp = r == RTSP_NOT_RTSP;
		if (r == RTSP_DONE && (a.status < 100 || a.status > 599))
			abort();
		if (strnlen(a.server, sizeof(a.server)) == sizeof(a.server))
			abort();
		for (size_t i = 0; a.server[i] != '\0'; i++)
			if (a.server[i] < 0x20 || a.server[i] > 0x7e)
				abort();
	}
	free(in);
	return 0;
}
