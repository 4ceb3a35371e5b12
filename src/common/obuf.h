/*
 * Growable output buffer with a hard cap set at creation. Writers append;
 * once an append would pass the cap (or memory runs out) the buffer is marked
 * failed, later appends are ignored, and obuf_failed() reports it once at
 * the end, so callers check a single flag instead of every write.
 * The data is always NUL-terminated for convenience; len excludes the NUL.
 */
#ifndef AIRLOCK_OBUF_H
#define AIRLOCK_OBUF_H

#include <stddef.h>
#include <stdint.h>

struct obuf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;
	int failed;
};

void obuf_init(struct obuf *b, size_t max);
/* Forget the contents and keep the memory for reuse. */
void obuf_clear(struct obuf *b);
/* Free the memory; the buffer can be used again after obuf_init(). */
void obuf_reset(struct obuf *b);
int obuf_failed(const struct obuf *b);
void obuf_put(struct obuf *b, const void *data, size_t len);
void obuf_putc(struct obuf *b, char c);
void obuf_puts(struct obuf *b, const char *s);
void obuf_printf(struct obuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void obuf_put_u8(struct obuf *b, uint8_t v);
void obuf_put_u16(struct obuf *b, uint16_t v);
void obuf_put_u32(struct obuf *b, uint32_t v);
void obuf_put_u64(struct obuf *b, uint64_t v);
/* u16 length-prefixed string, the counterpart of ibuf_get_str(). */
void obuf_put_str(struct obuf *b, const char *s);
/* Hand the memory to the caller, who frees it; the buffer is left empty. */
char *obuf_steal(struct obuf *b, size_t *len);

#endif
