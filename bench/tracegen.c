/*
 * tracegen: big packet traces for bench/analyze.sh, made from real
 * captures or synthesized. Not part of the CMake build: analyze.sh builds
 * it with `cc -O2 tracegen.c -lpcap`.
 *
 *   tracegen -n COPIES -o OUT FILE...
 *	Every Ethernet packet of the inputs (pcap or pcapng; other link
 *	types are skipped with a warning) COPIES times, each copy with its
 *	own IPv4 addresses, into one pcap (DLT_EN10MB, microseconds):
 *	- each file's first packet is moved to the same instant (a
 *	  silence of over an hour in a file is cut to an hour), and the
 *	  packets of all files are merged in time order; each packet is
 *	  then written COPIES times in a row, copy k at its time + k us,
 *	  never earlier than the packet before it, so the trace only goes
 *	  forward in time;
 *	- an RFC 1918 address a.b.c.d of file f becomes, in copy k, a host
 *	  of the device network 10.64.0.0/10: 10.64.0.0 + k * B +
 *	  hash(f, a.b.c.d) mod B, where B = 2^22 / (COPIES rounded up to a
 *	  power of two), so copies never share a device and each capture
 *	  is a LAN of its own (two hosts of a copy may still meet in the
 *	  hash: about n^2 / 2B of n hosts). x.x.x.255 is taken for a subnet
 *	  broadcast and becomes 10.127.255.255, the device network's;
 *	- a public address keeps its first and last octets and has its
 *	  second and third octets xored with k's low and high bytes: one
 *	  distinct address per copy, and never in 10.0.0.0/8 (a public
 *	  address never starts with 10); it may land in 172.16/12 or
 *	  192.168/16, which are not devices either;
 *	- 0/8, 127/8, 169.254/16 and 224/3 (multicast, broadcast) stay;
 *	- ARP's sender and target addresses are mapped the same way.
 *	The IPv4 header checksum is recomputed, and the TCP and UDP
 *	checksums adjusted for the new addresses (RFC 1624) when they were
 *	captured; the addresses inside an ICMP error's quoted header are
 *	left as they were, so that header's checksum no longer matches.
 *	IPv6 packets are copied unchanged: COPIES times the same flows.
 *	MAC addresses are not changed.
 *
 *   tracegen -f FLOWS [-k PACKETS] [-d DEVICES] [-p PEERS] -o OUT
 *	FLOWS minimal frames (60 bytes captured, a 64-byte frame on the
 *	wire with its FCS), each the SYN of a TCP flow of its own: packet
 *	i comes from device i mod DEVICES (10.64.0.1 onwards), source port
 *	1024 + i / DEVICES, to port 443 of one of that device's PEERS
 *	public servers (in 11.0.0.0/8), 1 us after the one before
 *	(1 Mpps of trace time). Defaults: 50,000 devices (under the
 *	detectors' default max-devices, 65,536) with 8 servers each; the
 *	checksums are right.
 *	With -k K, each flow is K packets instead, all of them minimal: the
 *	SYN, the server's SYN-ACK, then ACKs from the device and the server
 *	in turn; the flows go in groups of 65,536, a packet of each in turn,
 *	so that a flow's next packet comes 65,535 packets after its last
 *	(small packets of established flows, as a gateway's link carries).
 *
 *   tracegen -c FILE...
 *	prints how many packets the Ethernet inputs hold, writes nothing.
 *
 * Exit codes follow sysexits.
 */
#include <arpa/inet.h>

#include <errno.h>
#include <inttypes.h>
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#define MAX_COPIES 4096
#define DEVNET 0x0a400000u     /* 10.64.0.0/10 */
#define DEVNET_SIZE (1u << 22) /* its addresses */
#define DEVNET_BCAST (DEVNET + DEVNET_SIZE - 1)
#define T0_US 1767225600000000ull /* 2026-01-01 00:00:00 UTC */
#define GAP_MAX_US 3600000000ll   /* a longer silence is cut to this */
#define SYN_FRAME 60
#define SYN_MAX_PORTS 64512 /* source ports 1024-65535 */

struct pkt {
	uint64_t ts_us; /* moved so that its file starts at T0_US */
	uint64_t off;   /* of its bytes in the pool */
	uint32_t caplen, len;
	uint32_t file, seq; /* for a stable order */
};

struct input {
	struct pkt *pkts;
	size_t n, cap;
	uint8_t *pool;
	uint64_t used, room;
	int snaplen;
	unsigned files, skipped;
};

static void
usage(void)
{
	fprintf(stderr,
	    "usage: tracegen -n COPIES -o OUT FILE...\n"
	    "       tracegen -f FLOWS [-k PACKETS] [-d DEVICES] [-p PEERS] "
	    "-o OUT\n"
	    "       tracegen -c FILE...\n");
	exit(EX_USAGE);
}

static void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n);

	if (q == NULL) {
		fprintf(stderr, "tracegen: out of memory (%zu bytes)\n", n);
		exit(EX_OSERR);
	}
	return q;
}

/* A 32-bit mix (murmur3's finalizer): spreads nearby addresses. */
static uint32_t
mix32(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

static int
is_rfc1918(uint32_t a)
{
	return (a >> 24) == 10 || (a >> 20) == 0xac1 || (a >> 16) == 0xc0a8;
}

static int
is_kept(uint32_t a)
{
	return (a >> 24) == 0 || (a >> 24) == 127 || (a >> 16) == 0xa9fe ||
	       (a >> 24) >= 224;
}

/* Address a (host order) of file `file` in copy k, block B addresses of
 * the device network per copy. */
static uint32_t
map_addr(uint32_t a, uint32_t file, uint32_t k, uint32_t block)
{
	uint32_t host;

	if (is_kept(a))
		return a;
	if (!is_rfc1918(a))
		return a ^ ((k & 0xff) << 16) ^ (((k >> 8) & 0xff) << 8);
	if ((a & 0xff) == 0xff)
		return DEVNET_BCAST;
	host = k * block + mix32(a ^ mix32(file + 0x9e3779b9u)) % block;
	if (host == 0 || host == DEVNET_SIZE - 1)
		host ^= 1; /* not the network's own address nor broadcast */
	return DEVNET + host;
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* The ones' complement sum of n bytes, folded, not inverted. */
static uint32_t
sum16(const uint8_t *p, size_t n, uint32_t s)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return s;
}

/* RFC 1624 eqn. 3: the checksum at c after a 32-bit field went from old
 * to new. */
static void
cksum_adjust(uint8_t *c, uint32_t old, uint32_t new)
{
	uint32_t s = (~((uint32_t)c[0] << 8 | c[1])) & 0xffff;

	s += (~old >> 16 & 0xffff) + (~old & 0xffff);
	s += (new >> 16) + (new & 0xffff);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	s = ~s & 0xffff;
	c[0] = (uint8_t)(s >> 8);
	c[1] = (uint8_t)s;
}

/* Remaps the IPv4 header at ip (room bytes captured from it). */
static void
remap_ipv4(uint8_t *ip, size_t room, uint32_t file, uint32_t k, uint32_t block)
{
	size_t ihl = (size_t)(ip[0] & 0x0f) * 4;
	uint32_t old[2], new[2], s;
	uint8_t *l4, *c = NULL;

	if (room < 20 || (ip[0] >> 4) != 4 || ihl < 20 || room < ihl)
		return;
	l4 = ip + ihl;
	for (int i = 0; i < 2; i++) {
		old[i] = get32(ip + 12 + 4 * i);
		new[i] = map_addr(old[i], file, k, block);
		put32(ip + 12 + 4 * i, new[i]);
	}
	ip[10] = ip[11] = 0;
	s = ~sum16(ip, ihl, 0) & 0xffff;
	ip[10] = (uint8_t)(s >> 8);
	ip[11] = (uint8_t)s;
	if (((ip[6] & 0x1f) | ip[7]) != 0)
		return; /* not the first fragment: no transport header */
	if (ip[9] == 6 && room >= ihl + 18)
		c = l4 + 16;
	else if (ip[9] == 17 && room >= ihl + 8 && (l4[6] | l4[7]) != 0)
		c = l4 + 6;
	if (c == NULL)
		return;
	for (int i = 0; i < 2; i++)
		cksum_adjust(c, old[i], new[i]);
	if (ip[9] == 17 && (c[0] | c[1]) == 0)
		c[0] = c[1] = 0xff; /* UDP sends a computed 0 as 0xffff */
}

/* Remaps one Ethernet frame (VLAN tags skipped) in place for copy k. */
static void
remap(uint8_t *f, size_t caplen, uint32_t file, uint32_t k, uint32_t block)
{
	size_t off = 12;
	unsigned type;

	if (caplen < 14)
		return;
	type = (unsigned)f[off] << 8 | f[off + 1];
	while ((type == 0x8100 || type == 0x88a8) && caplen >= off + 6) {
		off += 4;
		type = (unsigned)f[off] << 8 | f[off + 1];
	}
	off += 2;
	if (type == 0x0800) {
		remap_ipv4(f + off, caplen - off, file, k, block);
	} else if (type == 0x0806 && caplen >= off + 28 && f[off + 4] == 6 &&
	           f[off + 5] == 4 && f[off + 2] == 0x08 && f[off + 3] == 0) {
		put32(f + off + 14,
		    map_addr(get32(f + off + 14), file, k, block));
		put32(f + off + 24,
		    map_addr(get32(f + off + 24), file, k, block));
	}
}

/* Appends the Ethernet packets of path to in, their times moved so that
 * the file starts at T0_US, and a silence of more than an hour cut to an
 * hour (nDPI's test captures join sessions years apart; an hour keeps
 * the longest beacon period the detectors look for). A file of another
 * link type is skipped. */
static void
load(struct input *in, const char *path)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	uint64_t prev = 0, rel = 0, ts;
	int64_t delta;
	uint32_t seq = 0;
	pcap_t *p = pcap_open_offline(path, err);
	int rc;

	if (p == NULL) {
		fprintf(stderr, "tracegen: %s\n", err);
		exit(EX_NOINPUT);
	}
	if (pcap_datalink(p) != DLT_EN10MB) {
		fprintf(stderr,
		    "tracegen: %s: link type %s, not Ethernet: "
		    "skipped\n",
		    path, pcap_datalink_val_to_name(pcap_datalink(p)));
		in->skipped++;
		pcap_close(p);
		return;
	}
	if (pcap_snapshot(p) > in->snaplen)
		in->snaplen = pcap_snapshot(p);
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		struct pkt *k;

		ts =
		    (uint64_t)h->ts.tv_sec * 1000000u + (uint64_t)h->ts.tv_usec;
		if (seq == 0)
			prev = ts;
		delta = (int64_t)(ts - prev);
		if (delta > GAP_MAX_US)
			delta = GAP_MAX_US;
		if (delta < 0 && (uint64_t)-delta > rel)
			rel = 0;
		else
			rel += (uint64_t)delta;
		prev = ts;
		if (in->n == in->cap) {
			in->cap = in->cap ? in->cap * 2 : 65536;
			in->pkts = xrealloc(in->pkts, in->cap * sizeof(*k));
		}
		while (in->used + h->caplen > in->room) {
			in->room = in->room ? in->room * 2 : (1u << 24);
			in->pool = xrealloc(in->pool, in->room);
		}
		k = &in->pkts[in->n++];
		k->ts_us = T0_US + rel;
		k->off = in->used;
		k->caplen = h->caplen;
		k->len = h->len;
		k->file = in->files;
		k->seq = seq++;
		memcpy(in->pool + in->used, data, h->caplen);
		in->used += h->caplen;
	}
	if (rc == PCAP_ERROR)
		fprintf(stderr,
		    "tracegen: %s: %s (the packets before it are "
		    "kept)\n",
		    path, pcap_geterr(p));
	in->files++;
	pcap_close(p);
}

static int
pkt_cmp(const void *x, const void *y)
{
	const struct pkt *a = x, *b = y;

	if (a->ts_us != b->ts_us)
		return a->ts_us < b->ts_us ? -1 : 1;
	if (a->file != b->file)
		return a->file < b->file ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static pcap_dumper_t *
out_open(const char *path, int snaplen, pcap_t **dead)
{
	pcap_dumper_t *d;

	*dead = pcap_open_dead(DLT_EN10MB, snaplen);
	if (*dead == NULL) {
		fprintf(stderr, "tracegen: pcap_open_dead failed\n");
		exit(EX_SOFTWARE);
	}
	d = pcap_dump_open(*dead, path);
	if (d == NULL) {
		fprintf(stderr, "tracegen: %s: %s\n", path, pcap_geterr(*dead));
		exit(EX_CANTCREAT);
	}
	return d;
}

static void
out_close(pcap_dumper_t *d, pcap_t *dead, const char *path)
{
	if (pcap_dump_flush(d) != 0) {
		fprintf(stderr, "tracegen: %s: write failed\n", path);
		exit(EX_IOERR);
	}
	pcap_dump_close(d);
	pcap_close(dead);
}

static void
dump(pcap_dumper_t *d, uint64_t ts, uint32_t caplen, uint32_t len,
    const uint8_t *data)
{
	struct pcap_pkthdr h;

	h.ts.tv_sec = (time_t)(ts / 1000000u);
	h.ts.tv_usec = (suseconds_t)(ts % 1000000u);
	h.caplen = caplen;
	h.len = len;
	pcap_dump((u_char *)d, &h, data);
}

/* The replicated trace: every packet of in, copies times. */
static void
replicate(struct input *in, uint32_t copies, const char *out)
{
	uint32_t block = DEVNET_SIZE, pow2 = 1;
	uint64_t last = 0, ts, bytes = 0;
	uint8_t buf[262144];
	pcap_dumper_t *d;
	pcap_t *dead;

	while (pow2 < copies)
		pow2 <<= 1;
	block /= pow2;
	qsort(in->pkts, in->n, sizeof(*in->pkts), pkt_cmp);
	d = out_open(out, in->snaplen, &dead);
	for (size_t i = 0; i < in->n; i++) {
		const struct pkt *p = &in->pkts[i];
		uint32_t caplen = p->caplen;

		if (caplen > sizeof(buf))
			caplen = sizeof(buf);
		for (uint32_t k = 0; k < copies; k++) {
			memcpy(buf, in->pool + p->off, caplen);
			remap(buf, caplen, p->file, k, block);
			ts = p->ts_us + k;
			if (ts < last)
				ts = last;
			last = ts;
			dump(d, ts, caplen, p->len, buf);
			bytes += p->len;
		}
	}
	out_close(d, dead, out);
	fprintf(stderr,
	    "tracegen: %s: %" PRIu64 " packets (%zu from %u "
	    "files, %u skipped, x %u), %" PRIu64 " bytes on the wire, %.1f s "
	    "of trace time, %u device addresses per copy\n",
	    out, (uint64_t)in->n * copies, in->n, in->files, in->skipped,
	    copies, bytes, (double)(last - T0_US) / 1e6, block);
}

/* Packet j of flow i of the -f trace, into f (SYN_FRAME bytes): the SYN
 * (j 0), the SYN-ACK (1), then ACKs from either side in turn. */
static void
flow_frame(uint8_t *f, uint64_t i, uint32_t j, uint32_t devices, uint32_t peers)
{
	uint32_t dev = (uint32_t)(i % devices), src = DEVNET + 1 + dev;
	uint32_t n = (uint32_t)(i / devices);
	uint32_t dst =
	    0x0b000000u | (mix32(dev * peers + n % peers + 1) & 0x00ffffffu);
	uint8_t *ip = f + 14, *tcp = f + 34;
	uint32_t s;

	int reply = j % 2 == 1;

	memset(f, 0, SYN_FRAME);
	memcpy(f + (reply ? 6 : 0), "\x02\x00\x00\x00\x00\x01", 6);
	f[reply ? 0 : 6] = 0x02;
	put32(f + (reply ? 2 : 8), dev); /* the device's MAC, 02:00:dev */
	f[12] = 0x08;
	ip[0] = 0x45;
	ip[3] = 40; /* total length */
	ip[4] = (uint8_t)(i >> 8);
	ip[5] = (uint8_t)i;
	ip[6] = 0x40; /* DF */
	ip[8] = 64;
	ip[9] = 6;
	put32(ip + (reply ? 16 : 12), src);
	put32(ip + (reply ? 12 : 16), dst);
	s = ~sum16(ip, 20, 0) & 0xffff;
	ip[10] = (uint8_t)(s >> 8);
	ip[11] = (uint8_t)s;
	tcp[reply ? 2 : 0] = (uint8_t)((1024 + n) >> 8);
	tcp[reply ? 3 : 1] = (uint8_t)(1024 + n);
	tcp[reply ? 0 : 2] = 443 >> 8;
	tcp[reply ? 1 : 3] = 443 & 0xff;
	put32(tcp + 4, mix32((uint32_t)i ^ (reply ? 0x5e4e : 0x5eed)) + j / 2);
	tcp[12] = 5 << 4;
	tcp[13] = j == 0 ? 0x02 : j == 1 ? 0x12 : 0x10; /* SYN, SYN-ACK, ACK */
	tcp[14] = 64240 >> 8;
	tcp[15] = 64240 & 0xff;
	/* pseudo-header: addresses, protocol, TCP length */
	s = sum16(ip + 12, 8, 6 + 20);
	s = ~sum16(tcp, 20, s) & 0xffff;
	tcp[16] = (uint8_t)(s >> 8);
	tcp[17] = (uint8_t)s;
}

#define FLOW_GROUP 65536 /* flows whose packets go in turn (-k) */

static void
synthesize(uint64_t flows, uint32_t per_flow, uint32_t devices, uint32_t peers,
    const char *out)
{
	uint64_t t = T0_US;
	uint8_t f[SYN_FRAME];
	pcap_dumper_t *d;
	pcap_t *dead;

	if (devices == 0 || devices > DEVNET_SIZE - 2 || peers == 0 ||
	    (flows + devices - 1) / devices > SYN_MAX_PORTS) {
		fprintf(stderr,
		    "tracegen: -d 1..%u devices, -p at least 1, "
		    "and at most %u flows per device\n",
		    DEVNET_SIZE - 2, SYN_MAX_PORTS);
		exit(EX_USAGE);
	}
	d = out_open(out, 65535, &dead);
	for (uint64_t g = 0; g < flows; g += FLOW_GROUP)
		for (uint32_t j = 0; j < per_flow; j++)
			for (uint64_t i = g; i < flows && i < g + FLOW_GROUP;
			     i++) {
				flow_frame(f, i, j, devices, peers);
				dump(d, t++, SYN_FRAME, SYN_FRAME, f);
			}
	out_close(d, dead, out);
	fprintf(stderr,
	    "tracegen: %s: %" PRIu64 " flows of %u packets each, from "
	    "%u devices to %u servers each\n",
	    out, flows, per_flow, devices < flows ? devices : (uint32_t)flows,
	    peers);
}

static unsigned long long
number(const char *s, unsigned long long max)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || *s == '-' || v > max) {
		fprintf(stderr, "tracegen: %s: a number up to %llu expected\n",
		    s, max);
		exit(EX_USAGE);
	}
	return v;
}

int
main(int argc, char **argv)
{
	struct input in = {0};
	const char *out = NULL;
	unsigned long long copies = 0, flows = 0, devices = 50000, peers = 8;
	unsigned long long per_flow = 1;
	int ch, count = 0;

	while ((ch = getopt(argc, argv, "cd:f:k:n:o:p:")) != -1) {
		switch (ch) {
		case 'c':
			count = 1;
			break;
		case 'd':
			devices = number(optarg, DEVNET_SIZE);
			break;
		case 'f':
			flows = number(optarg, 1ull << 32);
			break;
		case 'k':
			per_flow = number(optarg, 1u << 20);
			if (per_flow == 0)
				usage();
			break;
		case 'n':
			copies = number(optarg, MAX_COPIES);
			break;
		case 'o':
			out = optarg;
			break;
		case 'p':
			peers = number(optarg, 1u << 20);
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (flows > 0) {
		if (out == NULL || argc != 0 || count || copies)
			usage();
		synthesize(flows, (uint32_t)per_flow, (uint32_t)devices,
		    (uint32_t)peers, out);
		return EX_OK;
	}
	if (argc == 0 || (!count && (out == NULL || copies == 0)))
		usage();
	for (int i = 0; i < argc; i++)
		load(&in, argv[i]);
	if (count)
		printf("%zu\n", in.n);
	else
		replicate(&in, (uint32_t)copies, out);
	free(in.pkts);
	free(in.pool);
	return EX_OK;
}
