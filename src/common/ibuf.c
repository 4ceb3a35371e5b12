#include "common/ibuf.h"

#include <errno.h>
#include <string.h>

void
ibuf_init(struct ibuf *b, const void *data, size_t len)
{
	b->data = data;
	b->len = len;
	b->off = 0;
}

size_t
ibuf_left(const struct ibuf *b)
{
	return b->len - b->off;
}

int
ibuf_get_bytes(struct ibuf *b, void *out, size_t n)
{
	if (ibuf_left(b) < n)
		return -EBADMSG;
	if (n > 0)
		memcpy(out, b->data + b->off, n);
	b->off += n;
	return 0;
}

int
ibuf_get_u8(struct ibuf *b, uint8_t *out)
{
	return ibuf_get_bytes(b, out, 1);
}

int
ibuf_get_u16(struct ibuf *b, uint16_t *out)
{
	uint8_t p[2];

	if (ibuf_get_bytes(b, p, sizeof(p)) < 0)
		return -EBADMSG;
	*out = (uint16_t)(p[0] << 8 | p[1]);
	return 0;
}

int
ibuf_get_u32(struct ibuf *b, uint32_t *out)
{
	uint8_t p[4];

	if (ibuf_get_bytes(b, p, sizeof(p)) < 0)
		return -EBADMSG;
	*out = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
	return 0;
}

int
ibuf_get_u64(struct ibuf *b, uint64_t *out)
{
	uint32_t hi, lo;
	size_t start = b->off;

	if (ibuf_get_u32(b, &hi) < 0 || ibuf_get_u32(b, &lo) < 0) {
		b->off = start;
		return -EBADMSG;
	}
	*out = (uint64_t)hi << 32 | lo;
	return 0;
}

int
ibuf_get_str(struct ibuf *b, char *out, size_t outsz)
{
	size_t start = b->off;
	uint16_t n;

	if (ibuf_get_u16(b, &n) < 0)
		return -EBADMSG;
	if ((size_t)n >= outsz || ibuf_left(b) < n ||
	    memchr(b->data + b->off, '\0', n) != NULL) {
		b->off = start;
		return -EBADMSG;
	}
	memcpy(out, b->data + b->off, n);
	out[n] = '\0';
	b->off += n;
	return 0;
}
