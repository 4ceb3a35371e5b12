/*
 * Bounded reader over bytes that came from outside (a socket, a file). Every
 * getter checks the remaining length first and fails with -EBADMSG on short
 * input, leaving the reader where it was; nothing reads past the end.
 * Integers are big-endian (network order).
 */
#ifndef AIRLOCK_IBUF_H
#define AIRLOCK_IBUF_H

#include <stddef.h>
#include <stdint.h>

struct ibuf {
	const uint8_t *data;
	size_t len;
	size_t off;
};

void ibuf_init(struct ibuf *b, const void *data, size_t len);
size_t ibuf_left(const struct ibuf *b);
int ibuf_get_u8(struct ibuf *b, uint8_t *out);
int ibuf_get_u16(struct ibuf *b, uint16_t *out);
int ibuf_get_u32(struct ibuf *b, uint32_t *out);
int ibuf_get_u64(struct ibuf *b, uint64_t *out);
int ibuf_get_bytes(struct ibuf *b, void *out, size_t n);
/* A u16 length then that many bytes, copied NUL-terminated into out, which
 * must hold the string and its NUL; an embedded NUL is refused. */
int ibuf_get_str(struct ibuf *b, char *out, size_t outsz);

#endif
