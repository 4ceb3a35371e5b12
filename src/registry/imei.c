#include "registry/imei.h"

#include <string.h>

static const char *const status_names[] = {
    "off", "unbound", "bound", "mismatch", "imei_unknown"};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

int
imei_policy_parse(const char *s, enum imei_policy *out)
{
	int p;

	for (p = IMEI_POLICY_OFF; p <= IMEI_POLICY_FIXED; p++) {
		if (strcmp(s, imei_policy_name((enum imei_policy)p)) == 0) {
			*out = (enum imei_policy)p;
			return 0;
		}
	}
	return -1;
}

int
imei_match_parse(const char *s, enum imei_match *out)
{
	int m;

	for (m = IMEI_MATCH_FULL; m <= IMEI_MATCH_TAC; m++) {
		if (strcmp(s, imei_match_name((enum imei_match)m)) == 0) {
			*out = (enum imei_match)m;
			return 0;
		}
	}
	return -1;
}

/* Whether s starts with n digits. */
static int
digits(const char *s, size_t n)
{
	return strnlen(s, n) == n && strspn(s, "0123456789") >= n;
}

/* A bare TAC bound can only be compared as a TAC, whatever the rule says
 * (sim_check() refuses that pairing, but the radius role reads the store
 * as it is and judges so too). */
int
imei_matches(const char *bound, const char *seen, enum imei_match match)
{
	size_t n = IMEI_MATCH_FULL_DIGITS;

	if (match == IMEI_MATCH_TAC || strlen(bound) == IMEI_MATCH_TAC_DIGITS)
		n = IMEI_MATCH_TAC_DIGITS;

	if (!digits(bound, n) || !digits(seen, n))
		return 0;
	return memcmp(bound, seen, n) == 0;
}

/*
 * A fixed policy without an IMEI cannot be stored (sim_check), so it reads
 * as unbound rather than as a state of its own. The last IMEI is kept when
 * an attach reports none, so "imei_unknown" means that no attach of this
 * SIM has ever carried an IMEISV.
 */
enum imei_status
imei_binding_status(enum imei_policy policy, enum imei_match match,
    const char *bound, const char *last, int64_t last_seen)
{
	if (policy == IMEI_POLICY_OFF)
		return IMEI_STATUS_OFF;
	if (bound[0] == '\0')
		return IMEI_STATUS_UNBOUND;
	if (last[0] == '\0')
		return last_seen != 0 ? IMEI_STATUS_UNKNOWN : IMEI_STATUS_BOUND;
	return imei_matches(bound, last, match) ? IMEI_STATUS_BOUND
	                                        : IMEI_STATUS_MISMATCH;
}

const char *
imei_status_name(enum imei_status s)
{
	return (unsigned)s < NELEM(status_names) ? status_names[s] : "unknown";
}
