/*
 * The telnet login attempt on anything a device could send. The input's
 * first byte picks the mode (bit 0: a dictionary pair, else only looking)
 * and, with the second, how the rest is cut into reads, so that prompts
 * and IAC sequences split across reads get explored. Checked promises:
 * a feed writes at most TELNET_OUT_MAX bytes; what it writes is option
 * answers (IAC, WONT/DO/DONT, an option) and at most the user or the
 * password followed by CR LF; once the outcome is known, the engine
 * stops; the banner is printable ASCII and NUL-terminated.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/probe_telnet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char user[] = "root", pass[] = "xc3511";

static void
check_output(const uint8_t *out, size_t n)
{
	size_t i = 0;

	if (n > TELNET_OUT_MAX)
		abort();
	while (i < n && out[i] == 0xff) {
		if (i + 3 > n || out[i + 1] < 0xfb || out[i + 1] > 0xfe)
			abort();
		i += 3;
	}
	if (i == n)
		return;
	if (!(n - i == sizeof(user) + 1 &&
	        memcmp(out + i, "root\r\n", 6) == 0) &&
	    !(n - i == sizeof(pass) + 1 &&
	        memcmp(out + i, "xc3511\r\n", 8) == 0))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct telnet_probe t;
	uint8_t out[TELNET_OUT_MAX];
	size_t outlen, chunk, at = 2;
	enum telnet_result r = TELNET_PENDING;
	const char *banner;

	if (size < 2)
		return 0;
	if (data[0] & 1)
		telnet_probe_init(&t, user, pass);
	else
		telnet_probe_init(&t, NULL, NULL);
	chunk = (size_t)data[1] % 64 + 1;
	while (at < size && r == TELNET_PENDING) {
		size_t n = size - at < chunk ? size - at : chunk;

		r = telnet_probe_feed(&t, data + at, n, out, &outlen);
		check_output(out, outlen);
		at += n;
	}
	banner = telnet_probe_banner(&t);
	if (strlen(banner) >= TELNET_BANNER_MAX)
		abort();
	for (const char *p = banner; *p != '\0'; p++)
		if (*p < 0x20 || *p > 0x7e)
			abort();
	return 0;
}
