/*
 * The airlock's policy: the zone (from the configuration), the profiles
 * (MUD documents) and the endpoints (every SIM and LAN device with an
 * address), compiled into one nftables table. Pure: text in, text out;
 * policy_apply.c is what talks to the kernel.
 *
 * The per-packet cost does not depend on the number of endpoints: an
 * endpoint is an element of one data map (its address → its profile's
 * number) and of a few sets; a profile is up to a pair of chains per
 * family, as long as its ACEs, reached from its number through two small
 * verdict maps (a direction and family without ACEs shares the deny-all
 * chain). See docs/internals/policy.md.
 */
#ifndef AIRLOCK_POLICY_H
#define AIRLOCK_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "common/addr.h"
#include "common/obuf.h"
#include "policy/mud.h"

#define POLICY_NETS_MAX 64   /* per list: as many as device-network */
#define POLICY_GROUPS_MAX 64 /* named groups of customer servers */
#define POLICY_GROUP_NETS_MAX 32
#define POLICY_MAPS_MAX 64 /* controller and my-controller mappings */
#define POLICY_TABLE "airlock"
#define POLICY_NO_PROFILE UINT32_MAX

struct policy_group {
	char name[32];
	size_t n;
	struct cidr nets[POLICY_GROUP_NETS_MAX];
};

/* A MUD controller URI, or a MUD URL for my-controller, to a group. */
struct policy_map {
	char key[MUD_URL_MAX];
	unsigned group;
};

struct policy_zone {
	size_t n_devnets; /* the device zone: the config's device-network */
	struct cidr devnets[POLICY_NETS_MAX];
	size_t n_local; /* local-networks */
	struct cidr local[POLICY_NETS_MAX];
	size_t n_groups;
	struct policy_group groups[POLICY_GROUPS_MAX];
	size_t n_controllers;
	struct policy_map controllers[POLICY_MAPS_MAX];
	size_t n_my_controllers;
	struct policy_map my_controllers[POLICY_MAPS_MAX];
	int remediation; /* a quarantined endpoint may keep a flow */
	unsigned remediation_group;
	int remediation_proto; /* 6 or 17 */
	uint16_t remediation_port;
	unsigned log_group; /* NFLOG group of violations and unknowns */
	unsigned log_rate;  /* log lines per second, per rule */
};

struct policy_profile {
	char name[64];
	const struct mud_policy *mud; /* NULL: deny-all; borrowed */
};

enum policy_cut {
	POLICY_OPEN,
	POLICY_QUARANTINE,             /* nothing in or out */
	POLICY_QUARANTINE_REMEDIATION, /* but the remediation flow */
};

struct policy_endpoint {
	struct ipaddr addr;
	uint32_t profile; /* index in the plan's profiles, or
	                     POLICY_NO_PROFILE: deny-all */
	enum policy_cut cut;
	/* The link-layer address the endpoint must send from (a LAN device's
	 * registered MAC): its address from any other is spoofed. */
	uint8_t has_mac;
	uint8_t mac[6];
};

/* A group's index by name, or -1. */
int policy_group_find(const struct policy_zone *z, const char *name);

/* Whether the zone can enforce a profile: every controller and
 * my-controller mapped to a group, every ACE's family and remote
 * supported. Problems go to errs with the ACE's path; returns their
 * count. */
int policy_check(const struct policy_zone *z, const struct mud_policy *m,
    struct mud_errors *errs);

/*
 * A plan: the zone and the profiles, with the names of every chain and set
 * fixed, so that endpoints can be compiled one at a time against it.
 * Profiles are borrowed and must outlive the plan; they are sorted by
 * name. NULL when memory runs out. The caller frees it.
 */
struct policy_plan *policy_plan_new(const struct policy_zone *z,
    const struct policy_profile *profiles, size_t n);
void policy_plan_free(struct policy_plan *pl);
/* The index of a profile by name, or POLICY_NO_PROFILE. */
uint32_t policy_plan_profile(const struct policy_plan *pl, const char *name);

/* The DNS names the plan's ACEs use; set i of family 4 or 6 is filled
 * by policy_nft_dns(). */
size_t policy_plan_dns_count(const struct policy_plan *pl);
const char *policy_plan_dns_name(const struct policy_plan *pl, size_t i);

/*
 * The whole table as one nft script that replaces any previous one in a
 * single transaction. With elements 0 the sets and maps are left empty:
 * the skeleton, which a dry run checks against the running kernel.
 * Returns 0 or -1 when out runs out of memory.
 */
int policy_nft_full(const struct policy_plan *pl,
    const struct policy_endpoint *eps, size_t n, int elements,
    struct obuf *out);

/* The elements of one endpoint, added (add 1) or deleted (add 0): the
 * script of an incremental change. */
int policy_nft_endpoint(const struct policy_plan *pl,
    const struct policy_endpoint *ep, int add, struct obuf *out);

/* Only the quarantine of an endpoint changed (from was to ep->cut): the
 * script that moves it between the sets q and qr, and touches nothing
 * else. */
int policy_nft_cut(const struct policy_endpoint *ep, enum policy_cut was,
    struct obuf *out);

/* An address of a DNS name, and the seconds it stays. */
struct policy_dns_addr {
	struct ipaddr addr;
	unsigned timeout;
};

/* The addresses of DNS name i, both families: replaces the elements of
 * its sets n<i>_4 and n<i>_6 (policy_dns.h keeps them). */
int policy_nft_dns(const struct policy_plan *pl, size_t i,
    const struct policy_dns_addr *a, size_t n, struct obuf *out);

/*
 * Compare a compiled script (expected) with the kernel's stateless
 * listing of the table: lines "- BLOCK: LINE" for what the kernel lacks,
 * "+ BLOCK: LINE" for what it has and should not, into out. Returns the
 * number of differences, or -1 when memory runs out.
 */
int policy_diff(const char *expected, const char *listed, struct obuf *out);

/* The elements of a counter set's listing (`nft list set`): cb gets each
 * address and its packet count; a non-zero return stops. Returns that,
 * 0, or -1 when memory runs out. */
typedef int (*policy_counter_cb)(void *arg, const struct ipaddr *a,
    uint64_t packets);
int policy_counters_parse(const char *listing, policy_counter_cb cb,
    void *arg);

#endif
