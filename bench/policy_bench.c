/*
 * policy_bench: the airlock's compiler and its kernel side at fleet size,
 * for bench/policy.sh. It synthesizes a zone, -p MUD profiles and -n
 * endpoints, then does what airlockd's enforcer does (src/daemon/enforcer.c)
 * and times each step:
 *   1. a start: the plan, the skeleton (no elements) compiled and dry-run,
 *      the whole table compiled and applied in one transaction;
 *   2. a reload: the same with the table already in the kernel;
 *   3. -r endpoints added, -r switched to another profile (the old
 *      elements deleted and the new ones added in one script), -r
 *      quarantined or released (the sets q and qr alone), -r
 *      removed: each compiled and applied as enforcer.c's
 *      change() does.
 * One line per figure on stdout: NAME VALUE UNIT, then a description.
 *
 * The profiles are built directly as struct mud_policy, as mud_parse()
 * would leave them: 3 to 8 ACEs each, from and to the device, to
 * controllers and my-controllers (mapped to server groups in the zone),
 * to the same manufacturer (50 of them), to networks, with ports and ICMP
 * types, a fifth of them with IPv6 ACEs too. A tenth of the endpoints are
 * IPv6.
 *
 * It writes the table inet airlock of the network namespace it runs in:
 * it refuses a namespace with interfaces besides lo (the machine's own, a
 * lab's) and one that already has the table, and deletes the table
 * before it exits.
 */
#include <net/if.h>

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "policy/policy.h"
#include "policy/policy_apply.h"

#define SCRIPT_MAX (512u << 20) /* enforcer.c's cap */
#define NS_PER_MS 1000000.0
#define NS_PER_US 1000.0
#define N_MFGS 50
#define N_GROUPS 16
#define N_CONTROLLERS 32
#define ACE_KINDS 10

struct opts {
	size_t endpoints;
	size_t profiles;
	size_t ops;
	uint64_t seed;
	int force;
	const char *out; /* -o: the whole table's script, for nft -f */
};

struct bench {
	struct opts o;
	struct policy_zone zone;
	struct policy_profile *profiles;
	struct policy_plan *plan;
	uint32_t *index;              /* profile i → its index in the plan */
	struct policy_endpoint *eps;  /* -n endpoints */
	struct policy_endpoint *news; /* -r endpoints to add */
	struct policy_apply *pa;
	struct obuf script;
	uint64_t rng;
};

static void
usage(FILE *f, int code)
{
	fprintf(f,
	    "usage: policy_bench [-fh] [-n endpoints] [-o file] "
	    "[-p profiles] [-r operations]\n"
	    "                    [-S seed]\n"
	    "  -f  run even in a namespace with interfaces besides lo\n"
	    "  -n  endpoints, a tenth of them IPv6 (100000)\n"
	    "  -o  write the whole table's script to file too, for nft -f "
	    "(the write counts\n"
	    "      in start_total_ms)\n"
	    "  -p  MUD profiles over %d manufacturers (1000)\n"
	    "  -r  endpoints added, changed, quarantined, removed one at a "
	    "time, "
	    "each (200)\n"
	    "  -S  random seed (1)\n"
	    "Run it in a network namespace of its own: it writes the table "
	    "inet %s.\n",
	    N_MFGS, POLICY_TABLE);
	exit(code);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "policy_bench: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(EX_SOFTWARE);
}

static size_t
parse_size(int opt, const char *arg, size_t min, size_t max)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (arg[0] < '0' || arg[0] > '9' || errno != 0 || *end != '\0' ||
	    v < min || v > max) {
		fprintf(stderr,
		    "policy_bench: -%c wants a whole number from %zu to %zu, "
		    "not '%s'\n",
		    opt, min, max, arg);
		exit(EX_USAGE);
	}
	return (size_t)v;
}

static void
parse_opts(struct opts *o, int argc, char **argv)
{
	int ch;

	o->endpoints = 100000;
	o->profiles = 1000;
	o->ops = 200;
	o->seed = 1;
	while ((ch = getopt(argc, argv, "fhn:o:p:r:S:")) != -1) {
		switch (ch) {
		case 'f':
			o->force = 1;
			break;
		case 'h':
			usage(stdout, 0);
			break;
		case 'n':
			o->endpoints = parse_size(ch, optarg, 1, 4000000);
			break;
		case 'o':
			o->out = optarg;
			break;
		case 'p':
			o->profiles = parse_size(ch, optarg, 1, 100000);
			break;
		case 'r':
			o->ops = parse_size(ch, optarg, 1, 100000);
			break;
		case 'S':
			o->seed = parse_size(ch, optarg, 0, SIZE_MAX);
			break;
		default:
			usage(stderr, EX_USAGE);
		}
	}
	if (optind != argc)
		usage(stderr, EX_USAGE);
}

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* splitmix64: reproducible from -S. */
static uint64_t
rng_next(struct bench *b)
{
	uint64_t z = (b->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t
rng_below(struct bench *b, size_t n)
{
	return (size_t)(rng_next(b) % n);
}

/* A figure: NAME VALUE UNIT, the description. */
static void __attribute__((format(printf, 4, 5)))
figure(const char *name, double v, const char *unit, const char *fmt, ...)
{
	va_list ap;

	int whole = v >= 100 || v == (double)(long)v;

	printf("%-24s %12.*f %-5s ", name, whole ? 0 : 2, v, unit);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static double
ms_since(uint64_t t)
{
	return (double)(now_ns() - t) / NS_PER_MS;
}

/* VmRSS or VmHWM of this process, in KiB. */
static long
status_kib(const char *key)
{
	char line[256];
	size_t n = strlen(key);
	long v = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, key, n) == 0 && line[n] == ':')
			v = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return v;
}

static void
cidr4(struct cidr *c, uint8_t a, uint8_t b2, uint8_t c3, uint8_t d,
    uint8_t prefix)
{
	memset(c, 0, sizeof(*c));
	c->net.family = AF_INET;
	c->net.bytes[0] = a;
	c->net.bytes[1] = b2;
	c->net.bytes[2] = c3;
	c->net.bytes[3] = d;
	c->prefix = prefix;
}

/* 2001:db8:hi:lo::/prefix, or fd64::/48 and the like. */
static void
cidr6(struct cidr *c, uint16_t w0, uint16_t w1, uint16_t w2, uint16_t w3,
    uint8_t prefix)
{
	uint16_t w[4] = {w0, w1, w2, w3};

	memset(c, 0, sizeof(*c));
	c->net.family = AF_INET6;
	for (int i = 0; i < 4; i++) {
		c->net.bytes[2 * i] = (uint8_t)(w[i] >> 8);
		c->net.bytes[2 * i + 1] = (uint8_t)w[i];
	}
	c->prefix = prefix;
}

/*
 * The zone: the device networks of the design, two local networks, 16
 * groups of customer servers (two IPv4 networks and one IPv6 each, in the
 * benchmarking range 198.18.0.0/15), 32 controller URIs over them, the
 * my-controllers of the first 64 profiles, and a remediation flow.
 */
static void
zone_init(struct policy_zone *z, size_t profiles)
{
	memset(z, 0, sizeof(*z));
	z->n_devnets = 2;
	cidr4(&z->devnets[0], 10, 64, 0, 0, 10);
	cidr6(&z->devnets[1], 0xfd64, 0, 0, 0, 48);
	z->n_local = 2;
	cidr4(&z->local[0], 172, 16, 0, 0, 12);
	cidr6(&z->local[1], 0xfd00, 0x100, 0, 0, 56);
	z->n_groups = N_GROUPS;
	for (unsigned g = 0; g < N_GROUPS; g++) {
		struct policy_group *pg = &z->groups[g];

		snprintf(pg->name, sizeof(pg->name), "servers%u", g);
		pg->n = 3;
		cidr4(&pg->nets[0], 198, 18, (uint8_t)g, 0, 24);
		cidr4(&pg->nets[1], 198, 19, (uint8_t)g, 16, 28);
		cidr6(
		    &pg->nets[2], 0x2001, 0xdb8, (uint16_t)(0x100 + g), 0, 64);
	}
	z->n_controllers = N_CONTROLLERS;
	for (unsigned i = 0; i < N_CONTROLLERS; i++) {
		snprintf(z->controllers[i].key, sizeof(z->controllers[i].key),
		    "https://ctl%u.example.net/service", i);
		z->controllers[i].group = i % N_GROUPS;
	}
	z->n_my_controllers =
	    profiles < POLICY_MAPS_MAX ? profiles : POLICY_MAPS_MAX;
	for (unsigned i = 0; i < z->n_my_controllers; i++) {
		snprintf(z->my_controllers[i].key,
		    sizeof(z->my_controllers[i].key),
		    "https://mfg%u.example.com/model-%05u", i % N_MFGS, i);
		z->my_controllers[i].group = (i * 7) % N_GROUPS;
	}
	z->remediation = 1;
	z->remediation_group = 0;
	z->remediation_proto = 6;
	z->remediation_port = 8443;
	z->log_group = 6502;
	z->log_rate = 20;
}

static void
ports_eq(struct mud_ports *p, uint16_t port)
{
	p->op = MUD_PORT_RANGE;
	p->lo = port;
	p->hi = port;
}

/* ACE kind k of profile i, family 4 unless said. */
static void
ace_kind(struct mud_ace *a, unsigned i, unsigned k, int has_myctl)
{
	char ctl[MUD_URL_MAX];

	snprintf(ctl, sizeof(ctl), "https://ctl%u.example.net/service",
	    (i + k) % N_CONTROLLERS);
	a->family = 4;
	a->protocol = 6;
	a->icmp_type = -1;
	a->icmp_code = -1;
	a->action = MUD_ACCEPT;
	a->dir = MUD_FROM_DEVICE;
	a->remote = MUD_REMOTE_CONTROLLER;
	snprintf(a->text, sizeof(a->text), "%s", ctl);
	switch (k) {
	case 0: /* telemetry over MQTT/TLS to its controller */
		ports_eq(&a->dport, 8883);
		a->initiated = MUD_INIT_FROM_DEVICE;
		break;
	case 1: /* CoAP to the controller */
		a->protocol = 17;
		ports_eq(&a->dport, 5683);
		break;
	case 2: /* ping the controller */
		a->protocol = 1;
		a->icmp_type = 8;
		a->icmp_code = 0;
		break;
	case 3: /* peers of the same maker, both ways */
	case 4:
		a->remote = MUD_REMOTE_SAME_MFG;
		a->text[0] = '\0';
		ports_eq(&a->dport, 1883);
		a->dir = k == 3 ? MUD_FROM_DEVICE : MUD_TO_DEVICE;
		break;
	case 5: /* management from the controller */
		a->dir = MUD_TO_DEVICE;
		ports_eq(&a->dport, 2222);
		a->initiated = MUD_INIT_TO_DEVICE;
		break;
	case 6: /* NTP to a network */
		a->remote = MUD_REMOTE_NETWORK;
		a->protocol = 17;
		cidr4(&a->network, 198, 51, 100, 0, 24);
		ports_eq(&a->dport, 123);
		break;
	case 7: /* firmware updates: its my-controller, or a network */
		ports_eq(&a->dport, 443);
		a->initiated = MUD_INIT_FROM_DEVICE;
		if (has_myctl) {
			a->remote = MUD_REMOTE_MY_CONTROLLER;
			a->text[0] = '\0';
		} else {
			a->remote = MUD_REMOTE_NETWORK;
			cidr4(&a->network, 203, 0, 113, (uint8_t)(i % 16 * 16),
			    28);
		}
		break;
	case 8: /* IPv6 telemetry, ports 8000-8099 */
		a->family = 6;
		a->dport.op = MUD_PORT_RANGE;
		a->dport.lo = 8000;
		a->dport.hi = 8099;
		break;
	case 9: /* IPv6 ping from the controller */
		a->family = 6;
		a->dir = MUD_TO_DEVICE;
		a->protocol = 58;
		a->icmp_type = 128;
		break;
	}
}

/*
 * Profile i: manufacturer i % 50, 3 to 8 ACEs from the kinds above
 * (every fifth profile has the IPv6 ones), from-device first as
 * mud_parse() leaves them. The caller frees it with mud_policy_free().
 */
static struct mud_policy *
profile_new(struct bench *b, unsigned i)
{
	unsigned kinds[ACE_KINDS], nk = 0, want = 3 + (unsigned)rng_below(b, 6);
	int v6 = i % 5 == 0;
	struct mud_policy *m;

	/* The first 3 kinds always, then others in a random order. */
	for (unsigned k = 0; k < ACE_KINDS; k++)
		if (v6 || k < 8)
			kinds[nk++] = k;
	for (unsigned k = nk - 1; k > 3; k--) {
		unsigned j = 3 + (unsigned)rng_below(b, k - 2), t = kinds[k];

		kinds[k] = kinds[j];
		kinds[j] = t;
	}
	if (want > nk)
		want = nk;
	m = calloc(1, sizeof(*m) + want * sizeof(m->aces[0]));
	if (m == NULL)
		die("out of memory");
	snprintf(m->authority, sizeof(m->authority), "mfg%u.example.com",
	    i % N_MFGS);
	snprintf(m->url, sizeof(m->url), "https://mfg%u.example.com/model-%05u",
	    i % N_MFGS, i);
	snprintf(m->systeminfo, sizeof(m->systeminfo), "model %u", i);
	for (int dir = MUD_FROM_DEVICE; dir <= MUD_TO_DEVICE; dir++)
		for (unsigned k = 0; k < want; k++) {
			struct mud_ace a;

			memset(&a, 0, sizeof(a));
			ace_kind(&a, i, kinds[k], i < POLICY_MAPS_MAX);
			if ((int)a.dir != dir)
				continue;
			snprintf(a.acl, sizeof(a.acl), "model-%05u-%s", i,
			    dir == MUD_FROM_DEVICE ? "from" : "to");
			snprintf(a.name, sizeof(a.name), "k%u", kinds[k]);
			a.ace_pos = m->naces;
			m->aces[m->naces++] = a;
		}
	return m;
}

static void
profiles_init(struct bench *b)
{
	size_t n = b->o.profiles;

	b->profiles = calloc(n, sizeof(*b->profiles));
	b->index = calloc(n, sizeof(*b->index));
	if (b->profiles == NULL || b->index == NULL)
		die("out of memory");
	for (size_t i = 0; i < n; i++) {
		snprintf(b->profiles[i].name, sizeof(b->profiles[i].name),
		    "model-%05zu", i);
		b->profiles[i].mud = profile_new(b, (unsigned)i);
	}
}

/* Endpoint i: 10.64.0.0 + i + 1, or for every tenth fd64::1:0:i. */
static void
endpoint_addr(struct ipaddr *a, size_t i)
{
	memset(a, 0, sizeof(*a));
	if (i % 10 == 9) {
		a->family = AF_INET6;
		a->bytes[0] = 0xfd;
		a->bytes[1] = 0x64;
		a->bytes[11] = 1;
		a->bytes[12] = (uint8_t)(i >> 24);
		a->bytes[13] = (uint8_t)(i >> 16);
		a->bytes[14] = (uint8_t)(i >> 8);
		a->bytes[15] = (uint8_t)i;
		return;
	}
	a->family = AF_INET;
	a->bytes[0] = 10;
	a->bytes[1] = (uint8_t)(64 + ((i + 1) >> 16));
	a->bytes[2] = (uint8_t)((i + 1) >> 8);
	a->bytes[3] = (uint8_t)(i + 1);
}

/* A random profile; one endpoint in 100 has none (deny-all) and one in
 * 1,000 is quarantined. */
static void
endpoint_init(struct bench *b, struct policy_endpoint *ep, size_t i)
{
	size_t r = rng_below(b, 1000);

	memset(ep, 0, sizeof(*ep));
	endpoint_addr(&ep->addr, i);
	ep->profile =
	    r < 10 ? POLICY_NO_PROFILE : b->index[rng_below(b, b->o.profiles)];
	ep->cut = r == 999 ? POLICY_QUARANTINE : POLICY_OPEN;
}

static void
endpoints_init(struct bench *b)
{
	b->eps = calloc(b->o.endpoints, sizeof(*b->eps));
	b->news = calloc(b->o.ops, sizeof(*b->news));
	if (b->eps == NULL || b->news == NULL)
		die("out of memory");
	for (size_t i = 0; i < b->o.endpoints; i++)
		endpoint_init(b, &b->eps[i], i);
	for (size_t i = 0; i < b->o.ops; i++)
		endpoint_init(b, &b->news[i], b->o.endpoints + i);
}

static void
run(struct bench *b, int check, const char *what)
{
	char err[512];

	if (obuf_failed(&b->script))
		die("%s: the script is over %u bytes", what, SCRIPT_MAX);
	if (policy_apply_run(b->pa, b->script.data, check, err, sizeof(err)) <
	    0)
		die("%s refused by the kernel: %s", what, err);
}

static void
write_script(struct bench *b)
{
	FILE *f = fopen(b->o.out, "w");

	if (f == NULL ||
	    fwrite(b->script.data, 1, b->script.len, f) != b->script.len ||
	    fclose(f) != 0)
		die("%s: %s", b->o.out, strerror(errno));
}

/* What enforcer.c's apply_full() does, step by step: label "start" or
 * "reload". */
static void
full(struct bench *b, const char *label)
{
	uint64_t t0 = now_ns(), t;
	size_t skel;
	char name[32];

	policy_plan_free(b->plan);
	b->plan = policy_plan_new(&b->zone, b->profiles, b->o.profiles);
	if (b->plan == NULL)
		die("policy_plan_new: out of memory");
	for (size_t i = 0; i < b->o.profiles; i++)
		b->index[i] = policy_plan_profile(b->plan, b->profiles[i].name);
	snprintf(name, sizeof(name), "%s_plan_ms", label);
	figure(name, ms_since(t0), "ms", "policy_plan_new, %zu profiles",
	    b->o.profiles);

	t = now_ns();
	obuf_clear(&b->script);
	if (policy_nft_full(b->plan, NULL, 0, 0, &b->script) < 0)
		die("the skeleton is over %u bytes", SCRIPT_MAX);
	skel = b->script.len;
	snprintf(name, sizeof(name), "%s_skel_compile_ms", label);
	figure(name, ms_since(t), "ms", "policy_nft_full without elements");
	t = now_ns();
	run(b, 1, "the skeleton's dry run");
	snprintf(name, sizeof(name), "%s_skel_dryrun_ms", label);
	figure(name, ms_since(t), "ms",
	    "the skeleton's dry run (policy_apply_run check=1)");

	t = now_ns();
	obuf_clear(&b->script);
	if (policy_nft_full(b->plan, b->eps, b->o.endpoints, 1, &b->script) < 0)
		die("the ruleset is over %u bytes", SCRIPT_MAX);
	snprintf(name, sizeof(name), "%s_compile_ms", label);
	figure(name, ms_since(t), "ms", "policy_nft_full, %zu endpoints",
	    b->o.endpoints);
	if (strcmp(label, "start") == 0) {
		figure("script_bytes", (double)b->script.len, "B",
		    "the whole table's script");
		figure("skeleton_bytes", (double)skel, "B",
		    "the skeleton's script");
		if (b->o.out != NULL)
			write_script(b);
		figure("rss_compiled_kib", (double)status_kib("VmRSS"), "KiB",
		    "this process's RSS with the script compiled, before "
		    "libnftables reads it");
	}
	t = now_ns();
	run(b, 0, "the table");
	snprintf(name, sizeof(name), "%s_apply_ms", label);
	figure(name, ms_since(t), "ms",
	    "the table in one transaction (policy_apply_run check=0)");
	snprintf(name, sizeof(name), "%s_total_ms", label);
	figure(name, ms_since(t0), "ms",
	    "compile + apply: plan, skeleton and its dry run, table and its "
	    "transaction (goal: < 2000 ms at 100k endpoints, 1,000 "
	    "profiles)");
}

static int
by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The median, p99 and maximum of v[n] (sorted here) of an operation. */
static void
stats(const char *op, double *v, size_t n, const char *what)
{
	char name[32];
	size_t p99 = (n * 99 + 99) / 100;

	qsort(v, n, sizeof(*v), by_double);
	snprintf(name, sizeof(name), "%s_p50_ms", op);
	figure(name, v[(n - 1) / 2], "ms",
	    "%s: compile + apply, median of %zu (goal: < 10 ms)", what, n);
	snprintf(name, sizeof(name), "%s_p99_ms", op);
	figure(
	    name, v[p99 > 0 ? p99 - 1 : 0], "ms", "%s: 99th percentile", what);
	snprintf(name, sizeof(name), "%s_max_ms", op);
	figure(name, v[n - 1], "ms", "%s: maximum", what);
}

/* One change as enforcer.c's change(): a quarantine or a release moves
 * the address between the sets q and qr alone; anything else deletes the
 * old endpoint's elements and adds the new one's. One transaction,
 * elements only, not dry-run. Returns the milliseconds it took. */
static double
change(struct bench *b, const struct policy_endpoint *old,
    const struct policy_endpoint *now)
{
	uint64_t t0 = now_ns();

	obuf_clear(&b->script);
	if (old != NULL && now != NULL && old->profile == now->profile &&
	    ipaddr_equal(&old->addr, &now->addr)) {
		policy_nft_cut(now, old->cut, &b->script);
	} else {
		if (old != NULL)
			policy_nft_endpoint(b->plan, old, 0, &b->script);
		if (now != NULL)
			policy_nft_endpoint(b->plan, now, 1, &b->script);
	}
	run(b, 0, "a change");
	return ms_since(t0);
}

static void
incremental(struct bench *b)
{
	size_t n = b->o.ops;
	double *v = calloc(n, sizeof(*v));

	if (v == NULL)
		die("out of memory");
	for (size_t i = 0; i < n; i++)
		v[i] = change(b, NULL, &b->news[i]);
	stats("add", v, n, "one endpoint added");
	for (size_t i = 0; i < n; i++) {
		struct policy_endpoint *ep =
		    &b->eps[rng_below(b, b->o.endpoints)];
		struct policy_endpoint now = *ep;

		do
			now.profile = b->index[rng_below(b, b->o.profiles)];
		while (now.profile == ep->profile && b->o.profiles > 1);
		v[i] = change(b, ep, &now);
		*ep = now;
	}
	stats("change", v, n, "one endpoint switched to another profile");
	for (size_t i = 0; i < n; i++) {
		struct policy_endpoint *ep =
		    &b->eps[rng_below(b, b->o.endpoints)];
		struct policy_endpoint now = *ep;

		now.cut =
		    ep->cut == POLICY_OPEN ? POLICY_QUARANTINE : POLICY_OPEN;
		v[i] = change(b, ep, &now);
		*ep = now;
	}
	stats("quarantine", v, n, "one endpoint quarantined or released");
	for (size_t i = 0; i < n; i++)
		v[i] = change(b, &b->news[i], NULL);
	stats("remove", v, n, "one endpoint removed");
	free(v);
}

/* Whether this network namespace has an interface besides lo: the
 * machine's own, or a lab's, rather than a fresh one. */
static int
netns_in_use(void)
{
	struct if_nameindex *v = if_nameindex(), *i;
	int used = 0;

	if (v == NULL)
		return 1;
	for (i = v; i->if_index != 0; i++)
		if (strcmp(i->if_name, "lo") != 0)
			used = 1;
	if_freenameindex(v);
	return used;
}

static void
preflight(struct bench *b)
{
	struct obuf listing;
	char err[512];
	int rc;

	if (netns_in_use() && !b->o.force)
		die("this network namespace has interfaces besides lo: run "
		    "it in a fresh one (bench/policy.sh does), or -f");
	obuf_init(&listing, SCRIPT_MAX);
	rc = policy_apply_list(b->pa, &listing, err, sizeof(err));
	obuf_reset(&listing);
	if (rc == 0)
		die("this namespace already has the table inet %s: is "
		    "airlockd running here?",
		    POLICY_TABLE);
	if (rc < 0)
		die("nft: %s", err);
}

static void
cleanup(struct bench *b)
{
	uint64_t t = now_ns();

	obuf_clear(&b->script);
	obuf_puts(&b->script, "delete table inet " POLICY_TABLE "\n");
	run(b, 0, "deleting the table");
	figure("delete_table_ms", ms_since(t), "ms",
	    "delete table inet %s at the end", POLICY_TABLE);
	policy_plan_free(b->plan);
	for (size_t i = 0; i < b->o.profiles; i++)
		mud_policy_free((struct mud_policy *)b->profiles[i].mud);
	free(b->profiles);
	free(b->index);
	free(b->eps);
	free(b->news);
	obuf_reset(&b->script);
	policy_apply_free(b->pa);
}

int
main(int argc, char **argv)
{
	struct bench b;
	size_t v6 = 0, aces = 0;

	memset(&b, 0, sizeof(b));
	parse_opts(&b.o, argc, argv);
	b.rng = b.o.seed;
	obuf_init(&b.script, SCRIPT_MAX);
	b.pa = policy_apply_new();
	if (b.pa == NULL)
		die("libnftables cannot make a context");
	preflight(&b);
	zone_init(&b.zone, b.o.profiles);
	profiles_init(&b);
	/* The plan's profile indexes, for the endpoints' profiles. */
	b.plan = policy_plan_new(&b.zone, b.profiles, b.o.profiles);
	if (b.plan == NULL)
		die("policy_plan_new: out of memory");
	for (size_t i = 0; i < b.o.profiles; i++)
		b.index[i] = policy_plan_profile(b.plan, b.profiles[i].name);
	endpoints_init(&b);
	for (size_t i = 0; i < b.o.endpoints; i++)
		v6 += b.eps[i].addr.family == AF_INET6;
	for (size_t i = 0; i < b.o.profiles; i++)
		aces += b.profiles[i].mud->naces;
	printf("# %zu endpoints (%zu IPv4, %zu IPv6), %zu profiles "
	       "(%zu ACEs), %zu operations of each kind, seed %" PRIu64 "\n",
	    b.o.endpoints, b.o.endpoints - v6, v6, b.o.profiles, aces, b.o.ops,
	    b.o.seed);
	full(&b, "start");
	full(&b, "reload");
	incremental(&b);
	figure("rss_peak_kib", (double)status_kib("VmHWM"), "KiB",
	    "this process's peak RSS (the compiler's and libnftables')");
	cleanup(&b);
	return 0;
}
