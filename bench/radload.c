/*
 * radload: a RADIUS load generator, for measuring airlock's radius role and
 * comparing it with other servers on the same machine (bench/radius.sh).
 *
 * One thread drives -c connected UDP sockets through epoll. Each socket
 * has -w slots, one per RADIUS Identifier, so a window never exceeds 256.
 * A slot is a simulated NAS client: it sends its next request as soon as
 * the last one is answered or given up, so the load is closed-loop and the
 * throughput is what the server sustains at that concurrency. Requests
 * leave in batches (sendmmsg), replies are read in batches (recvmmsg), and
 * every reply is checked with the codec the radius role uses.
 *
 * Traffic never leaves the machine: only loopback targets are accepted.
 */
#include <sys/types.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <inttypes.h>
#include <netdb.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "radius/radius_pkt.h"

#define MAX_CONNS 64
#define MAX_WINDOW 256
#define RECV_BATCH 64
#define PKT_CAP 512
#define SOCK_BUF (4 * 1024 * 1024)
#define NS_PER_S 1000000000ULL
#define NS_PER_MS 1000000ULL
#define IMSI_SPACE 10000000000ULL /* 10 digits after MCC-MNC 234 10 */
#define GIB (1024ULL * 1024 * 1024)

/*
 * Latency histogram, log-linear: values under 2^HIST_BITS ns have a bucket
 * each, above that every power of two is cut into 2^HIST_BITS buckets, so
 * a reported value is within 1/64 (1.6%) of the true one. Up to 2^42 ns.
 */
#define HIST_BITS 6
#define HIST_SUB (1 << HIST_BITS)
#define HIST_SHIFTS 36
#define HIST_BUCKETS (HIST_SUB + HIST_SHIFTS * HIST_SUB)
#define HIST_MAX ((1ULL << (HIST_BITS + HIST_SHIFTS)) - 1)

struct opts {
	struct sockaddr_storage addr;
	socklen_t addrlen;
	char target[80];
	const char *secret;
	const char *apn;
	unsigned conns;
	unsigned window;
	uint64_t duration_ns;
	uint64_t warmup_ns;
	uint64_t count; /* 0: run for duration_ns */
	uint64_t fleet;
	double unknown;
	unsigned interims;
	uint64_t timeout_ns;
	unsigned retries;
	uint64_t seed;
	int acct;
	int imeisv;
	int quiet;
};

struct link {
	struct link *prev;
	struct link *next;
};

/* With -A, the accounting session a slot is playing. */
struct session {
	uint64_t serial; /* makes the Acct-Session-Id */
	uint64_t index;  /* the SIM */
	uint64_t bytes;  /* what the Stop reports */
	unsigned step;   /* 0 Start, 1..k Interim-Update, k + 1 Stop */
	int active;
};

enum slot_state {
	SLOT_IDLE,
	SLOT_QUEUED,  /* built or due for retransmission, not sent yet */
	SLOT_WAITING, /* sent, on the deadline list */
};

struct slot {
	struct link link; /* the conn's deadline list while waiting */
	uint64_t t_first; /* first transmission: latency counts from here */
	uint64_t deadline;
	uint8_t auth[RADIUS_AUTH_LEN];
	uint8_t prev_auth[RADIUS_AUTH_LEN]; /* the previous request's */
	int has_prev;
	enum slot_state state;
	unsigned tries; /* transmissions so far */
	uint8_t id;
	uint16_t len;
	struct session sess;
	uint8_t pkt[PKT_CAP];
};

struct conn {
	int fd;
	struct slot *slots;
	struct link timers; /* waiting slots, earliest deadline first */
	struct slot *queue[MAX_WINDOW];
	unsigned nqueue;
	unsigned outstanding; /* queued or waiting */
};

struct stats {
	uint64_t sent; /* requests, not counting retransmissions */
	uint64_t retrans;
	uint64_t timeouts;
	uint64_t lost; /* unanswered after every retransmission */
	uint64_t accept;
	uint64_t reject;
	uint64_t acct_ok;
	uint64_t stops; /* Stops answered, warm-up included: the sessions the
	                   server must have stored */
	uint64_t other; /* a verified reply of an unexpected code */
	uint64_t bad;   /* undecodable, or failed the authenticators */
	uint64_t dup;   /* an answer to a retransmission, already counted */
	uint64_t stray; /* for an Identifier with nothing outstanding */
	uint64_t refused;
	uint64_t senderr;
	uint64_t unanswered; /* still outstanding when the run ended */
	uint64_t replies;
	uint64_t max_ns;
	uint64_t t_last;
	uint64_t hist[HIST_BUCKETS];
};

struct gen {
	struct opts o;
	struct radius_secret secret;
	struct conn conns[MAX_CONNS];
	int ep;
	int rcvbuf;
	uint64_t rng;
	uint32_t nonce;
	uint64_t issued; /* requests (with -A sessions) started */
	uint64_t serial;
	int issuing;
	uint64_t t_launch;
	uint64_t t_start; /* the measurement starts, after the warm-up */
	uint64_t t_end;   /* issuing stops, without -N */
	uint64_t drain_until;
	struct stats st;
	struct radius_pkt pkt;
	struct mmsghdr rmsg[RECV_BATCH];
	struct iovec riov[RECV_BATCH];
	uint8_t rbuf[RECV_BATCH][RADIUS_MAX_LEN];
};

static volatile sig_atomic_t interrupted;

static void
usage(FILE *f, int code)
{
	fprintf(f,
	    "usage: radload [-AIhq] [-a apn] [-c sockets] [-d seconds] "
	    "[-k interims]\n"
	    "               [-N count] [-n fleet] [-R retries] [-S seed] "
	    "[-s secret]\n"
	    "               [-T timeout_ms] [-t host:port] [-u fraction] "
	    "[-W seconds]\n"
	    "               [-w window]\n"
	    "  -A  accounting: sessions of Start, -k Interim-Updates, Stop\n"
	    "  -a  Called-Station-Id, the APN (m2m.example)\n"
	    "  -c  UDP sockets, 1-%d (4)\n"
	    "  -d  run for this long, in seconds (10)\n"
	    "  -I  add a 3GPP-IMEISV derived from the SIM\n"
	    "  -k  Interim-Updates per session with -A (1)\n"
	    "  -N  stop after this many requests (with -A, sessions)\n"
	    "  -n  SIMs in the fleet: IMSI 23410 + 10-digit index (1000000)\n"
	    "  -q  no summary on stderr\n"
	    "  -R  retransmissions before a request is lost (3)\n"
	    "  -S  random seed (from the kernel)\n"
	    "  -s  shared secret (testing123)\n"
	    "  -T  retransmission timeout in ms (1000)\n"
	    "  -t  target, a loopback address (127.0.0.1:1812, :1813 with -A)\n"
	    "  -u  fraction of requests for IMSIs outside the fleet (0)\n"
	    "  -W  warm-up in seconds, not measured (0)\n"
	    "  -w  outstanding requests per socket, 1-%d (256)\n"
	    "One line on stdout: rps= p50_us= p90_us= p99_us= p999_us= "
	    "max_us= accept=\nreject= acct_ok= timeouts= lost= bad= sent= "
	    "retrans= dup= stray= unanswered=\nstops= elapsed_s= cpu_pct=\n",
	    MAX_CONNS, MAX_WINDOW);
	exit(code);
}

static void __attribute__((noreturn, format(printf, 2, 3)))
die_opt(int opt, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "radload: -%c: ", opt);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (radload -h for help)\n");
	exit(EX_USAGE);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;
	int saved = errno;

	fprintf(stderr, "radload: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(saved));
	exit(EX_OSERR);
}

/* A decimal integer in [min, max], whole, or a usage error naming opt. */
static uint64_t
parse_u64(int opt, const char *arg, uint64_t min, uint64_t max)
{
	unsigned long long v;
	char *end;

	errno = 0;
	if (arg[0] < '0' || arg[0] > '9')
		goto bad;
	v = strtoull(arg, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		goto bad;
	return v;
bad:
	die_opt(opt,
	    "wants a whole number from %" PRIu64 " to %" PRIu64 ", not '%s'",
	    min, max, arg);
}

static double
parse_num(int opt, const char *arg, double min, double max)
{
	double v;
	char *end;

	errno = 0;
	if ((arg[0] < '0' || arg[0] > '9') && arg[0] != '.')
		goto bad;
	v = strtod(arg, &end);
	if (errno != 0 || *end != '\0' || !(v >= min && v <= max))
		goto bad;
	return v;
bad:
	die_opt(opt, "wants a number from %g to %g, not '%s'", min, max, arg);
}

static int
is_loopback(const struct sockaddr *sa)
{
	const struct sockaddr_in *sin;
	const struct sockaddr_in6 *sin6;
	const uint8_t *b;

	if (sa->sa_family == AF_INET) {
		sin = (const struct sockaddr_in *)(const void *)sa;
		return (ntohl(sin->sin_addr.s_addr) >> 24) == 127;
	}
	if (sa->sa_family != AF_INET6)
		return 0;
	sin6 = (const struct sockaddr_in6 *)(const void *)sa;
	if (IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr))
		return 1;
	b = sin6->sin6_addr.s6_addr;
	return IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr) && b[12] == 127;
}

/*
 * -t HOST:PORT, [V6]:PORT, HOST or V6 alone (the default port). Numeric
 * addresses only, plus "localhost": a name lookup could itself leave the
 * machine. Anything that is not loopback is refused, whatever the port.
 */
static void
parse_target(struct opts *o, const char *arg, const char *defport)
{
	struct addrinfo hints, *res;
	char host[64];
	const char *port = defport;
	char *p;

	if (strlen(arg) >= sizeof(host))
		die_opt('t', "'%s' is too long", arg);
	strcpy(host, arg);
	if (host[0] == '[') {
		p = strchr(host, ']');
		if (p == NULL || (p[1] != '\0' && p[1] != ':'))
			die_opt('t', "wants [ADDRESS]:PORT, not '%s'", arg);
		if (p[1] == ':')
			port = p + 2;
		*p = '\0';
		memmove(host, host + 1, strlen(host));
	} else if ((p = strrchr(host, ':')) != NULL && strchr(host, ':') == p) {
		*p = '\0';
		port = p + 1;
	}
	if (strcmp(host, "localhost") == 0)
		strcpy(host, "127.0.0.1");
	if (parse_u64('t', port, 1, 65535) == 0)
		die_opt('t', "port 0");
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	if (getaddrinfo(host, port, &hints, &res) != 0)
		die_opt(
		    't', "wants a numeric address and a port, not '%s'", arg);
	if (!is_loopback(res->ai_addr)) {
		freeaddrinfo(res);
		die_opt('t',
		    "%s is not a loopback address (127.0.0.0/8 or "
		    "::1): radload never sends traffic off the machine",
		    host);
	}
	memcpy(&o->addr, res->ai_addr, res->ai_addrlen);
	o->addrlen = res->ai_addrlen;
	snprintf(o->target, sizeof(o->target), "%s%s%s:%s",
	    res->ai_family == AF_INET6 ? "[" : "", host,
	    res->ai_family == AF_INET6 ? "]" : "", port);
	freeaddrinfo(res);
}

static void
parse_opts(struct opts *o, int argc, char **argv)
{
	const char *target = NULL;
	int ch;

	o->secret = "testing123";
	o->apn = "m2m.example";
	o->conns = 4;
	o->window = MAX_WINDOW;
	o->duration_ns = 10 * NS_PER_S;
	o->fleet = 1000000;
	o->interims = 1;
	o->timeout_ns = 1000 * NS_PER_MS;
	o->retries = 3;
	while ((ch = getopt(argc, argv, "Aa:c:d:hIk:N:n:qR:S:s:T:t:u:W:w:")) !=
	       -1) {
		switch (ch) {
		case 'A':
			o->acct = 1;
			break;
		case 'a':
			if (strlen(optarg) == 0 || strlen(optarg) > 253)
				die_opt(ch, "wants 1 to 253 bytes");
			o->apn = optarg;
			break;
		case 'c':
			o->conns =
			    (unsigned)parse_u64(ch, optarg, 1, MAX_CONNS);
			break;
		case 'd':
			o->duration_ns =
			    (uint64_t)(parse_num(ch, optarg, 0.001, 86400) *
			               (double)NS_PER_S);
			break;
		case 'h':
			usage(stdout, 0);
			break;
		case 'I':
			o->imeisv = 1;
			break;
		case 'k':
			o->interims = (unsigned)parse_u64(ch, optarg, 0, 1000);
			break;
		case 'N':
			o->count = parse_u64(ch, optarg, 1, UINT64_MAX / 2);
			break;
		case 'n':
			o->fleet = parse_u64(ch, optarg, 1, IMSI_SPACE - 1);
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 'R':
			o->retries = (unsigned)parse_u64(ch, optarg, 0, 20);
			break;
		case 'S':
			o->seed = parse_u64(ch, optarg, 1, UINT64_MAX);
			break;
		case 's':
			if (strlen(optarg) == 0 ||
			    strlen(optarg) > RADIUS_SECRET_MAX)
				die_opt(ch, "wants 1 to %d bytes",
				    RADIUS_SECRET_MAX);
			o->secret = optarg;
			break;
		case 'T':
			o->timeout_ns =
			    parse_u64(ch, optarg, 1, 60000) * NS_PER_MS;
			break;
		case 't':
			target = optarg;
			break;
		case 'u':
			o->unknown = parse_num(ch, optarg, 0, 1);
			break;
		case 'W':
			o->warmup_ns =
			    (uint64_t)(parse_num(ch, optarg, 0, 3600) *
			               (double)NS_PER_S);
			break;
		case 'w':
			o->window =
			    (unsigned)parse_u64(ch, optarg, 1, MAX_WINDOW);
			break;
		default:
			usage(stderr, EX_USAGE);
		}
	}
	if (optind != argc) {
		fprintf(stderr,
		    "radload: unexpected argument '%s' (radload "
		    "-h for help)\n",
		    argv[optind]);
		exit(EX_USAGE);
	}
	parse_target(o, target != NULL ? target : "127.0.0.1",
	    o->acct ? "1813" : "1812");
}

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NS_PER_S + (uint64_t)ts.tv_nsec;
}

/* splitmix64: fast, and plenty for picking SIMs and authenticators. */
static uint64_t
rng_next(struct gen *g)
{
	uint64_t z = (g->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned
hist_index(uint64_t v)
{
	unsigned msb, shift;

	if (v > HIST_MAX)
		v = HIST_MAX;
	if (v < HIST_SUB)
		return (unsigned)v;
	msb = 63 - (unsigned)__builtin_clzll(v);
	shift = msb - HIST_BITS;
	return HIST_SUB + shift * HIST_SUB +
	       (unsigned)((v >> shift) - HIST_SUB);
}

/* The largest value that falls in bucket i. */
static uint64_t
hist_upper(unsigned i)
{
	unsigned shift;
	uint64_t lo;

	if (i < HIST_SUB)
		return i;
	shift = (i - HIST_SUB) / HIST_SUB;
	lo = (uint64_t)(HIST_SUB + (i - HIST_SUB) % HIST_SUB) << shift;
	return lo + (1ULL << shift) - 1;
}

/* The value at quantile q, in ns: the upper bound of its bucket. */
static uint64_t
hist_quantile(const struct stats *st, double q)
{
	uint64_t total = 0, rank, seen = 0, v;
	unsigned i;

	for (i = 0; i < HIST_BUCKETS; i++)
		total += st->hist[i];
	if (total == 0)
		return 0;
	rank = (uint64_t)((double)total * q + 0.999999);
	if (rank == 0)
		rank = 1;
	for (i = 0; i < HIST_BUCKETS; i++) {
		seen += st->hist[i];
		if (seen >= rank)
			break;
	}
	v = hist_upper(i < HIST_BUCKETS ? i : HIST_BUCKETS - 1);
	return v < st->max_ns ? v : st->max_ns;
}

static void
link_init(struct link *l)
{
	l->prev = l->next = l;
}

static void
link_append(struct link *head, struct link *l)
{
	l->prev = head->prev;
	l->next = head;
	head->prev->next = l;
	head->prev = l;
}

static void
link_remove(struct link *l)
{
	l->prev->next = l->next;
	l->next->prev = l->prev;
	link_init(l);
}

static struct slot *
first_waiting(struct conn *c)
{
	if (c->timers.next == &c->timers)
		return NULL;
	return (struct slot *)(void *)((char *)c->timers.next -
	                               offsetof(struct slot, link));
}

/* Write v as exactly width decimal digits (the low ones), no NUL. */
static char *
put_digits(char *dst, uint64_t v, unsigned width)
{
	unsigned i;

	for (i = width; i > 0; i--) {
		dst[i - 1] = (char)('0' + v % 10);
		v /= 10;
	}
	return dst + width;
}

/* The SIM of a request: uniform over the fleet, or with probability -u
 * an index past it, which no server knows. */
static uint64_t
pick_index(struct gen *g)
{
	double r;

	if (g->o.unknown > 0) {
		r = (double)(rng_next(g) >> 11) * 0x1.0p-53;
		if (r < g->o.unknown)
			return g->o.fleet +
			       rng_next(g) % (IMSI_SPACE - g->o.fleet);
	}
	return rng_next(g) % g->o.fleet;
}

/* The identifiers of SIM i, as scripts/gen-fleet.sh makes them. */
static void
sim_ids(uint64_t i, char imsi[16], char msisdn[15])
{
	memcpy(imsi, "23410", 5);
	*put_digits(imsi + 5, i, 10) = '\0';
	memcpy(msisdn, "+4477", 5);
	*put_digits(msisdn + 5, i % 1000000000, 9) = '\0';
}

static uint32_t
sim_ip(uint64_t i)
{
	return (10U << 24) | (64U << 16) | (uint32_t)((i + 1) & 0x3fffff);
}

/* The attributes every request carries, after the Message-Authenticator. */
static void
build_common(struct gen *g, struct radius_builder *b, uint64_t index)
{
	char imsi[16], msisdn[15], imeisv[17], *p;

	sim_ids(index, imsi, msisdn);
	radius_build_str(b, RADIUS_USER_NAME, imsi);
	radius_build_vsa(b, RADIUS_VENDOR_3GPP, RADIUS_3GPP_IMSI, imsi, 15);
	radius_build_u32(b, RADIUS_NAS_IP_ADDRESS, 0x7f000001);
	radius_build_str(b, RADIUS_CALLED_STATION_ID, g->o.apn);
	radius_build_str(b, RADIUS_CALLING_STATION_ID, msisdn);
	if (g->o.imeisv) {
		/* TAC 35 + 6 digits, serial 6 digits, SVN 01: unique per
		 * SIM below 10^12. */
		p = put_digits(imeisv, 35, 2);
		p = put_digits(p, index / 1000000, 6);
		p = put_digits(p, index, 6);
		put_digits(p, 1, 2);
		radius_build_vsa(
		    b, RADIUS_VENDOR_3GPP, RADIUS_3GPP_IMEISV, imeisv, 16);
	}
}

static void
build_end(struct gen *g, struct slot *s, struct radius_builder *b)
{
	ssize_t n;

	n = radius_build_finish(b, &g->secret);
	if (n < 0) {
		fprintf(stderr, "radload: building a request: %s\n",
		    radius_pkt_strerror((int)n));
		exit(EX_SOFTWARE);
	}
	s->len = (uint16_t)n;
	memcpy(s->auth, s->pkt + 4, RADIUS_AUTH_LEN);
}

static void
build_auth(struct gen *g, struct slot *s)
{
	struct radius_builder b;
	uint64_t a[2];

	a[0] = rng_next(g);
	a[1] = rng_next(g);
	radius_build_begin(&b, s->pkt, sizeof(s->pkt), RADIUS_ACCESS_REQUEST,
	    s->id, (const uint8_t *)a, 1);
	build_common(g, &b, pick_index(g));
	build_end(g, s, &b);
}

/* One in four sessions moves 4-20 GiB, so its counters need gigawords;
 * the others up to 64 MiB. */
static void
session_start(struct gen *g, struct session *ss)
{
	ss->serial = g->serial++;
	ss->index = pick_index(g);
	if (ss->serial % 4 == 0)
		ss->bytes = 4 * GIB + rng_next(g) % (16 * GIB);
	else
		ss->bytes = rng_next(g) % (64ULL << 20);
	ss->step = 0;
	ss->active = 1;
}

static void
build_octets(struct radius_builder *b, uint8_t octets, uint8_t giga, uint64_t v)
{
	radius_build_u32(b, octets, (uint32_t)(v & 0xffffffff));
	radius_build_u32(b, giga, (uint32_t)(v >> 32));
}

/* The session's current record: Start, an Interim-Update with the
 * counters so far, or the Stop with the totals. */
static void
build_acct(struct gen *g, struct slot *s)
{
	struct radius_builder b;
	const struct session *ss = &s->sess;
	unsigned last = g->o.interims + 1;
	char sid[17];
	uint64_t sofar, in;
	uint32_t status;

	status = ss->step == 0      ? RADIUS_ACCT_START
	         : ss->step == last ? RADIUS_ACCT_STOP
	                            : RADIUS_ACCT_INTERIM;
	radius_build_begin(&b, s->pkt, sizeof(s->pkt),
	    RADIUS_ACCOUNTING_REQUEST, s->id, NULL, 1);
	radius_build_u32(&b, RADIUS_ACCT_STATUS_TYPE, status);
	snprintf(sid, sizeof(sid), "%08" PRIx32 "%08" PRIx64, g->nonce,
	    ss->serial & 0xffffffff);
	radius_build_str(&b, RADIUS_ACCT_SESSION_ID, sid);
	build_common(g, &b, ss->index);
	radius_build_u32(&b, RADIUS_FRAMED_IP_ADDRESS, sim_ip(ss->index));
	if (ss->step > 0) {
		sofar = ss->bytes / last * ss->step;
		if (ss->step == last)
			sofar = ss->bytes;
		in = sofar / 4;
		build_octets(&b, RADIUS_ACCT_INPUT_OCTETS,
		    RADIUS_ACCT_INPUT_GIGAWORDS, in);
		build_octets(&b, RADIUS_ACCT_OUTPUT_OCTETS,
		    RADIUS_ACCT_OUTPUT_GIGAWORDS, sofar - in);
		radius_build_u32(&b, RADIUS_ACCT_SESSION_TIME, ss->step * 60);
	}
	if (ss->step == last)
		radius_build_u32(&b, RADIUS_ACCT_TERMINATE_CAUSE, 1);
	build_end(g, s, &b);
}

/* Whether one more request (with -A, session) may start. */
static int
may_issue(struct gen *g)
{
	if (!g->issuing)
		return 0;
	if (g->o.count != 0 && g->issued >= g->o.count) {
		g->issuing = 0;
		return 0;
	}
	g->issued++;
	return 1;
}

/*
 * Give slot s its next request and queue it, or leave it idle once
 * issuing has stopped. With -A a slot plays one session after another,
 * record by record; a record lost after the retries is counted and the
 * session goes on, as a NAS would. A session still running when the run
 * ends is cut short.
 */
static void
slot_next(struct gen *g, struct conn *c, struct slot *s)
{
	if (!g->issuing)
		return;
	if (g->o.acct) {
		if (s->sess.active && ++s->sess.step > g->o.interims + 1)
			s->sess.active = 0;
		if (!s->sess.active) {
			if (!may_issue(g))
				return;
			session_start(g, &s->sess);
		}
		build_acct(g, s);
	} else {
		if (!may_issue(g))
			return;
		build_auth(g, s);
	}
	s->tries = 0;
	s->state = SLOT_QUEUED;
	c->queue[c->nqueue++] = s;
	c->outstanding++;
}

/* The request of slot s is over: answered, or lost. */
static void
slot_done(struct gen *g, struct conn *c, struct slot *s)
{
	memcpy(s->prev_auth, s->auth, RADIUS_AUTH_LEN);
	s->has_prev = 1;
	s->state = SLOT_IDLE;
	c->outstanding--;
	slot_next(g, c, s);
}

/*
 * Send every queued request of c in one sendmmsg, stamping them with the
 * time of sending. A send that fails (ECONNREFUSED from an earlier ICMP
 * error, a full buffer) is counted and left to the retransmission timer.
 */
static void
flush(struct gen *g, struct conn *c)
{
	struct mmsghdr m[MAX_WINDOW];
	struct iovec v[MAX_WINDOW];
	struct slot *s;
	uint64_t now;
	unsigned i, off = 0, fails = 0;
	int n;

	if (c->nqueue == 0)
		return;
	memset(m, 0, sizeof(m[0]) * c->nqueue);
	now = now_ns();
	for (i = 0; i < c->nqueue; i++) {
		s = c->queue[i];
		v[i].iov_base = s->pkt;
		v[i].iov_len = s->len;
		m[i].msg_hdr.msg_iov = &v[i];
		m[i].msg_hdr.msg_iovlen = 1;
		if (s->tries++ == 0) {
			s->t_first = now;
			if (now >= g->t_start)
				g->st.sent++;
		} else if (s->t_first >= g->t_start)
			g->st.retrans++;
		s->deadline = now + g->o.timeout_ns;
		s->state = SLOT_WAITING;
		link_append(&c->timers, &s->link);
	}
	while (off < c->nqueue) {
		n = sendmmsg(c->fd, m + off, c->nqueue - off, 0);
		if (n > 0) {
			off += (unsigned)n;
			fails = 0;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == ECONNREFUSED)
			g->st.refused++;
		if (n < 0 && errno == ECONNREFUSED && ++fails < 3)
			continue;
		g->st.senderr += c->nqueue - off;
		break;
	}
	c->nqueue = 0;
}

/* Retransmit the requests of c whose timer ran out, or give them up. */
static void
expire(struct gen *g, struct conn *c, uint64_t now)
{
	struct slot *s;
	int counted;

	while ((s = first_waiting(c)) != NULL && s->deadline <= now) {
		link_remove(&s->link);
		counted = s->t_first >= g->t_start;
		if (counted)
			g->st.timeouts++;
		if (s->tries <= g->o.retries) {
			s->state = SLOT_QUEUED;
			c->queue[c->nqueue++] = s;
			continue;
		}
		if (counted)
			g->st.lost++;
		slot_done(g, c, s);
	}
}

static void
count_reply(struct gen *g, const struct slot *s, uint8_t code, uint64_t now)
{
	struct stats *st = &g->st;
	uint64_t lat = now - s->t_first;

	st->hist[hist_index(lat)]++;
	if (lat > st->max_ns)
		st->max_ns = lat;
	st->replies++;
	st->t_last = now;
	if (g->o.acct && code == RADIUS_ACCOUNTING_RESPONSE)
		st->acct_ok++;
	else if (!g->o.acct && code == RADIUS_ACCESS_ACCEPT)
		st->accept++;
	else if (!g->o.acct && code == RADIUS_ACCESS_REJECT)
		st->reject++;
	else
		st->other++;
}

/*
 * One datagram from the server. It must decode and carry the right
 * Response Authenticator (and Message-Authenticator, when present) for the
 * request outstanding under its Identifier; a second answer to an already
 * answered request (to a retransmission) is told apart from a forgery.
 */
static void
on_reply(
    struct gen *g, struct conn *c, const uint8_t *buf, size_t len, uint64_t now)
{
	struct radius_pkt *p = &g->pkt;
	struct slot *s;

	if (radius_pkt_decode(p, buf, len) != RADIUS_EOK) {
		g->st.bad++;
		return;
	}
	if (p->id >= g->o.window) {
		g->st.stray++;
		return;
	}
	s = &c->slots[p->id];
	if (s->state != SLOT_WAITING ||
	    radius_pkt_verify_response(p, s->auth, &g->secret) != RADIUS_EOK) {
		if (s->has_prev && radius_pkt_verify_response(p, s->prev_auth,
		                       &g->secret) == RADIUS_EOK)
			g->st.dup++;
		else if (s->state != SLOT_WAITING)
			g->st.stray++;
		else
			g->st.bad++;
		return;
	}
	if (g->o.acct && p->code == RADIUS_ACCOUNTING_RESPONSE &&
	    s->sess.step == g->o.interims + 1)
		g->st.stops++;
	if (s->t_first >= g->t_start)
		count_reply(g, s, p->code, now);
	link_remove(&s->link);
	slot_done(g, c, s);
}

static void
conn_recv(struct gen *g, struct conn *c)
{
	uint64_t now;
	int i, n;

	n = recvmmsg(c->fd, g->rmsg, RECV_BATCH, MSG_DONTWAIT, NULL);
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return;
		if (errno == ECONNREFUSED) {
			g->st.refused++;
			return;
		}
		die("recvmmsg");
	}
	now = now_ns();
	for (i = 0; i < n; i++) {
		if (g->rmsg[i].msg_hdr.msg_flags & MSG_TRUNC)
			g->st.bad++;
		else
			on_reply(g, c, g->rbuf[i], g->rmsg[i].msg_len, now);
	}
}

static void
set_buf(int fd, int force, int plain, int size)
{
	if (setsockopt(fd, SOL_SOCKET, force, &size, sizeof(size)) == -1)
		(void)setsockopt(fd, SOL_SOCKET, plain, &size, sizeof(size));
}

/* A UDP socket connected to the target, with buffers big enough for a
 * full window of replies, and its slots. */
static void
conn_open(struct gen *g, struct conn *c)
{
	struct epoll_event ev;
	socklen_t sl = sizeof(g->rcvbuf);
	unsigned i;

	c->fd = socket(g->o.addr.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (c->fd == -1)
		die("socket");
	set_buf(c->fd, SO_RCVBUFFORCE, SO_RCVBUF, SOCK_BUF);
	set_buf(c->fd, SO_SNDBUFFORCE, SO_SNDBUF, SOCK_BUF);
	(void)getsockopt(c->fd, SOL_SOCKET, SO_RCVBUF, &g->rcvbuf, &sl);
	if (connect(c->fd, (struct sockaddr *)&g->o.addr, g->o.addrlen) == -1)
		die("connect %s", g->o.target);
	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN;
	ev.data.ptr = c;
	if (epoll_ctl(g->ep, EPOLL_CTL_ADD, c->fd, &ev) == -1)
		die("epoll_ctl");
	c->slots = calloc(g->o.window, sizeof(*c->slots));
	if (c->slots == NULL)
		die("calloc");
	link_init(&c->timers);
	for (i = 0; i < g->o.window; i++) {
		c->slots[i].id = (uint8_t)i;
		link_init(&c->slots[i].link);
	}
}

static void
on_signal(int sig)
{
	(void)sig;
	interrupted++;
}

/* How long epoll may sleep: until the earliest retransmission timer, the
 * end of the run or of the drain, and never more than a second. */
static int
wait_ms(struct gen *g, uint64_t now)
{
	uint64_t next = now + NS_PER_S;
	struct slot *s;
	unsigned i;

	for (i = 0; i < g->o.conns; i++) {
		s = first_waiting(&g->conns[i]);
		if (s != NULL && s->deadline < next)
			next = s->deadline;
	}
	if (g->issuing && g->o.count == 0 && g->t_end < next)
		next = g->t_end;
	if (!g->issuing && g->drain_until < next)
		next = g->drain_until;
	if (next <= now)
		return 0;
	return (int)((next - now + NS_PER_MS - 1) / NS_PER_MS);
}

/* Stop issuing at the end of the run or on a signal. What is outstanding
 * then gets one more timeout to be answered; with -N, every retry. */
static void
check_end(struct gen *g, uint64_t now)
{
	if (g->issuing && (interrupted || (g->o.count == 0 && now >= g->t_end)))
		g->issuing = 0;
	if (g->issuing || g->drain_until != 0)
		return;
	if (g->o.count != 0 && !interrupted)
		g->drain_until = UINT64_MAX;
	else
		g->drain_until = now + g->o.timeout_ns;
}

static void
run(struct gen *g)
{
	struct epoll_event ev[MAX_CONNS];
	struct conn *c;
	uint64_t now, out;
	unsigned i, j;
	int n;

	for (i = 0; i < g->o.conns; i++) {
		for (j = 0; j < g->o.window; j++)
			slot_next(g, &g->conns[i], &g->conns[i].slots[j]);
		flush(g, &g->conns[i]);
	}
	for (;;) {
		now = now_ns();
		check_end(g, now);
		out = 0;
		for (i = 0; i < g->o.conns; i++) {
			c = &g->conns[i];
			expire(g, c, now);
			flush(g, c);
			out += c->outstanding;
		}
		if (!g->issuing &&
		    (out == 0 || now >= g->drain_until || interrupted > 1))
			break;
		n = epoll_wait(g->ep, ev, MAX_CONNS, wait_ms(g, now));
		if (n < 0 && errno != EINTR)
			die("epoll_wait");
		for (i = 0; n > 0 && i < (unsigned)n; i++)
			conn_recv(g, ev[i].data.ptr);
		for (i = 0; i < g->o.conns; i++)
			flush(g, &g->conns[i]);
	}
	g->st.unanswered = out;
}

static uint64_t
us(uint64_t ns)
{
	return (ns + 500) / 1000;
}

/* Our own CPU use over the run, in percent of one core: near 100, the
 * figures are radload's limit rather than the server's. 0 for runs under
 * half a second, too short for the kernel's accounting to tell. */
static double
cpu_pct(const struct gen *g)
{
	struct rusage ru;
	double cpu, wall;

	if (getrusage(RUSAGE_SELF, &ru) == -1)
		return 0;
	cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	      (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
	wall = (double)(now_ns() - g->t_launch) / (double)NS_PER_S;
	return wall >= 0.5 ? 100 * cpu / wall : 0;
}

static void
report(struct gen *g)
{
	const struct stats *st = &g->st;
	double secs = 0, rps = 0, cpu = cpu_pct(g);
	uint64_t q[5];

	if (st->t_last > g->t_start)
		secs = (double)(st->t_last - g->t_start) / (double)NS_PER_S;
	if (secs > 0)
		rps = (double)st->replies / secs;
	q[0] = us(hist_quantile(st, 0.50));
	q[1] = us(hist_quantile(st, 0.90));
	q[2] = us(hist_quantile(st, 0.99));
	q[3] = us(hist_quantile(st, 0.999));
	q[4] = us(st->max_ns);
	if (!g->o.quiet) {
		fprintf(stderr,
		    "radload: %u sockets x %u outstanding to %s, "
		    "%s, fleet %" PRIu64 ", receive buffer %d KiB\n",
		    g->o.conns, g->o.window, g->o.target,
		    g->o.acct ? "accounting" : "access-request", g->o.fleet,
		    g->rcvbuf / 1024);
		fprintf(stderr,
		    "  sent %" PRIu64 " (+%" PRIu64 " retransmitted), %" PRIu64
		    " replies in %.2f s: "
		    "%.0f replies/s\n",
		    st->sent, st->retrans, st->replies, secs, rps);
		fprintf(stderr,
		    "  accept %" PRIu64 "  reject %" PRIu64
		    "  accounting-response %" PRIu64 "  other %" PRIu64 "\n",
		    st->accept, st->reject, st->acct_ok, st->other);
		fprintf(stderr,
		    "  timeouts %" PRIu64 "  lost %" PRIu64
		    "  unanswered at the end %" PRIu64 "  bad %" PRIu64
		    "  duplicate %" PRIu64 "  stray %" PRIu64
		    "  refused %" PRIu64 "  send errors %" PRIu64 "\n",
		    st->timeouts, st->lost, st->unanswered, st->bad, st->dup,
		    st->stray, st->refused, st->senderr);
		fprintf(stderr,
		    "  latency (us): p50 %" PRIu64 "  p90 %" PRIu64
		    "  p99 %" PRIu64 "  p99.9 %" PRIu64 "  max %" PRIu64 "\n",
		    q[0], q[1], q[2], q[3], q[4]);
		fprintf(stderr, "  radload's own CPU: %.0f%% of a core%s\n",
		    cpu,
		    cpu > 90 ? " (saturated: the figures are radload's limit)"
		             : "");
	}
	printf("rps=%.0f p50_us=%" PRIu64 " p90_us=%" PRIu64 " p99_us=%" PRIu64
	       " p999_us=%" PRIu64 " max_us=%" PRIu64 " accept=%" PRIu64
	       " reject=%" PRIu64 " acct_ok=%" PRIu64 " timeouts=%" PRIu64
	       " lost=%" PRIu64 " bad=%" PRIu64 " sent=%" PRIu64
	       " retrans=%" PRIu64 " dup=%" PRIu64 " stray=%" PRIu64
	       " unanswered=%" PRIu64 " stops=%" PRIu64 " elapsed_s=%.3f cpu_pct=%.0f\n",
	    rps, q[0], q[1], q[2], q[3], q[4], st->accept, st->reject,
	    st->acct_ok, st->timeouts, st->lost, st->bad, st->sent, st->retrans,
	    st->dup, st->stray, st->unanswered, st->stops, secs, cpu);
}

static void
setup(struct gen *g)
{
	struct sigaction sa;
	unsigned i;

	if (radius_secret_init(&g->secret, g->o.secret, strlen(g->o.secret)) !=
	    0)
		die_opt('s', "unusable secret");
	g->rng = g->o.seed;
	if (g->rng == 0 &&
	    getrandom(&g->rng, sizeof(g->rng), 0) != sizeof(g->rng))
		die("getrandom");
	g->nonce = (uint32_t)rng_next(g);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	g->ep = epoll_create1(EPOLL_CLOEXEC);
	if (g->ep == -1)
		die("epoll_create1");
	for (i = 0; i < g->o.conns; i++)
		conn_open(g, &g->conns[i]);
	for (i = 0; i < RECV_BATCH; i++) {
		g->riov[i].iov_base = g->rbuf[i];
		g->riov[i].iov_len = sizeof(g->rbuf[i]);
		g->rmsg[i].msg_hdr.msg_iov = &g->riov[i];
		g->rmsg[i].msg_hdr.msg_iovlen = 1;
	}
}

int
main(int argc, char **argv)
{
	struct gen *g;

	g = calloc(1, sizeof(*g));
	if (g == NULL)
		die("calloc");
	parse_opts(&g->o, argc, argv);
	g->t_launch = now_ns();
	setup(g);
	g->t_start = now_ns() + g->o.warmup_ns;
	g->t_end = g->t_start + g->o.duration_ns;
	g->issuing = 1;
	run(g);
	report(g);
	return 0;
}
