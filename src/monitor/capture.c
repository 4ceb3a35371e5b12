#include "monitor/capture.h"

#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/decode.h"

struct capture {
	pcap_t *p;
	int link;
	uint64_t count;
	/* The next record's byte offset, counted rather than asked of stdio
	 * for a classic pcap file, where a record is a 16-byte header and
	 * its bytes; -1 where ftell() is asked each time: pcapng, the
	 * version 543 and "patched" pcap files (their headers are longer;
	 * the first record's offset, checked against ftell(), tells). */
	int64_t next;
	int next_checked;
	char path[256];
	char err[PCAP_ERRBUF_SIZE + 384];
};

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
	/* Each record's offset comes from ftell(). glibc answers it from
	 * the stream's own count only once that count is known, which a
	 * seek sets (reading alone never does); otherwise every ftell() is
	 * an lseek(2), which took more time than all the rest. */
	f = pcap_file(c->p);
	if (f != NULL)
		(void)fseek(f, ftell(f), SEEK_SET);
	c->next =
	    f != NULL && pcap_major_version(c->p) == 2 ? (int64_t)ftell(f) : -1;
	snprintf(c->path, sizeof(c->path), "%s", path);
	return c;
}

void
capture_close(struct capture *c)
{
	if (c == NULL)
		return;
	if (c->p != NULL)
		pcap_close(c->p);
	free(c);
}

int
capture_link(const struct capture *c)
{
	return c->link;
}

int
capture_next(struct capture *c, const uint8_t **data, size_t *caplen,
    size_t *wirelen, uint64_t *ts_us)
{
	struct pcap_pkthdr *h;
	const u_char *bytes;
	/* Where the record starts, for the error: libpcap reads the file
	 * through stdio, a record at a time. */
	int64_t at = c->next >= 0 ? c->next : (int64_t)ftell(pcap_file(c->p));
	int rc = pcap_next_ex(c->p, &h, &bytes);

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
	snprintf(c->err, sizeof(c->err),
	    "%s: at byte %lld, after %llu packets: %s", c->path, (long long)at,
	    (unsigned long long)c->count, pcap_geterr(c->p));
	return -1;
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
	int64_t at = c->next >= 0 ? c->next : (int64_t)ftell(pcap_file(c->p));

	return at < 0 ? 0 : (uint64_t)at;
}
