/*
 * The credential dictionary's parser on anything. Checked promises: the
 * callback is called once per error counted; a file accepted has at
 * least one pair, and every field is printable ASCII without blanks, at
 * most CREDS_FIELD_MAX bytes, with no pair twice and lines ascending.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "count_errors.h"
#include "scan/creds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_field(const char *s)
{
	if (strlen(s) > CREDS_FIELD_MAX)
		abort();
	for (; *s != '\0'; s++)
		if (*s < 0x21 || *s > 0x7e)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct creds c;
	char *text = malloc(size ? size : 1);
	int seen = 0, errors;

	if (text == NULL)
		abort();
	memcpy(text, data, size);
	errors = creds_parse(&c, text, size, "fuzz", count_errors, &seen);
	if (errors != seen || (errors == 0 && c.n == 0))
		abort();
	for (size_t i = 0; errors == 0 && i < c.n; i++) {
		check_field(c.v[i].user);
		check_field(c.v[i].pass);
		if (i > 0 && c.v[i].line <= c.v[i - 1].line)
			abort();
		for (size_t j = 0; j < i; j++)
			if (strcmp(c.v[i].user, c.v[j].user) == 0 &&
			    strcmp(c.v[i].pass, c.v[j].pass) == 0)
				abort();
	}
	free(text);
	return 0;
}
