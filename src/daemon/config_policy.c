/*
 * The airlock's directives: whether airlockd enforces the device zone, the
 * customer's server groups and the MUD names mapped to them, the local
 * networks, the remediation flow a quarantined device may keep, and how
 * violations are logged. A group may be named before it is defined; the
 * references are resolved once the whole file is read.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "daemon/config_parse.h"

void
config_policy_defaults(struct policy_conf *pc)
{
	memset(pc, 0, sizeof(*pc));
	pc->enforce = 1;
	pc->zone.log_group = 6502;
	pc->zone.log_rate = 20;
	pc->counter_interval = 60;
	pc->dns_min_ttl = 30;
	pc->dns_max_ttl = 86400;
	pc->dns_grace = 60;
}

/* A CIDR for a list, or an error naming the directive. */
static int
cidr_arg(struct parser *p, const char *v, const char *what, struct cidr *c)
{
	int rc = cidr_parse(v, c);

	if (rc == -ERANGE)
		perr(p, "%s: %s has host bits set after the prefix length",
		    what, v);
	else if (rc < 0)
		perr(p,
		    "%s wants a network like 198.51.100.0/24 or "
		    "2001:db8::/48, not '%s'",
		    what, v);
	return rc < 0 ? -1 : 0;
}

static void
d_enforce(struct parser *p, int argc, char **argv)
{
	(void)argc;
	if (strcmp(argv[0], "on") == 0)
		p->c->policy.enforce = 1;
	else if (strcmp(argv[0], "off") == 0)
		p->c->policy.enforce = 0;
	else
		perr(p, "enforce wants on or off, not '%s'", argv[0]);
}

static void
d_local(struct parser *p, int argc, char **argv)
{
	struct policy_zone *z = &p->c->policy.zone;
	struct cidr c;

	(void)argc;
	if (cidr_arg(p, argv[0], "local-network", &c) < 0)
		return;
	if (z->n_local == POLICY_NETS_MAX) {
		perr(p, "at most %d local-network lines", POLICY_NETS_MAX);
		return;
	}
	z->local[z->n_local++] = c;
}

/* Group names become part of set comments and error messages: keep them
 * to letters, digits, '-' and '_'. */
static int
group_name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= sizeof(((struct policy_group *)0)->name))
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		        (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return 0;
	return 1;
}

static void
d_group(struct parser *p, int argc, char **argv)
{
	struct policy_zone *z = &p->c->policy.zone;
	struct policy_group *g;
	int i;

	if (!group_name_ok(argv[0])) {
		perr(p,
		    "server-group name '%s': 1 to 31 letters, digits, '-' "
		    "or '_'",
		    argv[0]);
		return;
	}
	i = policy_group_find(z, argv[0]);
	if (i < 0 && z->n_groups == POLICY_GROUPS_MAX) {
		perr(p, "at most %d server groups", POLICY_GROUPS_MAX);
		return;
	}
	if (i < 0) {
		i = (int)z->n_groups++;
		snprintf(z->groups[i].name, sizeof(z->groups[i].name), "%s",
		    argv[0]);
	}
	g = &z->groups[i];
	for (int a = 1; a < argc; a++) {
		if (g->n == POLICY_GROUP_NETS_MAX) {
			perr(p, "server-group %s: at most %d networks", g->name,
			    POLICY_GROUP_NETS_MAX);
			return;
		}
		if (cidr_arg(p, argv[a], "server-group", &g->nets[g->n]) == 0)
			g->n++;
	}
}

/* A mapping to a group named later perhaps: the name is kept with the
 * line, and resolved by config_policy_finish(). */
static void
add_map(struct parser *p, struct policy_map *maps, size_t *n, const char *key,
    const char *group, const char *what)
{
	struct policy_conf *pc = &p->c->policy;

	if (*n == POLICY_MAPS_MAX) {
		perr(p, "at most %d %s lines", POLICY_MAPS_MAX, what);
		return;
	}
	/* https:// for a MUD URL or a controller; urn: for RFC 8520's
	 * well-known controllers (urn:ietf:params:mud:dns, ...:ntp). */
	if (strlen(key) >= sizeof(maps[0].key) ||
	    (strncmp(key, "https://", 8) != 0 && strncmp(key, "urn:", 4) != 0)) {
		perr(p, "%s wants an https:// or urn: URI of at most %zu "
			"characters, not '%s'", what, sizeof(maps[0].key) - 1,
		    key);
		return;
	}
	if (pc->n_refs == POLICY_MAPS_MAX * 2)
		return;
	snprintf(maps[*n].key, sizeof(maps[0].key), "%s", key);
	snprintf(
	    pc->refs[pc->n_refs].group, sizeof(pc->refs[0].group), "%s", group);
	pc->refs[pc->n_refs].line = p->line;
	pc->refs[pc->n_refs].my = maps == pc->zone.my_controllers;
	pc->refs[pc->n_refs].index = *n;
	pc->n_refs++;
	(*n)++;
}

static void
d_controller(struct parser *p, int argc, char **argv)
{
	struct policy_zone *z = &p->c->policy.zone;

	(void)argc;
	add_map(p, z->controllers, &z->n_controllers, argv[0], argv[1],
	    "mud-controller");
}

static void
d_my_controller(struct parser *p, int argc, char **argv)
{
	struct policy_zone *z = &p->c->policy.zone;

	(void)argc;
	add_map(p, z->my_controllers, &z->n_my_controllers, argv[0], argv[1],
	    "mud-my-controller");
}

static void
d_remediation(struct parser *p, int argc, char **argv)
{
	struct policy_conf *pc = &p->c->policy;
	uint64_t port;

	(void)argc;
	if (strcmp(argv[1], "tcp") == 0)
		pc->zone.remediation_proto = 6;
	else if (strcmp(argv[1], "udp") == 0)
		pc->zone.remediation_proto = 17;
	else {
		perr(p, "quarantine-remediation wants tcp or udp, not '%s'",
		    argv[1]);
		return;
	}
	if (uint_arg(p, argv[2], 1, 65535, &port,
	        "quarantine-remediation "
	        "port") < 0)
		return;
	pc->zone.remediation_port = (uint16_t)port;
	pc->zone.remediation = 1;
	snprintf(pc->remediation_group, sizeof(pc->remediation_group), "%s",
	    argv[0]);
	pc->remediation_line = p->line;
}

static void
d_log_group(struct parser *p, int argc, char **argv)
{
	uint64_t v;

	(void)argc;
	if (uint_arg(p, argv[0], 1, 65535, &v, "policy-log-group") == 0)
		p->c->policy.zone.log_group = (unsigned)v;
}

static void
d_log_rate(struct parser *p, int argc, char **argv)
{
	uint64_t v;

	(void)argc;
	if (uint_arg(p, argv[0], 1, 10000, &v, "policy-log-rate") == 0)
		p->c->policy.zone.log_rate = (unsigned)v;
}

static void
d_counter_interval(struct parser *p, int argc, char **argv)
{
	uint64_t v;

	(void)argc;
	if (uint_arg(p, argv[0], 1, 3600, &v, "policy-counter-interval") == 0)
		p->c->policy.counter_interval = (unsigned)v;
}

/* "policy-dns-server ADDRESS" or "ADDRESS:PORT" ("[v6]:port"). */
static void
d_dns_server(struct parser *p, int argc, char **argv)
{
	struct policy_conf *pc = &p->c->policy;
	struct ipaddr a;
	char hp[96];

	(void)argc;
	/* A bare address means port 53. */
	if (ipaddr_parse(argv[0], &a) == 0)
		snprintf(hp, sizeof(hp),
		    a.family == AF_INET6 ? "[%s]:53" : "%s:53", argv[0]);
	else
		snprintf(hp, sizeof(hp), "%s", argv[0]);
	if (strlen(argv[0]) >= 80 ||
	    hostport_parse(hp, &pc->dns_server, &pc->dns_server_len) < 0) {
		perr(p, "policy-dns-server wants an address such as 192.0.2.53, "
			"192.0.2.53:5353 or [2001:db8::53]:53, not '%s'",
		    argv[0]);
		pc->dns_server_len = 0;
	}
}

static void
d_dns_min_ttl(struct parser *p, int argc, char **argv)
{
	uint64_t v;

	(void)argc;
	if (uint_arg(p, argv[0], 1, 86400, &v, "policy-dns-min-ttl") == 0)
		p->c->policy.dns_min_ttl = (unsigned)v;
}

static void
d_dns_max_ttl(struct parser *p, int argc, char **argv)
{
	uint64_t v;

	(void)argc;
	if (uint_arg(p, argv[0], 1, 604800, &v, "policy-dns-max-ttl") == 0)
		p->c->policy.dns_max_ttl = (unsigned)v;
}

static void
d_dns_grace(struct parser *p, int argc, char **argv)
{
	uint64_t v;

	(void)argc;
	if (uint_arg(p, argv[0], 0, 86400, &v, "policy-dns-grace") == 0)
		p->c->policy.dns_grace = (unsigned)v;
}

/* The events whose subject suffered the packet: a flow sent to it
 * (inbound_violation), its address forged by another host
 * (spoofed_address), a flood aimed at it (flood_in). Acting on the subject would let anyone get a
 * device cut off. */
static int
victim_subject(const char *type)
{
	return strcmp(type, "inbound_violation") == 0 ||
	       strcmp(type, "spoofed_address") == 0 ||
	       strcmp(type, "flood_in") == 0;
}

/* "respond TYPE quarantine|disconnect|alert [profile NAME]": an event type
 * is a lower case word with underscores, as the roles name them. */
static void
d_respond(struct parser *p, int argc, char **argv)
{
	static const char *const names[] = {
	    [RESPONSE_ALERT] = "alert",
	    [RESPONSE_DISCONNECT] = "disconnect",
	    [RESPONSE_QUARANTINE] = "quarantine",
	};
	struct policy_conf *pc = &p->c->policy;
	struct response_rule *r;
	size_t n = strspn(argv[0], "abcdefghijklmnopqrstuvwxyz_");
	const char *profile = "";

	if (n == 0 || argv[0][n] != '\0' || n >= sizeof(pc->responses[0].type)) {
		perr(p, "respond: '%s' is not an event type (lower case and _, "
			"such as policy_violation)", argv[0]);
		return;
	}
	if (argc == 4 && strcmp(argv[2], "profile") == 0 && argv[3][0] != '\0' &&
	    strlen(argv[3]) < sizeof(pc->responses[0].profile))
		profile = argv[3];
	else if (argc != 2) {
		perr(p, "respond TYPE ACTION takes only 'profile NAME' after it");
		return;
	}
	for (size_t i = 0; i < pc->n_responses; i++)
		if (strcmp(pc->responses[i].type, argv[0]) == 0 &&
		    strcmp(pc->responses[i].profile, profile) == 0) {
			perr(p, "respond: %s already has a response%s%s", argv[0],
			    *profile ? " for profile " : "", profile);
			return;
		}
	if (pc->n_responses == RESPONSES_MAX) {
		perr(p, "at most %d respond lines", RESPONSES_MAX);
		return;
	}
	for (size_t a = 0; a < sizeof(names) / sizeof(names[0]); a++) {
		if (strcmp(argv[1], names[a]) != 0)
			continue;
		if (a != RESPONSE_ALERT && victim_subject(argv[0])) {
			perr(p, "respond: a %s event's subject is the device "
				"it concerns as a target, not as the culprit; "
				"it can only alert",
			    argv[0]);
			return;
		}
		r = &pc->responses[pc->n_responses++];
		snprintf(r->type, sizeof(r->type), "%s", argv[0]);
		snprintf(r->profile, sizeof(r->profile), "%s", profile);
		r->action = (enum response_action)a;
		return;
	}
	perr(p, "respond wants quarantine, disconnect or alert, not '%s'",
	    argv[1]);
}

const struct directive config_policy_directives[] = {
    {"enforce", 1, 1, 0, d_enforce},
    {"local-network", 1, 1, 1, d_local},
    {"server-group", 2, MAX_ARGS, 1, d_group},
    {"mud-controller", 2, 2, 1, d_controller},
    {"mud-my-controller", 2, 2, 1, d_my_controller},
    {"quarantine-remediation", 3, 3, 0, d_remediation},
    {"policy-log-group", 1, 1, 0, d_log_group},
    {"policy-log-rate", 1, 1, 0, d_log_rate},
    {"policy-counter-interval", 1, 1, 0, d_counter_interval},
    {"policy-dns-server", 1, 1, 0, d_dns_server},
    {"policy-dns-min-ttl", 1, 1, 0, d_dns_min_ttl},
    {"policy-dns-max-ttl", 1, 1, 0, d_dns_max_ttl},
    {"policy-dns-grace", 1, 1, 0, d_dns_grace},
    {"respond", 2, 4, 1, d_respond},
    {NULL, 0, 0, 0, NULL},
};

/* Resolve group references, and take the device zone from the
 * device-network lines. */
void
config_policy_finish(struct parser *p)
{
	struct policy_conf *pc = &p->c->policy;
	struct policy_zone *z = &pc->zone;
	unsigned saved = p->line;
	int g;

	for (size_t i = 0; i < pc->n_refs; i++) {
		struct policy_map *m =
		    pc->refs[i].my ? &z->my_controllers[pc->refs[i].index]
		                   : &z->controllers[pc->refs[i].index];

		g = policy_group_find(z, pc->refs[i].group);
		p->line = pc->refs[i].line;
		if (g < 0)
			perr(
			    p, "no server-group named '%s'", pc->refs[i].group);
		else
			m->group = (unsigned)g;
	}
	if (z->remediation) {
		g = policy_group_find(z, pc->remediation_group);
		p->line = pc->remediation_line;
		if (g < 0)
			perr(p, "no server-group named '%s'",
			    pc->remediation_group);
		else
			z->remediation_group = (unsigned)g;
	}
	p->line = saved;
	if (pc->dns_min_ttl > pc->dns_max_ttl)
		perr(p, "policy-dns-min-ttl (%u) is above policy-dns-max-ttl (%u)",
		    pc->dns_min_ttl, pc->dns_max_ttl);
	z->n_devnets = 0;
	for (size_t i = 0; i < p->c->n_networks && i < POLICY_NETS_MAX; i++)
		z->devnets[z->n_devnets++] = p->c->networks[i];
}
