/*
 * The addresses of the profiles' DNS names, as the resolver role finds
 * them: per name, each address until its TTL (plus a grace) has passed
 * since the last answer that held it. Pure: the enforcer feeds it answers
 * and applies the scripts it writes. Addresses are kept across answers,
 * so that a device that resolved a name a little earlier, or got another
 * part of a round-robin answer, still reaches what it was given.
 */
#ifndef AIRLOCK_POLICY_DNS_H
#define AIRLOCK_POLICY_DNS_H

#include <stddef.h>
#include <time.h>

#include "policy/policy.h"

#define POLICY_DNS_KEEP_MAX 128 /* addresses per name, both families */

struct policy_dns;

/* NULL when memory runs out. */
struct policy_dns *policy_dns_new(void);
/* A copy, to rebind to a plan that may yet fail; NULL on memory. */
struct policy_dns *policy_dns_copy(const struct policy_dns *d);
void policy_dns_free(struct policy_dns *d);

/* Follow a new plan's names (numbered as its sets n<i>_4/6): a name that
 * stays keeps its addresses, the others' are forgotten. 0 or -1 (memory;
 * then every name is forgotten). */
int policy_dns_rebind(struct policy_dns *d, const struct policy_plan *pl);

/* Whether a DNS name may stand for address a: not in the device zone nor
 * a local network (devices reach those by their own ACEs, not by a name a
 * DNS server controls), nor loopback, unspecified, link-local, multicast,
 * reserved or broadcast. */
int policy_dns_usable(const struct policy_zone *z, const struct ipaddr *a);

/* An answer for name: its addresses of family (AF_INET or AF_INET6), each
 * valid until now + keep, and the name marked for the next
 * policy_dns_script_marked(). Addresses of that family the answer lacks
 * stay until their own time. Returns the name's index in the plan, or -1
 * when no profile uses the name (any more). */
int policy_dns_merge(struct policy_dns *d, const char *name, int family,
    const struct ipaddr *addrs, size_t n, unsigned keep, time_t now);

/* The script that sets name i's sets to its live addresses, each with
 * the rest of its time as the element's timeout (so that the kernel drops
 * it even if airlockd is gone). Appended to out; 0 or -1. */
int policy_dns_script(const struct policy_dns *d, const struct policy_plan *pl,
    size_t i, time_t now, struct obuf *out);

/* The scripts of every marked name, one after the other (one
 * transaction), and the marks cleared. Returns how many names, or -1. */
int policy_dns_script_marked(struct policy_dns *d,
    const struct policy_plan *pl, time_t now, struct obuf *out);

/* Live addresses of name i. */
size_t policy_dns_live(const struct policy_dns *d, size_t i, time_t now);

#endif
