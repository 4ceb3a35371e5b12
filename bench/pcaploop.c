/*
 * pcaploop: the bare libpcap read loop, the physical limit that
 * bench/analyze.sh sets `airlock analyze` against. It opens FILE with
 * pcap_open_offline and calls pcap_next_ex until the end, counting packets
 * and captured bytes, and touching nothing else: what any reader of the
 * file pays before it looks at a packet. The clock (CLOCK_MONOTONIC) runs
 * around the loop only, not the open. Not part of the CMake build:
 * analyze.sh builds it with `cc -O2 pcaploop.c -lpcap`.
 *
 *   pcaploop FILE
 * prints one line: packets=N bytes=B seconds=S mpps=M
 */
#include <inttypes.h>
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <sysexits.h>
#include <time.h>

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	uint64_t packets = 0, bytes = 0;
	double start, s;
	pcap_t *p;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: pcaploop FILE\n");
		return EX_USAGE;
	}
	p = pcap_open_offline(argv[1], err);
	if (p == NULL) {
		fprintf(stderr, "pcaploop: %s\n", err);
		return EX_NOINPUT;
	}
	start = now();
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		packets++;
		bytes += h->caplen;
	}
	s = now() - start;
	if (rc == PCAP_ERROR) {
		fprintf(stderr, "pcaploop: %s: %s\n", argv[1], pcap_geterr(p));
		pcap_close(p);
		return EX_DATAERR;
	}
	pcap_close(p);
	printf("packets=%" PRIu64 " bytes=%" PRIu64 " seconds=%.6f mpps=%.3f\n",
	    packets, bytes, s, s > 0 ? (double)packets / s / 1e6 : 0.0);
	return EX_OK;
}
