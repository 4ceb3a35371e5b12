/*
 * pcaploop: the bare read loops that bench/analyze.sh sets `airlock
 * analyze` against, counting packets and captured bytes and touching
 * nothing else. The clock (CLOCK_MONOTONIC) runs around the loop only,
 * not the open. Not part of the CMake build: analyze.sh builds it with cc,
 * src/monitor/capture.c and decode.c.
 *
 *   pcaploop FILE
 *	libpcap's loop: pcap_open_offline, then pcap_next_ex until the end;
 *	what any reader of the file through libpcap pays before it looks at
 *	a packet, the physical limit.
 *   pcaploop -a FILE
 *	airlock's own reader (src/monitor/capture.c): it reads classic pcap
 *	records itself, faster than pcap_next_ex (libpcap opens the file and
 *	reads pcapng); what airlock pays before its decoder and detectors.
 *
 * Prints one line: packets=N bytes=B seconds=S mpps=M
 */
#include <inttypes.h>
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "common/clock.h"
#include "monitor/capture.h"

/* libpcap's loop; its exit code. */
static int
libpcap_loop(
    const char *path, uint64_t *packets, uint64_t *bytes, double *seconds)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	pcap_t *p = pcap_open_offline(path, err);
	double start;
	int rc;

	if (p == NULL) {
		fprintf(stderr, "pcaploop: %s\n", err);
		return EX_NOINPUT;
	}
	start = monotonic_seconds();
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		(*packets)++;
		*bytes += h->caplen;
	}
	*seconds = monotonic_seconds() - start;
	if (rc == PCAP_ERROR)
		fprintf(stderr, "pcaploop: %s: %s\n", path, pcap_geterr(p));
	pcap_close(p);
	return rc == PCAP_ERROR ? EX_DATAERR : EX_OK;
}

/* airlock's reader's loop; its exit code. */
static int
airlock_loop(
    const char *path, uint64_t *packets, uint64_t *bytes, double *seconds)
{
	char err[1024];
	const uint8_t *data;
	size_t caplen, wirelen;
	uint64_t ts;
	struct capture *c = capture_open_file(path, err, sizeof(err));
	double start;
	int rc;

	if (c == NULL) {
		fprintf(stderr, "pcaploop: %s\n", err);
		return EX_NOINPUT;
	}
	start = monotonic_seconds();
	while ((rc = capture_next(c, &data, &caplen, &wirelen, &ts)) == 1) {
		(*packets)++;
		*bytes += caplen;
	}
	*seconds = monotonic_seconds() - start;
	if (rc < 0)
		fprintf(stderr, "pcaploop: %s\n", capture_error(c));
	capture_close(c);
	return rc < 0 ? EX_DATAERR : EX_OK;
}

int
main(int argc, char **argv)
{
	uint64_t packets = 0, bytes = 0;
	double s = 0;
	int own = argc == 3 && strcmp(argv[1], "-a") == 0, rc;

	if (argc != 2 && !own) {
		fprintf(stderr, "usage: pcaploop [-a] FILE\n");
		return EX_USAGE;
	}
	rc = own ? airlock_loop(argv[2], &packets, &bytes, &s)
	         : libpcap_loop(argv[1], &packets, &bytes, &s);
	if (rc != EX_OK)
		return rc;
	printf("packets=%" PRIu64 " bytes=%" PRIu64 " seconds=%.6f mpps=%.3f\n",
	    packets, bytes, s, s > 0 ? (double)packets / s / 1e6 : 0.0);
	return EX_OK;
}
