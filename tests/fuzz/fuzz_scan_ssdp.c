/*
 * The SSDP probe's reading of an answer, and of a LOCATION URL, on
 * anything. Checked promises: every field is terminated and printable;
 * a URL that parses gives a port from 1 and a path that starts with '/'
 * and has no byte that could break a request line.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/probe_ssdp.h"

#include "fuzz_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ssdp_answer a;
	struct ipaddr host;
	char url[512], path[SSDP_PATH_MAX];
	uint16_t port;

	if (ssdp_probe_parse((const char *)data, size, &a) == 0) {
		check_text(a.location, sizeof(a.location));
		check_text(a.server, sizeof(a.server));
		check_text(a.st, sizeof(a.st));
		check_text(a.usn, sizeof(a.usn));
		if (a.status < 0 || a.status > 999)
			abort();
	}
	if (size >= sizeof(url))
		return 0;
	memcpy(url, data, size);
	url[size] = '\0';
	if (ssdp_location_parse(url, &host, &port, path, sizeof(path)) == 0) {
		if (port == 0 || path[0] != '/')
			abort();
		for (const char *c = path; *c != '\0'; c++)
			if (*c <= 0x20 || *c >= 0x7f)
				abort();
	}
	return 0;
}
