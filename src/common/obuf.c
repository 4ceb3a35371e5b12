#include "common/obuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
obuf_init(struct obuf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
}

void
obuf_clear(struct obuf *b)
{
	b->len = 0;
	b->failed = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void
obuf_reset(struct obuf *b)
{
	free(b->data);
	obuf_init(b, b->max);
}

int
obuf_failed(const struct obuf *b)
{
	return b->failed;
}

/* Make room for n more bytes plus the NUL, doubling up to the cap. */
static int
obuf_reserve(struct obuf *b, size_t n)
{
	size_t want, ncap;
	char *p;

	if (b->failed)
		return -1;
	if (n > b->max || b->len > b->max - n) {
		b->failed = 1;
		return -1;
	}
	want = b->len + n + 1;
	if (want <= b->cap)
		return 0;
	ncap = b->cap ? b->cap : 256;
	while (ncap < want)
		ncap *= 2;
	if (ncap > b->max + 1)
		ncap = b->max + 1;
	p = realloc(b->data, ncap);
	if (p == NULL) {
		b->failed = 1;
		return -1;
	}
	b->data = p;
	b->cap = ncap;
	return 0;
}

void
obuf_put(struct obuf *b, const void *data, size_t len)
{
	if (obuf_reserve(b, len) < 0)
		return;
	if (len > 0)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
obuf_putc(struct obuf *b, char c)
{
	obuf_put(b, &c, 1);
}

void
obuf_puts(struct obuf *b, const char *s)
{
	obuf_put(b, s, strlen(s));
}

void
obuf_printf(struct obuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || obuf_reserve(b, (size_t)n) < 0) {
		b->failed = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
obuf_put_u8(struct obuf *b, uint8_t v)
{
	obuf_put(b, &v, 1);
}

void
obuf_put_u16(struct obuf *b, uint16_t v)
{
	uint8_t p[2] = {(uint8_t)(v >> 8), (uint8_t)v};

	obuf_put(b, p, sizeof(p));
}

void
obuf_put_u32(struct obuf *b, uint32_t v)
{
	uint8_t p[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16),
	    (uint8_t)(v >> 8), (uint8_t)v};

	obuf_put(b, p, sizeof(p));
}

void
obuf_put_u64(struct obuf *b, uint64_t v)
{
	obuf_put_u32(b, (uint32_t)(v >> 32));
	obuf_put_u32(b, (uint32_t)v);
}

void
obuf_put_str(struct obuf *b, const char *s)
{
	size_t n = strlen(s);

	if (n > UINT16_MAX) {
		b->failed = 1;
		return;
	}
	obuf_put_u16(b, (uint16_t)n);
	obuf_put(b, s, n);
}

char *
obuf_steal(struct obuf *b, size_t *len)
{
	char *p = b->data;

	if (len != NULL)
		*len = b->len;
	obuf_init(b, b->max);
	return p;
}
