/*
 * IMEI binding rules, pure: the names of the binding policies and match
 * rules, whether the IMEI a NAS reports is the device a SIM is bound to,
 * and the state of a binding as the API shows it. Shared by the API and the
 * radius role, so that both judge a device the same way.
 */
#ifndef AIRLOCK_IMEI_H
#define AIRLOCK_IMEI_H

#include <stdint.h>

#include "registry/sim.h"

/* Digits compared by each match rule: TAC and serial number (the check
 * digit of an IMEI and the version of an IMEISV are not the device's), or
 * the TAC (the model) alone. */
#define IMEI_MATCH_FULL_DIGITS 14
#define IMEI_MATCH_TAC_DIGITS 8

enum imei_status {
	IMEI_STATUS_OFF,      /* no binding is enforced */
	IMEI_STATUS_UNBOUND,  /* learning, nothing learned yet */
	IMEI_STATUS_BOUND,    /* bound; the last attach agrees, or none yet */
	IMEI_STATUS_MISMATCH, /* bound; the last attach was another device */
	IMEI_STATUS_UNKNOWN,  /* bound; attaches reported no IMEISV */
};

/* 0, or -1 when s names no policy (match rule). */
int imei_policy_parse(const char *s, enum imei_policy *out);
int imei_match_parse(const char *s, enum imei_match *out);

/* 1 when seen (an IMEI or IMEISV from the NAS) is the device that bound
 * (an IMEI, an IMEISV or a bare TAC, which is compared as a TAC under
 * either rule) names, by the rule match; 0 when it is another, and also
 * when either is too short or not digits, since then nothing shows it is
 * the same device. */
int imei_matches(const char *bound, const char *seen, enum imei_match match);

/* The state of a binding from what the store holds: the effective policy
 * and rule, the bound IMEI and the last one reported ("" when none), and
 * when the SIM last attached (0: never). */
enum imei_status imei_binding_status(enum imei_policy policy,
    enum imei_match match, const char *bound, const char *last,
    int64_t last_seen);
/* "off", "unbound", "bound", "mismatch", "imei_unknown". */
const char *imei_status_name(enum imei_status s);

#endif
