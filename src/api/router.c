/*
 * The route table. Order matters only where a literal segment and "{}" could
 * both match ("/sims/import" before "/sims/{}"); matching is a linear scan,
 * which at two dozen routes costs less than hashing the path.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"

#define P API_PREFIX

const struct route api_routes[] = {
    {"GET", "/healthz", ROLE_NONE, BODY_NONE, route_healthz},
    {"GET", "/metrics", ROLE_VIEWER, BODY_NONE, route_metrics},
    {"GET", P "/whoami", ROLE_VIEWER, BODY_NONE, route_whoami},
    {"GET", P "/sims", ROLE_VIEWER, BODY_NONE, route_sim_list},
    {"POST", P "/sims", ROLE_OPERATOR, BODY_JSON, route_sim_create},
    {"POST", P "/sims/import", ROLE_OPERATOR, BODY_IMPORT, route_sim_import},
    {"GET", P "/sims/{}", ROLE_VIEWER, BODY_NONE, route_sim_get},
    {"PATCH", P "/sims/{}", ROLE_OPERATOR, BODY_JSON, route_sim_patch},
    {"DELETE", P "/sims/{}", ROLE_ADMIN, BODY_NONE, route_sim_delete},
    {"POST", P "/sims/{}/state", ROLE_OPERATOR, BODY_JSON, route_sim_state},
    {"GET", P "/sims/{}/usage", ROLE_VIEWER, BODY_NONE, route_sim_usage},
    {"GET", P "/sims/{}/exposure", ROLE_VIEWER, BODY_NONE,
	route_sim_exposure},
    {"GET", P "/sims/{}/findings", ROLE_VIEWER, BODY_NONE,
	route_sim_findings},
    {"GET", P "/sims/{}/binding", ROLE_VIEWER, BODY_NONE, route_sim_binding},
    {"POST", P "/sims/{}/binding/reset", ROLE_OPERATOR, BODY_JSON,
        route_sim_binding_reset},
    {"POST", P "/sims/{}/binding/relearn", ROLE_OPERATOR, BODY_JSON,
        route_sim_binding_relearn},
    {"POST", P "/sims/{}/disconnect", ROLE_OPERATOR, BODY_JSON,
        route_sim_disconnect},
    {"GET", P "/sessions", ROLE_VIEWER, BODY_NONE, route_session_list},
    {"GET", P "/devices", ROLE_VIEWER, BODY_NONE, route_device_list},
    {"POST", P "/devices", ROLE_OPERATOR, BODY_JSON, route_device_create},
    {"GET", P "/devices/{}", ROLE_VIEWER, BODY_NONE, route_device_get},
    {"GET", P "/devices/{}/exposure", ROLE_VIEWER, BODY_NONE,
	route_device_exposure},
    {"GET", P "/devices/{}/findings", ROLE_VIEWER, BODY_NONE,
	route_device_findings},
    {"PATCH", P "/devices/{}", ROLE_OPERATOR, BODY_JSON, route_device_patch},
    {"DELETE", P "/devices/{}", ROLE_ADMIN, BODY_NONE, route_device_delete},
    {"POST", P "/devices/{}/quarantine", ROLE_OPERATOR, BODY_JSON,
	route_device_quarantine},
    {"POST", P "/devices/{}/release", ROLE_OPERATOR, BODY_JSON,
	route_device_release},
    {"GET", P "/profiles", ROLE_VIEWER, BODY_NONE, route_profile_list},
    {"GET", P "/profiles/{}", ROLE_VIEWER, BODY_NONE, route_profile_get},
    {"PUT", P "/profiles/{}", ROLE_OPERATOR, BODY_JSON, route_profile_put},
    {"DELETE", P "/profiles/{}", ROLE_ADMIN, BODY_NONE, route_profile_delete},
    {"GET", P "/events", ROLE_VIEWER, BODY_NONE, route_event_list},
    {"GET", P "/events/{}", ROLE_VIEWER, BODY_NONE, route_event_get},
    {"POST", P "/events/{}/ack", ROLE_OPERATOR, BODY_JSON, route_event_ack},
    {"GET", P "/scans", ROLE_VIEWER, BODY_NONE, route_scan_list},
    {"POST", P "/scans", ROLE_OPERATOR, BODY_JSON, route_scan_create},
    {"GET", P "/scans/{}", ROLE_VIEWER, BODY_NONE, route_scan_get},
    {"DELETE", P "/scans/{}", ROLE_OPERATOR, BODY_NONE, route_scan_cancel},
    {"GET", P "/findings", ROLE_VIEWER, BODY_NONE, route_finding_list},
    {"GET", P "/findings/summary", ROLE_VIEWER, BODY_NONE,
	route_finding_summary},
    {"GET", P "/audit", ROLE_VIEWER, BODY_NONE, route_audit_list},
    {"GET", P "/policy", ROLE_OPERATOR, BODY_NONE, route_policy_show},
    {"GET", P "/policy/diff", ROLE_OPERATOR, BODY_NONE, route_policy_diff},
    {"POST", P "/policy/apply", ROLE_OPERATOR, BODY_NONE,
	route_policy_apply},
    {"GET", P "/tokens", ROLE_ADMIN, BODY_NONE, route_token_list},
    {"POST", P "/tokens", ROLE_ADMIN, BODY_JSON, route_token_create},
    {"DELETE", P "/tokens/{}", ROLE_ADMIN, BODY_NONE, route_token_revoke},
};

const size_t api_nroutes = sizeof(api_routes) / sizeof(api_routes[0]);

/* Match path against pattern segment by segment, capturing "{}". */
static int
path_match(const char *pattern, const char *path, char params[2][128])
{
	size_t np = 0;

	while (*pattern != '\0' && *path != '\0') {
		if (pattern[0] == '{' && pattern[1] == '}') {
			size_t n = strcspn(path, "/");

			if (n == 0 || n >= 128 || np == 2)
				return 0;
			memcpy(params[np], path, n);
			params[np++][n] = '\0';
			pattern += 2;
			path += n;
			continue;
		}
		if (*pattern++ != *path++)
			return 0;
	}
	return *pattern == '\0' && *path == '\0';
}

const struct route *
router_match(const char *method, const char *path, char params[2][128],
    int *path_known, char *allow, size_t allowsz)
{
	size_t len = 0;

	*path_known = 0;
	allow[0] = '\0';
	for (size_t i = 0; i < api_nroutes; i++) {
		if (!path_match(api_routes[i].pattern, path, params))
			continue;
		if (strcmp(api_routes[i].method, method) == 0)
			return &api_routes[i];
		*path_known = 1;
		len += (size_t)snprintf(allow + len, allowsz - len, "%s%s",
		    len ? ", " : "", api_routes[i].method);
		if (len >= allowsz)
			len = allowsz - 1;
	}
	return NULL;
}
