/*
 * Bytes appended one field at a time, big-endian: the tests' way of
 * writing a wire format by hand (a DNS message, an NFLOG record, an IP
 * packet) independently of the code under test. For cmocka tests.
 */
#ifndef AIRLOCK_TEST_BYTES_H
#define AIRLOCK_TEST_BYTES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct bytes {
	uint8_t b[4096];
	size_t len;
};

static inline void
put(struct bytes *m, const void *v, size_t n)
{
	assert_true(m->len + n <= sizeof(m->b));
	memcpy(m->b + m->len, v, n);
	m->len += n;
}

static inline void
put8(struct bytes *m, unsigned v)
{
	uint8_t c = (uint8_t)v;

	put(m, &c, 1);
}

static inline void
put16be(struct bytes *m, unsigned v)
{
	put8(m, v >> 8);
	put8(m, v & 0xff);
}

static inline void
put32be(struct bytes *m, uint32_t v)
{
	put16be(m, v >> 16);
	put16be(m, v & 0xffff);
}

static inline void
zeros(struct bytes *m, size_t n)
{
	while (n-- > 0)
		put8(m, 0);
}

#endif
