/*
 * The golden driver of the policy compiler: one case file in, the nft
 * script (or the errors that refuse a profile) out, which ctest compares
 * with the case's .nft file. A case file has sections:
 *
 *   [config]            airlockd.conf lines: the zone
 *   [profile NAME]      a MUD document (JSON)
 *   [endpoints]         "ADDRESS PROFILE|- open|quarantine|remediation
 *                        [MAC]" (a MAC binds the address to it)
 *
 * and "#" comments outside the profiles. Usage: policy_golden CASE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/config.h"
#include "policy/policy.h"

#define PROFILES_MAX 32
#define ENDPOINTS_MAX 256
#define SECTION_MAX (256 * 1024)

struct golden {
	struct config cfg;
	char config[SECTION_MAX];
	size_t nprof;
	char names[PROFILES_MAX][64];
	char docs[PROFILES_MAX][SECTION_MAX / 4];
	struct mud_policy *muds[PROFILES_MAX];
	char endpoints[SECTION_MAX];
};

static void
config_error(void *arg, const char *file, unsigned line, const char *msg)
{
	(void)arg;
	printf("config %s:%u: %s\n", file, line, msg);
}

static void
append(char *dst, size_t cap, const char *line)
{
	size_t n = strlen(dst);

	if (n + strlen(line) + 1 >= cap) {
		fprintf(stderr, "policy_golden: a section is too long\n");
		exit(2);
	}
	strcat(dst + n, line);
}

/* Cut the case file into its sections. */
static void
read_case(struct golden *g, FILE *f)
{
	char line[4096];
	char *section = NULL;
	size_t cap = 0;

	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, "[config]", 8) == 0) {
			section = g->config;
			cap = sizeof(g->config);
		} else if (strncmp(line, "[endpoints]", 11) == 0) {
			section = g->endpoints;
			cap = sizeof(g->endpoints);
		} else if (strncmp(line, "[profile ", 9) == 0) {
			if (g->nprof == PROFILES_MAX)
				exit(2);
			sscanf(line + 9, "%63[^]]", g->names[g->nprof]);
			section = g->docs[g->nprof++];
			cap = sizeof(g->docs[0]);
		} else if (section != NULL &&
		           (line[0] != '#' || section != g->config)) {
			append(section, cap, line);
		}
	}
}

/* Parse and check each profile; print the refusals. Returns how many
 * were refused. */
static int
load_profiles(struct golden *g, struct policy_profile *out)
{
	struct mud_errors errs;
	int refused = 0;

	for (size_t i = 0; i < g->nprof; i++) {
		g->muds[i] = mud_parse(g->docs[i], strlen(g->docs[i]), &errs);
		if (g->muds[i] != NULL &&
		    policy_check(&g->cfg.policy.zone, g->muds[i], &errs) == 0) {
			snprintf(out[i].name, sizeof(out[i].name), "%s",
			    g->names[i]);
			out[i].mud = g->muds[i];
			continue;
		}
		printf("profile %s refused, %u errors:\n", g->names[i],
		    errs.total);
		for (unsigned e = 0; e < errs.n; e++)
			printf("  %s: %s\n", errs.e[e].path, errs.e[e].msg);
		refused++;
	}
	return refused;
}

static enum policy_cut
cut_of(const char *s)
{
	if (strcmp(s, "quarantine") == 0)
		return POLICY_QUARANTINE;
	if (strcmp(s, "remediation") == 0)
		return POLICY_QUARANTINE_REMEDIATION;
	return POLICY_OPEN;
}

static size_t
load_endpoints(
    struct golden *g, const struct policy_plan *pl, struct policy_endpoint *eps)
{
	char addr[64], prof[64], cut[32], mac[32], *save = NULL;
	unsigned m[6];
	size_t n = 0;
	int fields;

	for (char *l = strtok_r(g->endpoints, "\n", &save); l != NULL;
	     l = strtok_r(NULL, "\n", &save)) {
		if (l[0] == '#' || n == ENDPOINTS_MAX)
			continue;
		fields = sscanf(l, "%63s %63s %31s %31s", addr, prof, cut, mac);
		if (fields < 3)
			continue;
		memset(&eps[n], 0, sizeof(eps[n]));
		if (ipaddr_parse(addr, &eps[n].addr) < 0) {
			printf("endpoint %s: not an address\n", addr);
			continue;
		}
		eps[n].profile = policy_plan_profile(pl, prof);
		eps[n].cut = cut_of(cut);
		if (fields == 4) {
			if (sscanf(mac, "%2x:%2x:%2x:%2x:%2x:%2x", &m[0], &m[1],
			        &m[2], &m[3], &m[4], &m[5]) != 6) {
				printf("endpoint %s: %s is not a MAC\n", addr,
				    mac);
				continue;
			}
			for (int i = 0; i < 6; i++)
				eps[n].mac[i] = (uint8_t)m[i];
			eps[n].has_mac = 1;
		}
		n++;
	}
	return n;
}

int
main(int argc, char **argv)
{
	static struct golden g;
	static struct policy_profile profiles[PROFILES_MAX];
	static struct policy_endpoint eps[ENDPOINTS_MAX];
	struct policy_plan *pl;
	struct obuf out;
	FILE *f;
	size_t n;

	f = argc == 2 ? fopen(argv[1], "r") : NULL;
	if (f == NULL) {
		fprintf(stderr, "usage: policy_golden CASE\n");
		return 2;
	}
	read_case(&g, f);
	fclose(f);
	config_defaults(&g.cfg);
	if (config_parse(&g.cfg, g.config, strlen(g.config), "config",
	        config_error, NULL) > 0 ||
	    load_profiles(&g, profiles) > 0)
		return 0;
	pl = policy_plan_new(&g.cfg.policy.zone, profiles, g.nprof);
	if (pl == NULL)
		return 2;
	n = load_endpoints(&g, pl, eps);
	obuf_init(&out, 64u << 20);
	if (policy_nft_full(pl, eps, n, 1, &out) < 0)
		return 2;
	fwrite(out.data, 1, out.len, stdout);
	for (size_t i = 0; i < n; i++) {
		printf("# endpoint %zu, incremental:\n", i);
		obuf_clear(&out);
		policy_nft_endpoint(pl, &eps[i], 1, &out);
		fwrite(out.data, 1, out.len, stdout);
	}
	obuf_reset(&out);
	policy_plan_free(pl);
	for (size_t i = 0; i < g.nprof; i++)
		mud_policy_free(g.muds[i]);
	return 0;
}
