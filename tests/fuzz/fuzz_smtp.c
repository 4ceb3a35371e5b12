/*
 * The SMTP relay probe on anything a server could send, cut into reads
 * of a size the first byte picks. Checked promises: a command written is
 * one of the probe's own (EHLO, HELO, MAIL FROM, RCPT TO with its fixed
 * addresses), never DATA, and fits SMTP_OUT_MAX; once a verdict is out,
 * the probe is done; the greeting is printable and NUL-terminated.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/probe_smtp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const commands[] = {
    "EHLO airlock-scan.invalid\r\n",
    "HELO airlock-scan.invalid\r\n",
    "MAIL FROM:<scan@airlock-scan.invalid>\r\n",
    "RCPT TO:<relay-test@example.com>\r\n",
};

static void
check_command(const char *out, size_t n)
{
	if (n == 0)
		return;
	if (n >= SMTP_OUT_MAX)
		abort();
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		if (n == strlen(commands[i]) && memcmp(out, commands[i], n) == 0)
			return;
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct smtp_probe p;
	char out[SMTP_OUT_MAX];
	size_t at = 1, chunk, n;
	enum smtp_result r = SMTP_PENDING;

	if (size < 1)
		return 0;
	chunk = data[0] % 32 + 1;
	smtp_probe_init(&p);
	while (at < size && r == SMTP_PENDING) {
		size_t k = size - at < chunk ? size - at : chunk;

		r = smtp_probe_feed(&p, (const char *)data + at, k, out, &n);
		check_command(out, n);
		at += k;
	}
	if (r > SMTP_OPEN_RELAY)
		abort();
	if (strnlen(p.greeting, sizeof(p.greeting)) == sizeof(p.greeting))
		abort();
	for (const char *s = p.greeting; *s != '\0'; s++)
		if (*s < 0x20 || *s > 0x7e)
			abort();
	return 0;
}
