#include "cli/url.h"

#include <string.h>

void
url_escape(struct obuf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p) != NULL) {
			obuf_putc(b, (char)*p);
			continue;
		}
		obuf_putc(b, '%');
		obuf_putc(b, hex[*p >> 4]);
		obuf_putc(b, hex[*p & 0x0f]);
	}
}

void
url_query(struct obuf *b, const char *key, const char *value)
{
	if (value == NULL)
		return;
	if (b->len > 0)
		obuf_putc(b, '&');
	url_escape(b, key);
	obuf_putc(b, '=');
	url_escape(b, value);
}

void
url_path(struct obuf *b, const char *prefix, const char *segment)
{
	obuf_puts(b, prefix);
	url_escape(b, segment);
}
