#include "monitor/capture.h"

#include <errno.h>
#include <fcntl.h>
#include <pcap/pcap.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "monitor/decode.h"

/*
 * libpcap opens every file: it checks the header and names the link type.
 * A classic pcap file (magic a1b2c3d4 for microseconds, a1b23c4d for
 * nanoseconds, either byte order) is then read here, a chunk at a time,
 * and its records are handed out where they lie in the chunk: libpcap
 * reads through stdio and copies each record once more, which at millions
 * of packets a second took a fifth of airlock analyze's time on small
 * packets and two fifths on a real mix. What libpcap reads its own way
 * stays with it (readable_here()), as does every other format: pcapng,
 * and the "patched" and other rare variants of pcap, whose record headers
 * are longer.
 */
/* A chunk stays in the second-level cache between the read that fills it
 * and the decoder that reads it (8 MiB chunks made reading slower than
 * libpcap's), and holds the largest record a few times over. */
#define CHUNK ((size_t)1 << 20)
#define RECORD_HEADER 16
/* libpcap's limit on a record's captured bytes for the link types that
 * decode.h knows: a record that claims more is corrupt */
#define MAX_CAPLEN 262144u
_Static_assert(CHUNK >= RECORD_HEADER + MAX_CAPLEN,
    "a chunk holds the largest record");

struct capture {
	pcap_t *p; /* NULL when the file is read here */
	int link;
	uint64_t count;
	/* libpcap's reading: the next record's byte offset, counted for a
	 * classic pcap file, where a record is a 16-byte header and its
	 * bytes; -1 where ftell() is asked each time: pcapng, the version
	 * 543 and "patched" pcap files (their headers are longer; the first
	 * record's offset, checked against ftell(), tells) */
	int64_t next;
	int next_checked;
	/* reading here */
	int fd;
	int swapped, nanoseconds;
	uint32_t snaplen;
	uint8_t *buf;    /* CHUNK bytes */
	size_t pos, len; /* the next record's place in it, its bytes */
	int64_t buf_at;  /* the file offset of its first byte */
	int64_t file_at; /* where the next fill reads from */
	char path[256];
	char err[PCAP_ERRBUF_SIZE + 384];
};

/* The file's magic number, read in the file's byte order: 1 for a
 * classic pcap file with microseconds, 2 with nanoseconds, 0 for another
 * format. */
static int
classic_pcap(int fd, int swapped)
{
	uint32_t magic;

	if (pread(fd, &magic, 4, 0) != 4)
		return 0;
	if (swapped)
		magic = __builtin_bswap32(magic);
	if (magic == 0xa1b2c3d4)
		return 1;
	if (magic == 0xa1b23c4d)
		return 2;
	return 0;
}

/* Whether the file's records can be read here and come out as libpcap
 * gives them: version 2.4 only (libpcap swaps the two lengths of older
 * versions' records), the header at the start of the file (not a stream
 * read from the middle), and, in the other byte order, no pseudo-header
 * libpcap would swap inside the packet (a Linux cooked capture's CAN
 * frames). */
static int
readable_here(pcap_t *p, FILE *f)
{
	int link = pcap_datalink(p);

	return pcap_major_version(p) == 2 && pcap_minor_version(p) == 4 &&
	       ftell(f) == 24 &&
	       (!pcap_is_swapped(p) ||
	           (link != DLT_LINUX_SLL && link != DLT_LINUX_SLL2));
}

/* Takes the reading over from libpcap for a classic pcap file; 0 when
 * it stays with libpcap. */
static int
read_here(struct capture *c)
{
	FILE *f = pcap_file(c->p);
	int kind;

	if (f == NULL || !readable_here(c->p, f))
		return 0;
	c->fd = fcntl(fileno(f), F_DUPFD_CLOEXEC, 0);
	if (c->fd < 0)
		return 0;
	kind = classic_pcap(c->fd, pcap_is_swapped(c->p));
	c->buf = kind == 0 ? NULL : malloc(CHUNK);
	if (c->buf == NULL) {
		close(c->fd);
		c->fd = -1;
		return 0;
	}
	c->swapped = pcap_is_swapped(c->p);
	c->nanoseconds = kind == 2;
	/* libpcap has made a snapshot length of 0, or one over its limit,
	 * its largest */
	c->snaplen = (uint32_t)pcap_snapshot(c->p);
	c->buf_at = c->file_at = 24; /* after the file header */
	pcap_close(c->p);
	c->p = NULL;
	return 1;
}

struct capture *
capture_open_file(const char *path, char *err, size_t errlen)
{
	char perr[PCAP_ERRBUF_SIZE];
	struct capture *c;
	FILE *f;

	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	c->fd = -1;
	c->p = pcap_open_offline(path, perr);
	if (c->p == NULL) {
		snprintf(err, errlen, "%s: %s", path, perr);
		free(c);
		return NULL;
	}
	c->link = decode_link_of(pcap_datalink(c->p));
	if (c->link < 0) {
		snprintf(err, errlen, "%s: link type %s (%d) is not decoded",
		    path, pcap_datalink_val_to_name(pcap_datalink(c->p)),
		    pcap_datalink(c->p));
		capture_close(c);
		return NULL;
	}
	snprintf(c->path, sizeof(c->path), "%s", path);
	if (read_here(c))
		return c;
	/* Each record's offset comes from ftell(). glibc answers it from
	 * the stream's own count only once that count is known, which a
	 * seek sets (reading alone never does); otherwise every ftell() is
	 * an lseek(2), which took more time than all the rest. */
	f = pcap_file(c->p);
	if (f != NULL)
		(void)fseek(f, ftell(f), SEEK_SET);
	c->next =
	    f != NULL && pcap_major_version(c->p) == 2 ? (int64_t)ftell(f) : -1;
	return c;
}

void
capture_close(struct capture *c)
{
	if (c == NULL)
		return;
	if (c->p != NULL)
		pcap_close(c->p);
	if (c->fd >= 0)
		close(c->fd);
	free(c->buf);
	free(c);
}

int
capture_link(const struct capture *c)
{
	return c->link;
}

int
capture_read_here(const struct capture *c)
{
	return c->p == NULL;
}

/* -1, with the error naming the file, the record's offset and fmt. */
static int __attribute__((format(printf, 3, 4)))
fail(struct capture *c, int64_t at, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(c->err, sizeof(c->err),
	    "%s: at byte %lld, after %llu packets: ", c->path, (long long)at,
	    (unsigned long long)c->count);

	if (n < 0 || (size_t)n >= sizeof(c->err))
		return -1;
	va_start(ap, fmt);
	vsnprintf(c->err + n, sizeof(c->err) - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* The rest of the chunk to its start, then the chunk filled from the
 * file as far as it goes; 0, or -1 when the file cannot be read. The end
 * of the file is asked again at each fill: a capture still being written
 * (tcpdump -w) grows. A file cut shorter meanwhile may still give what
 * the chunk held of it. */
static int
refill(struct capture *c)
{
	size_t rest = c->len - c->pos;
	ssize_t got = 1;

	memmove(c->buf, c->buf + c->pos, rest);
	c->buf_at += (int64_t)c->pos;
	c->pos = 0;
	c->len = rest;
	while (c->len < CHUNK && got != 0) {
		got = pread(c->fd, c->buf + c->len, CHUNK - c->len, c->file_at);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return fail(c, c->file_at,
			    "cannot read the file there: %s", strerror(errno));
		c->len += (size_t)got;
		c->file_at += got;
	}
	return 0;
}

static uint32_t
field(const struct capture *c, const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return c->swapped ? __builtin_bswap32(v) : v;
}

/* The next record of a file read here (capture_next()). */
static int
next_here(struct capture *c, const uint8_t **data, size_t *caplen,
    size_t *wirelen, uint64_t *ts_us)
{
	const uint8_t *h;
	uint32_t cap, frac;

	if (c->len - c->pos < RECORD_HEADER && refill(c) < 0)
		return -1;
	if (c->len - c->pos == 0)
		return 0;
	if (c->len - c->pos < RECORD_HEADER)
		return fail(c, c->buf_at + (int64_t)c->pos,
		    "truncated record header: %zu of its 16 bytes",
		    c->len - c->pos);
	h = c->buf + c->pos;
	cap = field(c, h + 8);
	if (cap > MAX_CAPLEN)
		return fail(c, c->buf_at + (int64_t)c->pos,
		    "the record claims %u captured bytes, more than the %u "
		    "a capture holds",
		    cap, MAX_CAPLEN);
	if (c->len - c->pos < RECORD_HEADER + cap) {
		if (refill(c) < 0)
			return -1;
		h = c->buf + c->pos;
		if (c->len - c->pos < RECORD_HEADER + cap)
			return fail(c, c->buf_at + (int64_t)c->pos,
			    "truncated record: %zu of its %u captured bytes",
			    c->len - c->pos - RECORD_HEADER, cap);
	}
	/* unsigned, as the format has them (libpcap reads those of a file
	 * in the machine's byte order signed: a time after January 2038
	 * goes negative there) */
	frac = field(c, h + 4);
	*ts_us = (uint64_t)field(c, h) * 1000000u +
	         (c->nanoseconds ? frac / 1000 : frac);
	*wirelen = field(c, h + 12);
	*data = h + RECORD_HEADER;
	/* a record longer than the header's snapshot length: its first
	 * snaplen bytes, as libpcap gives */
	*caplen = cap < c->snaplen ? cap : c->snaplen;
	c->pos += RECORD_HEADER + cap;
	c->count++;
	return 1;
}

int
capture_next(struct capture *c, const uint8_t **data, size_t *caplen,
    size_t *wirelen, uint64_t *ts_us)
{
	struct pcap_pkthdr *h;
	const u_char *bytes;
	int64_t at;
	int rc;

	if (c->p == NULL)
		return next_here(c, data, caplen, wirelen, ts_us);
	/* Where the record starts, for the error: libpcap reads the file
	 * through stdio, a record at a time. */
	at = c->next >= 0 ? c->next : (int64_t)ftell(pcap_file(c->p));
	rc = pcap_next_ex(c->p, &h, &bytes);
	if (rc == 1) {
		c->count++;
		/* libpcap shortens a record longer than it can hold: the file
		 * moved on by more than caplen, so ask where it is */
		if (c->next >= 0)
			c->next = h->caplen < (bpf_u_int32)pcap_snapshot(c->p)
			              ? c->next + 16 + (int64_t)h->caplen
			              : (int64_t)ftell(pcap_file(c->p));
		if (c->next >= 0 && !c->next_checked) {
			c->next_checked = 1;
			if (c->next != (int64_t)ftell(pcap_file(c->p)))
				c->next = -1;
		}
		*data = bytes;
		*caplen = h->caplen;
		*wirelen = h->len;
		*ts_us = (uint64_t)h->ts.tv_sec * 1000000u +
		         (uint64_t)h->ts.tv_usec;
		return 1;
	}
	if (rc == PCAP_ERROR_BREAK)
		return 0;
	return fail(c, at, "%s", pcap_geterr(c->p));
}

const char *
capture_error(const struct capture *c)
{
	return c->err;
}

uint64_t
capture_count(const struct capture *c)
{
	return c->count;
}

uint64_t
capture_offset(const struct capture *c)
{
	int64_t at;

	if (c->p == NULL)
		return (uint64_t)(c->buf_at + (int64_t)c->pos);
	at = c->next >= 0 ? c->next : (int64_t)ftell(pcap_file(c->p));
	return at < 0 ? 0 : (uint64_t)at;
}
