/*
 * Reading capture files: every packet of a good file, then the end; a
 * file cut in the middle of a record, and one whose record libpcap
 * refuses, stop with an error that names the file, the record's byte
 * offset and how many packets came before it; a file that is not a
 * capture, or of a link type not decoded, is refused at open.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "captures.h"
#include "scratch.h"
#include <pcap/pcap.h>
#include <sys/stat.h>
#include <unistd.h>

#include "monitor/capture.h"
#include "monitor/decode.h"

#define PACKETS 3
#define CAPLEN 60
#define RECORD (16 + CAPLEN) /* a record's header, then its bytes */
#define FILE_HDR 24

/* A pcap file of PACKETS Ethernet frames of CAPLEN bytes, link type dlt. */
static void
write_capture(const char *path, int dlt)
{
	pcap_t *dead = pcap_open_dead(dlt, 65535);
	pcap_dumper_t *d;
	uint8_t frame[CAPLEN];

	assert_non_null(dead);
	d = pcap_dump_open(dead, path);
	assert_non_null(d);
	memset(frame, 0, sizeof(frame));
	frame[12] = 0x08; /* IPv4 */
	for (int i = 0; i < PACKETS; i++) {
		struct pcap_pkthdr h = {.ts = {.tv_sec = 1700000000 + i,
		                            .tv_usec = 5},
		    .caplen = CAPLEN, .len = CAPLEN + 4};

		frame[0] = (uint8_t)i;
		pcap_dump((u_char *)d, &h, frame);
	}
	pcap_dump_close(d);
	pcap_close(dead);
}

/* A fresh file for a test, holding the capture write_capture() makes. */
static void
new_capture(char path[sizeof(SCRATCH_TEMPLATE)], int dlt)
{
	scratch_file(path, "", 0);
	write_capture(path, dlt);
}

static int
read_all(struct capture *c, uint64_t *first_ts)
{
	const uint8_t *data;
	size_t caplen, wirelen;
	uint64_t ts;
	int rc, n = 0;

	while ((rc = capture_next(c, &data, &caplen, &wirelen, &ts)) == 1) {
		assert_int_equal(caplen, CAPLEN);
		assert_int_equal(wirelen, CAPLEN + 4);
		assert_int_equal(data[0], n);
		if (n == 0 && first_ts != NULL)
			*first_ts = ts;
		n++;
	}
	return rc < 0 ? -1 - n : n;
}

/* The reading stopped with an error that names path, the failing
 * record's byte offset, and the packets read before it. */
static void
error_at(const struct capture *c, const char *path, uint64_t offset,
    uint64_t packets)
{
	char want[512];

	snprintf(want, sizeof(want), "%s: at byte %llu, after %llu packets: ",
	    path, (unsigned long long)offset, (unsigned long long)packets);
	if (strncmp(capture_error(c), want, strlen(want)) != 0)
		fail_msg("error \"%s\", wanted it to start \"%s\"",
		    capture_error(c), want);
}

static void
test_good_file(void **state)
{
	char path[sizeof(SCRATCH_TEMPLATE)], err[512];
	struct capture *c;
	uint64_t ts = 0;

	(void)state;
	new_capture(path, DLT_EN10MB);
	c = capture_open_file(path, err, sizeof(err));
	assert_non_null(c);
	assert_int_equal(capture_link(c), DECODE_LINK_ETHERNET);
	assert_true(capture_read_here(c));
	assert_int_equal(read_all(c, &ts), PACKETS);
	assert_int_equal(ts, 1700000000ull * 1000000 + 5);
	assert_int_equal(capture_count(c), PACKETS);
	capture_close(c);
	unlink(path);
}

static void
test_cut_in_a_record(void **state)
{
	char path[sizeof(SCRATCH_TEMPLATE)], err[512];
	struct capture *c;

	(void)state;
	new_capture(path, DLT_EN10MB);
	/* the third record loses its last 10 bytes */
	assert_int_equal(truncate(path, FILE_HDR + PACKETS * RECORD - 10), 0);
	c = capture_open_file(path, err, sizeof(err));
	assert_non_null(c);
	assert_int_equal(read_all(c, NULL), -1 - 2); /* two, then an error */
	error_at(c, path, FILE_HDR + 2 * RECORD, 2);
	assert_non_null(strstr(capture_error(c), "truncated"));
	capture_close(c);
	unlink(path);
}

/* A "patched" pcap file (Kuznetzov's, magic a1b2cd34): version 2.4 like
 * a classic one, but each record's header is 24 bytes. The byte offset in
 * an error must still be the failing record's. */
static void
test_patched_format_offsets(void **state)
{
	char path[sizeof(SCRATCH_TEMPLATE)], err[512];
	uint8_t file[FILE_HDR + PACKETS * (24 + CAPLEN)];
	uint32_t hdr[6] = {0xa1b2cd34, 2 | 4u << 16, 0, 0, 65535, DLT_EN10MB};
	struct capture *c;
	size_t at = FILE_HDR;

	(void)state;
	memset(file, 0, sizeof(file));
	memcpy(file, hdr, sizeof(hdr));
	for (int i = 0; i < PACKETS; i++, at += 24 + CAPLEN) {
		uint32_t rec[4] = {
		    1700000000u + (uint32_t)i, 5, CAPLEN, CAPLEN + 4};

		memcpy(file + at, rec, sizeof(rec));
		file[at + 24] = (uint8_t)i;
		file[at + 24 + 12] = 0x08;
	}
	/* the third record loses its last 10 bytes */
	scratch_file(path, file, sizeof(file) - 10);
	c = capture_open_file(path, err, sizeof(err));
	assert_non_null(c);
	assert_false(capture_read_here(c)); /* libpcap reads it */
	assert_int_equal(read_all(c, NULL), -1 - 2);
	error_at(c, path, FILE_HDR + 2 * (24 + CAPLEN), 2);
	capture_close(c);
	unlink(path);
}

static void
test_refused_record(void **state)
{
	char path[sizeof(SCRATCH_TEMPLATE)], err[512];
	static const uint8_t huge[4] = {0xff, 0xff, 0xff, 0x7f};
	struct capture *c;
	FILE *f;

	(void)state;
	new_capture(path, DLT_EN10MB);
	/* the second record claims 2 GiB of captured bytes */
	f = fopen(path, "r+b");
	assert_non_null(f);
	assert_int_equal(fseek(f, FILE_HDR + RECORD + 8, SEEK_SET), 0);
	assert_int_equal(fwrite(huge, 1, 4, f), 4);
	fclose(f);
	c = capture_open_file(path, err, sizeof(err));
	assert_non_null(c);
	assert_int_equal(read_all(c, NULL), -1 - 1);
	error_at(c, path, FILE_HDR + RECORD, 1);
	capture_close(c);
	unlink(path);
}

/* Reads path through capture_next() and through libpcap at once: the
 * same records, bytes, lengths and times, and the same end. The count. */
static uint64_t
same_as_libpcap(const char *path)
{
	char err[512], perr[PCAP_ERRBUF_SIZE];
	struct capture *c = capture_open_file(path, err, sizeof(err));
	pcap_t *p = pcap_open_offline(path, perr);
	struct pcap_pkthdr *h;
	const u_char *want;
	const uint8_t *got;
	size_t caplen, wirelen;
	uint64_t ts, n = 0;
	int rc, prc;

	if (c == NULL)
		fail_msg("%s", err);
	assert_non_null(p);
	do {
		rc = capture_next(c, &got, &caplen, &wirelen, &ts);
		prc = pcap_next_ex(p, &h, &want);
		if (rc != (prc == 1 ? 1 : prc == PCAP_ERROR_BREAK ? 0 : -1))
			fail_msg("%s: record %llu: %d here, %d from libpcap (%s)",
			    path, (unsigned long long)n, rc, prc,
			    rc < 0 ? capture_error(c) : pcap_geterr(p));
		if (rc != 1)
			break;
		n++;
		assert_int_equal(caplen, h->caplen);
		assert_int_equal(wirelen, h->len);
		assert_int_equal(ts, (uint64_t)h->ts.tv_sec * 1000000u +
		                         (uint64_t)h->ts.tv_usec);
		assert_memory_equal(got, want, caplen);
	} while (1);
	assert_int_equal(capture_count(c), n);
	pcap_close(p);
	capture_close(c);
	return n;
}

static void
put32(FILE *f, uint32_t v, int swapped)
{
	uint8_t b[4];

	if (swapped)
		v = __builtin_bswap32(v);
	memcpy(b, &v, 4);
	assert_int_equal(fwrite(b, 1, 4, f), 4);
}

/* A classic pcap file's shape, and what generate() wrote. */
struct generated {
	int swapped, nanoseconds, minor, link; /* version 2.minor */
	size_t at_least;                       /* bytes of records */
	size_t records, bytes;                 /* written */
	size_t offsets[64];                    /* of the first records */
};

/* Records of every size a capture holds, from none to libpcap's largest
 * (262,144 bytes, over the snapshot length: cut to it), appended to f
 * until there are g->at_least bytes of them. */
static void
put_records(FILE *f, struct generated *g)
{
	static const uint32_t sizes[] = {
	    0, 1, 54, 60, 1514, 9000, 65535, 70000, 262144, 13, 1500};
	static uint8_t bytes[262144 + 97];

	for (size_t i = 0; i < sizeof(bytes); i++)
		bytes[i] = (uint8_t)(i * 7 + i / 251);
	for (size_t i = g->records; g->bytes < g->at_least; i++) {
		uint32_t cap = sizes[i % (sizeof(sizes) / 4)];

		if (i < 64)
			g->offsets[i] = FILE_HDR + g->bytes;
		put32(f, 1700000000u + (uint32_t)i, g->swapped);
		put32(f, (uint32_t)(i * 999) % 1000000000u, g->swapped);
		put32(f, cap, g->swapped);
		put32(f, cap + 4, g->swapped);
		assert_int_equal(fwrite(bytes + i % 97, 1, cap, f), cap);
		g->bytes += 16 + cap;
		g->records++;
	}
}

static void
generate(const char *path, struct generated *g)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	put32(f, g->nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4, g->swapped);
	/* the version: two 16-bit fields, the major first */
	put32(f, g->swapped ? 2u << 16 | (uint32_t)g->minor
	                    : (uint32_t)g->minor << 16 | 2,
	    g->swapped);
	put32(f, 0, g->swapped);
	put32(f, 0, g->swapped);
	put32(f, 65535, g->swapped);
	put32(f, (uint32_t)g->link, g->swapped);
	g->records = g->bytes = 0;
	put_records(f, g);
	assert_int_equal(fclose(f), 0);
}

/* Whether capture.c reads path itself rather than through libpcap. */
static int
read_here(const char *path)
{
	char err[512];
	struct capture *c = capture_open_file(path, err, sizeof(err));
	int here;

	if (c == NULL)
		fail_msg("%s", err);
	here = capture_read_here(c);
	capture_close(c);
	return here;
}

/* 3 MiB and more of records: several of the reader's 1 MiB chunks, with
 * records across their ends; in both byte orders, with micro- and
 * nanoseconds, all read here. */
static void
test_same_as_libpcap_generated(void **state)
{
	char path[sizeof(SCRATCH_TEMPLATE)];
	struct stat st;

	(void)state;
	for (int variant = 0; variant < 4; variant++) {
		struct generated g = {.swapped = variant & 1,
		    .nanoseconds = variant & 2,
		    .minor = 4,
		    .link = DLT_EN10MB,
		    .at_least = (3u << 20) + 12345};

		scratch_file(path, "", 0);
		generate(path, &g);
		assert_true(read_here(path));
		assert_int_equal(same_as_libpcap(path), g.records);
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(g.bytes + FILE_HDR, st.st_size);
		unlink(path);
	}
}

/* What libpcap reads its own way stays with it: versions before 2.4,
 * whose records' two lengths libpcap swaps, and, in the other byte
 * order, Linux cooked captures, whose CAN frames it swaps inside. */
static void
test_left_to_libpcap(void **state)
{
	static const struct {
		int swapped, minor, link;
	} cases[] = {{0, 3, DLT_EN10MB}, {1, 2, DLT_EN10MB},
	    {0, 0, DLT_EN10MB}, {1, 4, DLT_LINUX_SLL},
	    {1, 4, DLT_LINUX_SLL2}};
	char path[sizeof(SCRATCH_TEMPLATE)];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct generated g = {.swapped = cases[i].swapped,
		    .minor = cases[i].minor,
		    .link = cases[i].link,
		    .at_least = 100000};

		scratch_file(path, "", 0);
		generate(path, &g);
		assert_false(read_here(path));
		unlink(path);
	}
	/* and in the machine's order, a cooked capture is read here */
	scratch_file(path, "", 0);
	{
		struct generated g = {
		    .minor = 4, .link = DLT_LINUX_SLL, .at_least = 100000};

		generate(path, &g);
		assert_true(read_here(path));
		assert_int_equal(same_as_libpcap(path), g.records);
	}
	unlink(path);
}

/* A record cut off after the first chunk: the error names its offset,
 * and every record before it was read. */
static void
test_cut_after_the_first_chunk(void **state)
{
	char path[sizeof(SCRATCH_TEMPLATE)], err[512];
	struct generated g = {
	    .minor = 4, .link = DLT_EN10MB, .at_least = (1u << 20) + 300000};
	struct capture *c;
	const uint8_t *data;
	size_t caplen, wirelen, last, n = 0;
	uint64_t ts;
	int rc;

	(void)state;
	scratch_file(path, "", 0);
	generate(path, &g);
	/* the last record (past 1 MiB: the records of one round of sizes
	 * come to 419,000 bytes) loses its last byte */
	assert_true(g.records < 64);
	last = g.offsets[g.records - 1];
	assert_true(last > (1u << 20));
	assert_int_equal(truncate(path, (off_t)(FILE_HDR + g.bytes - 1)), 0);
	c = capture_open_file(path, err, sizeof(err));
	assert_non_null(c);
	assert_true(capture_read_here(c));
	while ((rc = capture_next(c, &data, &caplen, &wirelen, &ts)) == 1) {
		assert_int_equal(capture_offset(c), g.offsets[n + 1]);
		n++;
	}
	assert_int_equal(rc, -1);
	assert_int_equal(n, g.records - 1);
	assert_int_equal(capture_offset(c), last);
	error_at(c, path, last, n);
	capture_close(c);
	unlink(path);
}

/* A capture still being written: records appended after the reader
 * reached the end are read on the next call, as libpcap reads them. */
static void
test_file_that_grows(void **state)
{
	char path[sizeof(SCRATCH_TEMPLATE)], err[512];
	struct generated g = {.minor = 4, .link = DLT_EN10MB, .at_least = 1000};
	struct capture *c;
	const uint8_t *data;
	size_t caplen, wirelen, first;
	uint64_t ts;
	FILE *f;
	int n = 0;

	(void)state;
	scratch_file(path, "", 0);
	generate(path, &g);
	first = g.records;
	c = capture_open_file(path, err, sizeof(err));
	assert_non_null(c);
	assert_true(capture_read_here(c));
	while (capture_next(c, &data, &caplen, &wirelen, &ts) == 1)
		n++;
	assert_int_equal(n, first);
	f = fopen(path, "ab");
	assert_non_null(f);
	g.at_least = g.bytes + 2000;
	put_records(f, &g);
	assert_int_equal(fclose(f), 0);
	while (capture_next(c, &data, &caplen, &wirelen, &ts) == 1)
		n++;
	assert_int_equal(n, g.records);
	assert_true(g.records > first);
	capture_close(c);
	unlink(path);
}

struct tally {
	uint64_t records;
	int here, libpcap; /* files read here, through libpcap */
};

static void
count_same_as_libpcap(const char *path, void *arg)
{
	struct tally *t = arg;

	t->records += same_as_libpcap(path);
	if (read_here(path))
		t->here++;
	else
		t->libpcap++;
}

/* Every shared capture (../shared/data/captures, AIRLOCK_CAPTURES): the
 * same records as libpcap gives. */
static void
test_same_as_libpcap_shared(void **state)
{
	const char *root = getenv("AIRLOCK_CAPTURES");
	struct tally t = {0};
	int files;

	(void)state;
	if (root == NULL || access(root, R_OK) != 0)
		skip(); /* no ../shared beside the tree */
	files = each_capture(root, count_same_as_libpcap, &t);
	assert_true(files > 300);
	assert_true(t.records > 100000);
	/* most are classic pcap; five are pcapng, whatever their names */
	assert_true(t.here > 290);
	assert_true(t.libpcap >= 1);
}

static void
test_refused_files(void **state)
{
	char path[sizeof(SCRATCH_TEMPLATE)], err[512];
	FILE *f;

	(void)state;
	new_capture(path, DLT_EN10MB);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("not a capture at all\n", f);
	fclose(f);
	assert_null(capture_open_file(path, err, sizeof(err)));
	assert_int_equal(strncmp(err, path, strlen(path)), 0);

	write_capture(path, 147); /* DLT_USER0 */
	assert_null(capture_open_file(path, err, sizeof(err)));
	assert_non_null(strstr(err, "is not decoded"));
	unlink(path);

	assert_null(capture_open_file("/nonexistent/x.pcap", err,
	    sizeof(err)));
	assert_int_equal(strncmp(err, "/nonexistent/x.pcap: ", 21), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good_file),
	    cmocka_unit_test(test_cut_in_a_record),
	    cmocka_unit_test(test_patched_format_offsets),
	    cmocka_unit_test(test_refused_record),
	    cmocka_unit_test(test_refused_files),
	    cmocka_unit_test(test_same_as_libpcap_generated),
	    cmocka_unit_test(test_left_to_libpcap),
	    cmocka_unit_test(test_cut_after_the_first_chunk),
	    cmocka_unit_test(test_file_that_grows),
	    cmocka_unit_test(test_same_as_libpcap_shared),
	};

	return cmocka_run_group_tests_name("capture", tests, NULL, NULL);
}
