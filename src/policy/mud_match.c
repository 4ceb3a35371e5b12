/*
 * An ACE's matches (RFC 8519's ipv4, ipv6, tcp, udp and icmp, RFC 8520's
 * ietf-mud:mud and direction-initiated, ietf-acldns' DNS names), seen from
 * the device: the address on the device's side of the packet must not be
 * matched (the gateway knows it; a profile cannot), the other side is the
 * ACE's one remote.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "policy/mud_match.h"

#define SRC_DNS "ietf-acldns:src-dnsname"
#define DST_DNS "ietf-acldns:dst-dnsname"
#define INITIATED "ietf-mud:direction-initiated"

/* The transport matches, by family. */
static const struct {
	const char *key;
	int proto4, proto6;
} l4s[] = {
    {"tcp", 6, 6},
    {"udp", 17, 17},
    {"icmp", 1, 58},
};
#define L4_TCP 0
#define L4_ICMP 2

static int
ldh(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '-';
}

static int
all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Why label s[0..n) is not one, or NULL. */
static const char *
label_why(const char *s, size_t n)
{
	if (n == 0)
		return "has an empty label";
	if (n > 63)
		return "has a label longer than 63 characters";
	if (s[0] == '-' || s[n - 1] == '-')
		return "has a label that starts or ends with '-'";
	for (size_t i = 0; i < n; i++)
		if (!ldh(s[i]))
			return "holds a character other than letters, digits, "
			       "'-' and '.'";
	return NULL;
}

const char *
mud_match_host(
    const char *s, size_t n, unsigned min_labels, char *out, size_t outsz)
{
	const char *why;
	unsigned labels = 0;
	size_t i, start = 0, last = 0;

	if (n > 0 && s[n - 1] == '.')
		n--;
	if (n > 253 || n >= outsz)
		return "is longer than 253 characters";
	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '.')
			continue;
		why = label_why(s + start, i - start);
		if (why != NULL)
			return why;
		labels++;
		last = start;
		start = i + 1;
	}
	if (labels < min_labels)
		return "has a single label";
	if (all_digits(s + last, n - last))
		return "ends with a numeric label, as an address does";
	for (i = 0; i < n; i++)
		out[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 32) : s[i];
	out[n] = '\0';
	return NULL;
}

/* Whether a destination (dst) or source match names the remote end in
 * the ACE's direction; when it names the device itself, reported. */
static int
side_remote(struct mud_ctx *c, int dst)
{
	int from = c->dir == MUD_FROM_DEVICE;

	if (from == dst)
		return 1;
	mud_ctx_err_dir(c,
	    "matches the device's own address; not enforceable: a %s ACE "
	    "names its remote with %s",
	    from ? "from-device" : "to-device",
	    from ? "destination-*-network or dst-dnsname"
	         : "source-*-network or src-dnsname");
	return 0;
}

static int
remote_set(
    struct mud_ctx *c, struct mud_ace *a, enum mud_remote kind, const char *key)
{
	if (c->remote_key != NULL) {
		mud_ctx_err_dir(c,
		    "more than one remote: \"%s\" and \"%s\": expected one "
		    "network, DNS name or ietf-mud:mud match per ACE",
		    c->remote_key, key);
		return 0;
	}
	c->remote_key = key;
	a->remote = kind;
	return 1;
}

static void
cidr_mask(struct cidr *n)
{
	unsigned bits = n->net.family == AF_INET ? 32 : 128;

	for (unsigned i = n->prefix; i < bits; i++)
		n->net.bytes[i / 8] &= (uint8_t) ~(0x80 >> (i % 8));
}

static int
net_parse(struct mud_ctx *c, const char *s, int fam, struct cidr *out)
{
	char fixed[CIDR_STRLEN];
	int rc = cidr_parse(s, out);

	if (rc == -ERANGE) {
		cidr_mask(out);
		cidr_format(out, fixed, sizeof(fixed));
		mud_ctx_err(c,
		    "\"%s\" has bits set past its prefix: expected %s", s,
		    fixed);
		return -1;
	}
	if (rc < 0) {
		mud_ctx_err(c,
		    "\"%.64s\" is not a network: expected a prefix "
		    "such as \"%s\"",
		    s, fam == 4 ? "192.0.2.0/24" : "2001:db8::/32");
		return -1;
	}
	if (out->net.family != (fam == 4 ? AF_INET : AF_INET6)) {
		mud_ctx_err(c, "\"%s\" is not an IPv%d network", s, fam);
		return -1;
	}
	return 0;
}

static void
l3_network(struct mud_ctx *c, json_t *v, int fam, int dst, struct mud_ace *a)
{
	static const char *const keys[2][2] = {
	    {"source-ipv4-network", "destination-ipv4-network"},
	    {"source-ipv6-network", "destination-ipv6-network"},
	};
	const char *key = keys[fam == 6][dst], *s;
	struct cidr net;
	size_t old;

	if (mud_ctx_str(c, v, key, CIDR_STRLEN, &s) != 1)
		return;
	old = mud_ctx_key(c, key);
	if (net_parse(c, s, fam, &net) == 0 && side_remote(c, dst) &&
	    remote_set(c, a, MUD_REMOTE_NETWORK, key))
		a->network = net;
	mud_ctx_pop(c, old);
}

static void
l3_dnsname(struct mud_ctx *c, json_t *v, int dst, struct mud_ace *a)
{
	const char *key = dst ? DST_DNS : SRC_DNS, *s, *why;
	char name[MUD_DNSNAME_MAX];
	size_t old;

	if (mud_ctx_str(c, v, key, MUD_DNSNAME_MAX, &s) != 1)
		return;
	old = mud_ctx_key(c, key);
	why = mud_match_host(s, strlen(s), 2, name, sizeof(name));
	if (why != NULL)
		mud_ctx_err(c,
		    "\"%.100s\" %s: expected a DNS name such as "
		    "\"cloud.example.com\"",
		    s, why);
	else if (side_remote(c, dst) &&
	         remote_set(c, a, MUD_REMOTE_DNSNAME, key))
		snprintf(a->text, sizeof(a->text), "%s", name);
	mud_ctx_pop(c, old);
}

static const char *const ipv4_keys[] = {"protocol", "destination-ipv4-network",
    "source-ipv4-network", DST_DNS, SRC_DNS, NULL};
static const char *const ipv6_keys[] = {"protocol", "destination-ipv6-network",
    "source-ipv6-network", DST_DNS, SRC_DNS, NULL};

/* An ipv4 or ipv6 match; l4 is the transport match, or -1. */
static void
l3_parse(struct mud_ctx *c, json_t *v, int fam, int l4, struct mud_ace *a)
{
	json_int_t proto;
	int want = l4 < 0 ? -1 : fam == 6 ? l4s[l4].proto6 : l4s[l4].proto4;
	size_t old;

	mud_ctx_keys(c, v, fam == 4 ? ipv4_keys : ipv6_keys,
	    "unsupported match",
	    fam == 4 ? "protocol, destination-ipv4-network, "
	               "source-ipv4-network, " DST_DNS " or " SRC_DNS
	             : "protocol, destination-ipv6-network, "
	               "source-ipv6-network, " DST_DNS " or " SRC_DNS);
	if (mud_ctx_int(c, v, "protocol", 0, 255, &proto) == 1) {
		a->protocol = (int)proto;
		if (want >= 0 && proto != want) {
			old = mud_ctx_key(c, "protocol");
			mud_ctx_err(c, "is %d, but the %s match needs %d",
			    a->protocol, l4s[l4].key, want);
			mud_ctx_pop(c, old);
		}
	}
	l3_network(c, v, fam, 1, a);
	l3_network(c, v, fam, 0, a);
	l3_dnsname(c, v, 1, a);
	l3_dnsname(c, v, 0, a);
}

/* The ipv4 and ipv6 matches: only the ACL's family. */
static void
l3_both(struct mud_ctx *c, json_t *m, int l4, struct mud_ace *a)
{
	static const char *const keys[] = {"ipv4", "ipv6"};
	json_t *v;
	size_t old;

	for (int i = 0; i < 2; i++) {
		int fam = i == 0 ? 4 : 6;

		v = mud_ctx_get(c, m, keys[i], JSON_OBJECT);
		if (v == NULL)
			continue;
		old = mud_ctx_key(c, keys[i]);
		if (c->family != 0 && c->family != fam)
			mud_ctx_err(c,
			    "an ipv%d-acl-type ACL cannot match IPv%d: "
			    "expected \"ipv%d\"",
			    c->family, fam, c->family);
		else
			l3_parse(c, v, fam, l4, a);
		mud_ctx_pop(c, old);
	}
}

enum port_op { OP_EQ, OP_LT, OP_GT, OP_NEQ, OP_LTE, OP_GTE };

/* Operator op on port as a range, or every port but one (neq). */
static void
port_apply(
    struct mud_ctx *c, enum port_op op, unsigned port, struct mud_ports *out)
{
	unsigned lo = port, hi = port;

	if ((op == OP_LT && port == 0) || (op == OP_GT && port == 65535)) {
		mud_ctx_err(c, "\"%s\" %u matches no port: expected a port %s",
		    op == OP_LT ? "lt" : "gt", port,
		    op == OP_LT ? "above 0" : "below 65535");
		return;
	}
	if (op == OP_LT || op == OP_LTE)
		lo = 0;
	if (op == OP_GT || op == OP_GTE)
		hi = 65535;
	if (op == OP_LT)
		hi = port - 1;
	if (op == OP_GT)
		lo = port + 1;
	out->op = op == OP_NEQ ? MUD_PORT_NEQ : MUD_PORT_RANGE;
	out->lo = (uint16_t)lo;
	out->hi = (uint16_t)hi;
}

static const char *const port_ops[] = {
    "eq", "lt", "gt", "neq", "lte", "gte", NULL};

/* {"operator": OP, "port": N}; the operator defaults to eq. */
static void
port_op(struct mud_ctx *c, json_t *v, struct mud_ports *out)
{
	const char *name = "eq";
	json_int_t port;
	size_t old;
	int op, rc;

	rc = mud_ctx_str(c, v, "operator", 8, &name);
	for (op = 0; port_ops[op] != NULL && strcmp(port_ops[op], name); op++)
		;
	if (rc >= 0 && port_ops[op] == NULL) {
		old = mud_ctx_key(c, "operator");
		mud_ctx_err(c,
		    "is \"%s\": expected \"eq\", \"neq\", \"lt\", "
		    "\"lte\", \"gt\" or \"gte\"",
		    name);
		mud_ctx_pop(c, old);
	}
	switch (mud_ctx_int(c, v, "port", 0, 65535, &port)) {
	case 0:
		mud_ctx_missing(c, "port", "an integer from 0 to 65535");
		break;
	case 1:
		if (rc >= 0 && port_ops[op] != NULL)
			port_apply(c, (enum port_op)op, (unsigned)port, out);
		break;
	}
}

/* {"lower-port": A, "upper-port": B}, A <= B. */
static void
port_range(struct mud_ctx *c, json_t *v, struct mud_ports *out)
{
	json_int_t lo, hi;
	int rl, rh;

	rl = mud_ctx_int(c, v, "lower-port", 0, 65535, &lo);
	rh = mud_ctx_int(c, v, "upper-port", 0, 65535, &hi);
	if (rl == 0)
		mud_ctx_missing(c, "lower-port", "an integer from 0 to 65535");
	if (rh == 0)
		mud_ctx_missing(c, "upper-port", "an integer from 0 to 65535");
	if (rl != 1 || rh != 1)
		return;
	if (lo > hi) {
		mud_ctx_err(c,
		    "lower-port %d is above upper-port %d: expected "
		    "lower-port <= upper-port",
		    (int)lo, (int)hi);
		return;
	}
	out->op = MUD_PORT_RANGE;
	out->lo = (uint16_t)lo;
	out->hi = (uint16_t)hi;
}

static const char *const port_keys[] = {
    "operator", "port", "lower-port", "upper-port", NULL};

static void
port_get(struct mud_ctx *c, json_t *l4, const char *key, struct mud_ports *out)
{
	json_t *v = mud_ctx_get(c, l4, key, JSON_OBJECT);
	size_t old;
	int range, op;

	if (v == NULL)
		return;
	old = mud_ctx_key(c, key);
	mud_ctx_keys(c, v, port_keys, "unknown member",
	    "operator and port, or lower-port and upper-port");
	range = json_object_get(v, "lower-port") != NULL ||
	        json_object_get(v, "upper-port") != NULL;
	op = json_object_get(v, "operator") != NULL ||
	     json_object_get(v, "port") != NULL;
	if (range && op)
		mud_ctx_err(c, "mixes the two forms: expected operator and "
		               "port, or lower-port and upper-port");
	else if (range)
		port_range(c, v, out);
	else if (op)
		port_op(c, v, out);
	else
		mud_ctx_err(c, "is empty: expected operator and port, or "
		               "lower-port and upper-port");
	mud_ctx_pop(c, old);
}

static void
initiated(struct mud_ctx *c, json_t *tcp, struct mud_ace *a)
{
	const char *s;
	size_t old;

	if (mud_ctx_str(c, tcp, INITIATED, 16, &s) != 1)
		return;
	if (strcmp(s, "from-device") == 0) {
		a->initiated = MUD_INIT_FROM_DEVICE;
	} else if (strcmp(s, "to-device") == 0) {
		a->initiated = MUD_INIT_TO_DEVICE;
	} else {
		old = mud_ctx_key(c, INITIATED);
		mud_ctx_err(c,
		    "is \"%s\": expected \"from-device\" or "
		    "\"to-device\"",
		    s);
		mud_ctx_pop(c, old);
	}
}

static const char *const tcp_keys[] = {
    "source-port", "destination-port", INITIATED, NULL};
static const char *const udp_keys[] = {"source-port", "destination-port", NULL};
static const char *const icmp_keys[] = {"type", "code", NULL};

static void
l4_parse(struct mud_ctx *c, json_t *v, int l4, struct mud_ace *a)
{
	json_int_t n;

	if (l4 == L4_ICMP) {
		mud_ctx_keys(
		    c, v, icmp_keys, "unsupported match", "type or code");
		if (mud_ctx_int(c, v, "type", 0, 255, &n) == 1)
			a->icmp_type = (int)n;
		if (mud_ctx_int(c, v, "code", 0, 255, &n) == 1)
			a->icmp_code = (int)n;
		return;
	}
	if (l4 == L4_TCP)
		mud_ctx_keys(c, v, tcp_keys, "unsupported match",
		    "source-port, destination-port or " INITIATED);
	else
		mud_ctx_keys(c, v, udp_keys, "unsupported match",
		    "source-port or destination-port (" INITIATED
		    " is for tcp only)");
	port_get(c, v, "source-port", &a->sport);
	port_get(c, v, "destination-port", &a->dport);
	if (l4 == L4_TCP)
		initiated(c, v, a);
}

/* The transport match: its index in l4s, or -1 when there is none. Two
 * of them would match no packet. */
static int
l4_pick(struct mud_ctx *c, json_t *m)
{
	int pick = -1;
	size_t old;

	for (int i = 0; i < 3; i++) {
		if (json_object_get(m, l4s[i].key) == NULL)
			continue;
		if (pick < 0) {
			pick = i;
			continue;
		}
		old = mud_ctx_key(c, l4s[i].key);
		mud_ctx_err(c,
		    "\"%s\" and \"%s\" together match no packet: "
		    "expected one of tcp, udp and icmp",
		    l4s[pick].key, l4s[i].key);
		mud_ctx_pop(c, old);
	}
	return pick;
}

static const char *
uri_why(const char *s)
{
	size_t n =
	    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	              "0123456789+-.");

	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')) ||
	    s[n] != ':' || s[n + 1] == '\0')
		return "is not a URI: expected a scheme and a part such as "
		       "\"https://controller.example.com/\"";
	for (; *s != '\0'; s++)
		if (*s <= ' ' || *s > '~')
			return "holds a space, a control character or a "
			       "non-ASCII byte: expected an encoded URI";
	return NULL;
}

/* The string of an ietf-mud:mud match: the manufacturer's authority
 * (lower-cased, as mud-url's), a model's MUD URL or a controller's URI. */
static int
remote_text(struct mud_ctx *c, json_t *v, const char *key, enum mud_remote kind,
    char *text, size_t textsz)
{
	char auth[MUD_URL_MAX];
	const char *s, *why;
	size_t old;

	if (mud_ctx_str(c, v, key, MUD_URL_MAX - 1, &s) != 1)
		return -1;
	if (kind == MUD_REMOTE_MANUFACTURER)
		why = mud_match_host(s, strlen(s), 1, text, textsz) == NULL
		          ? NULL
		          : "is not an authority: expected the host of a MUD "
		            "URL, such as \"lighting.example.com\"";
	else if (kind == MUD_REMOTE_MODEL)
		why = mud_url_check(s, auth, sizeof(auth));
	else
		why = uri_why(s);
	if (why == NULL) {
		if (kind != MUD_REMOTE_MANUFACTURER)
			snprintf(text, textsz, "%s", s);
		return 0;
	}
	old = mud_ctx_key(c, key);
	mud_ctx_err(c, "\"%.100s\" %s", s, why);
	mud_ctx_pop(c, old);
	return -1;
}

/* YANG's empty type, [null] in JSON. */
static int
remote_empty(struct mud_ctx *c, json_t *v, const char *key)
{
	json_t *x = json_object_get(v, key);
	size_t old;

	if (json_is_array(x) && json_array_size(x) == 1 &&
	    json_is_null(json_array_get(x, 0)))
		return 0;
	old = mud_ctx_key(c, key);
	mud_ctx_not_a(c, x, "[null]");
	mud_ctx_pop(c, old);
	return -1;
}

static const struct {
	const char *key;
	enum mud_remote kind;
	int empty;
} mud_remotes[] = {
    {"manufacturer", MUD_REMOTE_MANUFACTURER, 0},
    {"same-manufacturer", MUD_REMOTE_SAME_MFG, 1},
    {"model", MUD_REMOTE_MODEL, 0},
    {"local-networks", MUD_REMOTE_LOCAL, 1},
    {"controller", MUD_REMOTE_CONTROLLER, 0},
    {"my-controller", MUD_REMOTE_MY_CONTROLLER, 1},
};

static const char *const mud_keys[] = {"manufacturer", "same-manufacturer",
    "model", "local-networks", "controller", "my-controller", NULL};

/* The ietf-mud:mud match: a remote named by the MUD model. */
static void
mud_remote(struct mud_ctx *c, json_t *v, struct mud_ace *a)
{
	char text[MUD_URL_MAX];
	size_t old;
	int rc;

	mud_ctx_keys(c, v, mud_keys, "unsupported match",
	    "manufacturer, same-manufacturer, model, local-networks, "
	    "controller or my-controller");
	for (size_t i = 0; i < sizeof(mud_remotes) / sizeof(mud_remotes[0]);
	     i++) {
		const char *key = mud_remotes[i].key;

		if (json_object_get(v, key) == NULL)
			continue;
		if (mud_remotes[i].empty)
			rc = remote_empty(c, v, key);
		else
			rc = remote_text(
			    c, v, key, mud_remotes[i].kind, text, sizeof(text));
		old = mud_ctx_key(c, key);
		if (rc == 0 && remote_set(c, a, mud_remotes[i].kind, key))
			snprintf(a->text, sizeof(a->text), "%s",
			    mud_remotes[i].empty ? "" : text);
		mud_ctx_pop(c, old);
	}
}

static const char *const matches_keys[] = {
    "ipv4", "ipv6", "tcp", "udp", "icmp", "ietf-mud:mud", "eth", NULL};

void
mud_match_parse(struct mud_ctx *c, json_t *m, struct mud_ace *a)
{
	json_t *v = NULL;
	size_t old;
	int l4;

	if (json_object_get(m, "eth") != NULL) {
		old = mud_ctx_key(c, "eth");
		mud_ctx_err(c,
		    "unsupported match \"eth\": the gateway forwards "
		    "IP");
		mud_ctx_pop(c, old);
	}
	mud_ctx_keys(c, m, matches_keys, "unsupported match",
	    "ipv4, ipv6, tcp, udp, icmp or ietf-mud:mud");
	l4 = l4_pick(c, m);
	l3_both(c, m, l4, a);
	if (l4 >= 0) {
		a->protocol = c->family == 6 ? l4s[l4].proto6 : l4s[l4].proto4;
		v = mud_ctx_get(c, m, l4s[l4].key, JSON_OBJECT);
	}
	if (l4 >= 0 && v != NULL) {
		old = mud_ctx_key(c, l4s[l4].key);
		l4_parse(c, v, l4, a);
		mud_ctx_pop(c, old);
	}
	v = mud_ctx_get(c, m, "ietf-mud:mud", JSON_OBJECT);
	if (v != NULL) {
		old = mud_ctx_key(c, "ietf-mud:mud");
		mud_remote(c, v, a);
		mud_ctx_pop(c, old);
	}
}
