/*
 * The capture file reader on anything, against libpcap reading the same
 * bytes. The input is the file: a classic pcap header (the first input
 * byte picks the byte order, microseconds or nanoseconds, a snapshot
 * length, a link type and the version: 2.4, or 2.3 and 2.2, which libpcap
 * reads its own way), then the rest of the input as records. Checked
 * promises:
 * - up to where either stops, both give the same records: bytes, captured
 *   and wire lengths, time (where libpcap did not read a time field as a
 *   negative number: the format's are unsigned);
 * - a file libpcap reads to its end is read to its end, and one it stops
 *   in is stopped in, at the same record;
 * - an error names the file and the failing record's byte offset;
 * - the offset never goes back, and never past the file's end.
 */
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "monitor/capture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
put32(uint8_t *p, uint32_t v, int swapped)
{
	if (swapped)
		v = __builtin_bswap32(v);
	memcpy(p, &v, 4);
}

/* A memory file holding the header and records; its path in path. */
static int
memory_file(const uint8_t *data, size_t size, char path[64])
{
	static const uint32_t snaplens[4] = {65535, 0, 100, 262144};
	/* Ethernet, raw IP, Linux cooked v1 and v2 */
	static const uint32_t links[4] = {1, 101, 113, 276};
	/* 2.4 most often; 2.3 and 2.2, whose lengths libpcap swaps */
	static const uint32_t minors[4] = {4, 3, 2, 4};
	uint8_t hdr[24];
	int swapped = data[0] & 1, fd = memfd_create("capture", 0);

	if (fd < 0)
		abort();
	put32(hdr, data[0] & 2 ? 0xa1b23c4d : 0xa1b2c3d4, swapped);
	/* the version: two 16-bit fields, major first */
	put32(hdr + 4,
	    swapped ? 2u << 16 | minors[data[0] >> 6]
	            : minors[data[0] >> 6] << 16 | 2,
	    swapped);
	put32(hdr + 8, 0, swapped);
	put32(hdr + 12, 0, swapped);
	put32(hdr + 16, snaplens[(data[0] >> 2) & 3], swapped);
	put32(hdr + 20, links[(data[0] >> 4) & 3], swapped);
	if (write(fd, hdr, sizeof(hdr)) != (ssize_t)sizeof(hdr) ||
	    (size > 1 && write(fd, data + 1, size - 1) != (ssize_t)(size - 1)))
		abort();
	snprintf(path, 64, "/proc/self/fd/%d", fd);
	return fd;
}

static const uint8_t *input;
static size_t input_size;
static int input_swapped;

/* Whether the fraction field of the record at file offset at has its top
 * bit set, which libpcap reads as negative. */
static int
negative_fraction(uint64_t at)
{
	/* the file is a 24-byte header, then the input after its first byte */
	uint64_t i = at - 24 + 1 + 4;

	if (at < 24 || i + 4 > input_size)
		return 1;
	return (input_swapped ? input[i] : input[i + 3]) & 0x80;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64], err[512], perr[PCAP_ERRBUF_SIZE];
	const uint8_t *bytes;
	const u_char *pbytes;
	struct pcap_pkthdr *h;
	struct capture *c;
	size_t caplen, wirelen;
	uint64_t at, ts, last = 0, file_size = 24 + (size > 0 ? size - 1 : 0);
	const char *byte;
	pcap_t *p;
	int fd, rc, prc;

	if (size == 0)
		return 0;
	input = data;
	input_size = size;
	input_swapped = data[0] & 1;
	fd = memory_file(data, size, path);
	c = capture_open_file(path, err, sizeof(err));
	p = pcap_open_offline(path, perr);
	if (c == NULL || p == NULL)
		abort(); /* the header is always a good one */
	do {
		at = capture_offset(c);
		rc = capture_next(c, &bytes, &caplen, &wirelen, &ts);
		prc = pcap_next_ex(p, &h, &pbytes);
		if (capture_offset(c) < last || capture_offset(c) > file_size)
			abort();
		last = capture_offset(c);
		if ((rc == 1) != (prc == 1) || (rc == 0) != (prc == -2))
			abort();
		if (rc == 1 && (caplen != h->caplen || wirelen != h->len ||
		                   memcmp(bytes, pbytes, caplen) != 0))
			abort();
		/* the times as libpcap gives them, unless libpcap read a field
		 * as a negative number: the format's fields are unsigned */
		if (rc == 1 && h->ts.tv_sec >= 0 && !negative_fraction(at) &&
		    ts != (uint64_t)h->ts.tv_sec * 1000000u +
		              (uint64_t)h->ts.tv_usec)
			abort();
	} while (rc == 1);
	/* the error names the file and the failing record's offset */
	if (rc < 0 &&
	    (strncmp(capture_error(c), path, strlen(path)) != 0 ||
	        (byte = strstr(capture_error(c), ": at byte ")) == NULL ||
	        strtoull(byte + 10, NULL, 10) != at))
		abort();
	pcap_close(p);
	capture_close(c);
	close(fd);
	return 0;
}
