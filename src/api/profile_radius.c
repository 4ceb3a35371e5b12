/*
 * A profile's RADIUS settings as the API reads and shows them:
 *
 *	"radius": {"imei_policy": "off"|"learn", "imei_match": "full"|"tac",
 *	    "imei_mismatch": "reject"|"alert"|null,
 *	    "session_timeout": seconds|null, "interim_interval": seconds|null}
 *
 * null is "the global setting in airlockd.conf". A profile may ask for
 * learning but not for a fixed IMEI: a fixed binding names one device, and
 * a profile is shared by many SIMs.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "registry/imei.h"

/* A year: longer sessions are not sessions. */
#define SESSION_TIMEOUT_MAX 31536000
/* Interim updates more often than a minute would flood the accounting
 * port of a large fleet; less often than a day leave usage stale. */
#define INTERIM_MIN 60
#define INTERIM_MAX 86400

static const char *const members[] = {"imei_policy", "imei_match",
    "imei_mismatch", "session_timeout", "interim_interval"};

void
profile_radius_defaults(struct profile_radius *r)
{
	r->imei_policy = IMEI_POLICY_OFF;
	r->imei_match = IMEI_MATCH_FULL;
	r->imei_mismatch_reject = -1;
	r->session_timeout = -1;
	r->interim_interval = -1;
}

static size_t
bad(struct field_errors *errs, const char *member, const char *msg)
{
	char field[24];

	snprintf(field, sizeof(field), "radius.%s", member);
	return (size_t)field_errors_add(errs, field, msg);
}

static int
known_member(const char *key)
{
	for (size_t i = 0; i < sizeof(members) / sizeof(members[0]); i++) {
		if (strcmp(key, members[i]) == 0)
			return 1;
	}
	return 0;
}

static size_t
parse_policy(
    const json_t *v, struct profile_radius *r, struct field_errors *errs)
{
	if (v == NULL || json_is_null(v))
		return 0;
	if (json_is_string(v) && strcmp(json_string_value(v), "fixed") == 0)
		return bad(errs, "imei_policy",
		    "a profile cannot fix an IMEI, which names one device: use "
		    "off or learn here, and imei_policy fixed with bound_imei "
		    "on the SIM");
	if (!json_is_string(v) ||
	    imei_policy_parse(json_string_value(v), &r->imei_policy) < 0)
		return bad(errs, "imei_policy", "must be off or learn");
	return 0;
}

static size_t
parse_match(
    const json_t *v, struct profile_radius *r, struct field_errors *errs)
{
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v) ||
	    imei_match_parse(json_string_value(v), &r->imei_match) < 0)
		return bad(errs, "imei_match", "must be full or tac");
	return 0;
}

static size_t
parse_mismatch(
    const json_t *v, struct profile_radius *r, struct field_errors *errs)
{
	const char *s = json_string_value(v);

	if (v == NULL || json_is_null(v))
		return 0;
	if (s != NULL && strcmp(s, "reject") == 0)
		r->imei_mismatch_reject = 1;
	else if (s != NULL && strcmp(s, "alert") == 0)
		r->imei_mismatch_reject = 0;
	else
		return bad(errs, "imei_mismatch",
		    "must be reject, alert or null (the global setting)");
	return 0;
}

/* A number of seconds in [min, max], or 0 when zero_ok; null leaves the
 * global setting (-1). */
static size_t
parse_seconds(const json_t *v, const char *member, json_int_t min,
    json_int_t max, int zero_ok, int64_t *out, struct field_errors *errs)
{
	char msg[96];
	json_int_t n;

	if (v == NULL || json_is_null(v))
		return 0;
	n = json_integer_value(v);
	if (!json_is_integer(v) ||
	    ((n < min || n > max) && !(zero_ok && n == 0))) {
		snprintf(msg, sizeof(msg),
		    "must be %s%lld to %lld seconds, or null (the global "
		    "setting)",
		    zero_ok ? "0 (none) or " : "", (long long)min,
		    (long long)max);
		return bad(errs, member, msg);
	}
	*out = n;
	return 0;
}

size_t
profile_radius_parse(
    const json_t *v, struct profile_radius *r, struct field_errors *errs)
{
	const char *key;
	json_t *m;
	size_t n = 0;

	profile_radius_defaults(r);
	if (!json_is_object(v))
		return (size_t)field_errors_add(errs, "radius",
		    "must be an object (or left out to keep the settings)");
	json_object_foreach((json_t *)v, key, m) {
		if (!known_member(key))
			n += bad(errs, key,
			    "is not a RADIUS setting; known: imei_policy, "
			    "imei_match, imei_mismatch, session_timeout, "
			    "interim_interval");
	}
	n += parse_policy(json_object_get(v, "imei_policy"), r, errs);
	n += parse_match(json_object_get(v, "imei_match"), r, errs);
	n += parse_mismatch(json_object_get(v, "imei_mismatch"), r, errs);
	n += parse_seconds(json_object_get(v, "session_timeout"),
	    "session_timeout", 0, SESSION_TIMEOUT_MAX, 0, &r->session_timeout,
	    errs);
	n += parse_seconds(json_object_get(v, "interim_interval"),
	    "interim_interval", INTERIM_MIN, INTERIM_MAX, 1,
	    &r->interim_interval, errs);
	return n;
}

static void
seconds_or_null(struct jsonw *w, const char *key, int64_t v)
{
	if (v < 0) {
		jsonw_key(w, key);
		jsonw_null(w);
	} else {
		jsonw_kint(w, key, v);
	}
}

void
profile_radius_write(struct jsonw *w, const struct profile_radius *r)
{
	jsonw_obj_open(w);
	jsonw_kstr(w, "imei_policy", imei_policy_name(r->imei_policy));
	jsonw_kstr(w, "imei_match", imei_match_name(r->imei_match));
	jsonw_key(w, "imei_mismatch");
	if (r->imei_mismatch_reject < 0)
		jsonw_null(w);
	else
		jsonw_str(w, r->imei_mismatch_reject ? "reject" : "alert");
	seconds_or_null(w, "session_timeout", r->session_timeout);
	seconds_or_null(w, "interim_interval", r->interim_interval);
	jsonw_obj_close(w);
}
