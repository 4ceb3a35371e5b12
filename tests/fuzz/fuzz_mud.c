/*
 * A MUD document as a profile upload brings it: parse it, and check the
 * parser's promises. A policy comes with no error, at most MUD_ACES_MAX
 * ACEs, every string terminated, every field in its range (a family of 4
 * or 6, ranges with lo <= hi, a network of the ACE's family) and the
 * text the remote kind needs. A refusal comes with at least one error,
 * the first MUD_ERRORS_MAX of them kept, each terminated and printable.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "policy/mud.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TERMINATED(a) (memchr((a), '\0', sizeof(a)) != NULL)

static void
check_str(const char *s, size_t sz, int nonempty)
{
	const char *nul = memchr(s, '\0', sz);

	if (nul == NULL || (nonempty && nul == s))
		abort();
}

static void
check_ports(const struct mud_ports *p, const struct mud_ace *a)
{
	if (p->op != MUD_PORT_ANY && p->op != MUD_PORT_RANGE &&
	    p->op != MUD_PORT_NEQ)
		abort();
	if (p->op == MUD_PORT_RANGE && p->lo > p->hi)
		abort();
	if (p->op == MUD_PORT_NEQ && p->lo != p->hi)
		abort();
	/* Ports only with tcp or udp. */
	if (p->op != MUD_PORT_ANY && a->protocol != 6 && a->protocol != 17)
		abort();
}

static void
check_remote(const struct mud_ace *a)
{
	int af = a->family == 4 ? AF_INET : AF_INET6;

	switch (a->remote) {
	case MUD_REMOTE_NETWORK:
		if (a->network.net.family != af ||
		    a->network.prefix > (af == AF_INET ? 32 : 128))
			abort();
		break;
	case MUD_REMOTE_DNSNAME:
	case MUD_REMOTE_CONTROLLER:
	case MUD_REMOTE_MANUFACTURER:
	case MUD_REMOTE_MODEL:
		check_str(a->text, sizeof(a->text), 1);
		break;
	case MUD_REMOTE_ANY:
	case MUD_REMOTE_MY_CONTROLLER:
	case MUD_REMOTE_LOCAL:
	case MUD_REMOTE_SAME_MFG:
		break;
	default:
		abort();
	}
}

static void
check_ace(const struct mud_policy *p, unsigned i, int *to_seen)
{
	const struct mud_ace *a = &p->aces[i];
	char path[192];

	check_str(a->acl, sizeof(a->acl), 1);
	check_str(a->name, sizeof(a->name), 1);
	check_str(a->text, sizeof(a->text), 0);
	if (a->family != 4 && a->family != 6)
		abort();
	if (a->dir != MUD_FROM_DEVICE && a->dir != MUD_TO_DEVICE)
		abort();
	/* From-device first, then to-device. */
	if (a->dir == MUD_TO_DEVICE)
		*to_seen = 1;
	else if (*to_seen)
		abort();
	if (a->protocol < -1 || a->protocol > 255)
		abort();
	if (a->icmp_type < -1 || a->icmp_type > 255 || a->icmp_code < -1 ||
	    a->icmp_code > 255)
		abort();
	if ((a->icmp_type != -1 || a->icmp_code != -1) && a->protocol != 1 &&
	    a->protocol != 58)
		abort();
	if (a->initiated != MUD_INIT_EITHER && a->protocol != 6)
		abort();
	if (a->action != MUD_ACCEPT && a->action != MUD_DROP &&
	    a->action != MUD_REJECT)
		abort();
	check_ports(&a->sport, a);
	check_ports(&a->dport, a);
	check_remote(a);
	mud_ace_path(p, i, path, sizeof(path));
	if (strncmp(path, "ietf-access-control-list:acls.acl[", 34) != 0)
		abort();
}

static void
check_policy(const struct mud_policy *p, const struct mud_errors *errs)
{
	int to_seen = 0;

	if (errs->total != 0 || errs->n != 0 || p->naces > MUD_ACES_MAX)
		abort();
	check_str(p->url, sizeof(p->url), 1);
	check_str(p->authority, sizeof(p->authority), 1);
	check_str(p->systeminfo, sizeof(p->systeminfo), 0);
	if (strncasecmp(p->url, "https://", 8) != 0)
		abort();
	for (unsigned i = 0; i < p->naces; i++)
		check_ace(p, i, &to_seen);
}

static void
check_errors(const struct mud_errors *errs)
{
	unsigned want;

	if (errs->total == 0)
		abort();
	want = errs->total < MUD_ERRORS_MAX ? errs->total : MUD_ERRORS_MAX;
	if (errs->n != want)
		abort();
	for (unsigned i = 0; i < errs->n; i++) {
		const struct mud_error *e = &errs->e[i];

		if (!TERMINATED(e->path) || !TERMINATED(e->msg) ||
		    e->msg[0] == '\0')
			abort();
		for (const char *s = e->msg; *s != '\0'; s++)
			if (*s < 0x20 || *s > 0x7e)
				abort();
		for (const char *s = e->path; *s != '\0'; s++)
			if (*s < 0x20 || *s > 0x7e)
				abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mud_errors errs;
	struct mud_policy *p;

	memset(&errs, 0xa5, sizeof(errs)); /* mud_parse must reset it */
	p = mud_parse((const char *)data, size, &errs);
	if (p != NULL)
		check_policy(p, &errs);
	else
		check_errors(&errs);
	mud_policy_free(p);
	return 0;
}
