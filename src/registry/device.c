/*
 * Device records to and from JSON, and the rules of their fields. Pure:
 * used by the API and fuzzed on its own. The risk score and the last scan
 * belong to the scanner, so input may not set them.
 */
#include "registry/device.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "registry/validate.h"

static const char *const state_names[] = {"active", "quarantined"};

const char *
device_state_name(enum device_state s)
{
	return (unsigned)s < 2 ? state_names[s] : "unknown";
}

int
device_state_parse(const char *s, enum device_state *out)
{
	for (unsigned i = 0; i < 2; i++) {
		if (strcmp(s, state_names[i]) == 0) {
			*out = (enum device_state)i;
			return 0;
		}
	}
	return -1;
}

void
device_json_write(struct jsonw *w, const struct device *d)
{
	jsonw_obj_open(w);
	jsonw_kint(w, "id", d->id);
	jsonw_kstr(w, "name", d->name);
	jsonw_kstr_or_null(w, "sim", d->sim);
	jsonw_kstr_or_null(w, "mac", d->mac);
	jsonw_kstr_or_null(w, "ip", d->ip);
	jsonw_kstr(w, "vendor", d->vendor);
	jsonw_kstr(w, "model", d->model);
	jsonw_kstr(w, "firmware", d->firmware);
	jsonw_kstr_or_null(w, "profile", d->profile);
	jsonw_kstr(w, "state", device_state_name(d->state));
	jsonw_key(w, "risk_score");
	if (d->risk_score < 0)
		jsonw_null(w);
	else
		jsonw_int(w, d->risk_score);
	jsonw_ktime(w, "last_scan", d->last_scan);
	jsonw_ktime(w, "created", d->created);
	jsonw_ktime(w, "updated", d->updated);
	jsonw_obj_close(w);
}

/* aa:bb:cc:dd:ee:ff, '-' also accepted; written lower-case with ':'. */
static int
mac_parse(const char *s, char *out)
{
	for (int i = 0; i < 17; i++) {
		if (i % 3 == 2) {
			if (s[i] != ':' && s[i] != '-')
				return -1;
			out[i] = ':';
		} else if (isxdigit((unsigned char)s[i])) {
			out[i] = (char)tolower((unsigned char)s[i]);
		} else {
			return -1;
		}
	}
	out[17] = '\0';
	return s[17] == '\0' ? 0 : -1;
}

static void
set_ip(struct device *d, const char *v, const struct cidr *nets,
    size_t n_nets, struct field_errors *errs)
{
	struct ipaddr a;
	size_t i;

	if (ipaddr_parse(v, &a) < 0) {
		field_errors_add(errs, "ip", "is not an IPv4 or IPv6 address");
		return;
	}
	for (i = 0; i < n_nets; i++)
		if (cidr_contains(&nets[i], &a))
			break;
	if (i == n_nets)
		field_errors_add(errs, "ip", "is outside the configured device "
				      "networks");
	ipaddr_format(&a, d->ip, sizeof(d->ip));
}

/* Free-text fields: printable, at most 63 bytes. */
static void
set_text(char *dst, size_t dstsz, const char *field, const char *v,
    struct field_errors *errs)
{
	size_t n = strlen(v);

	for (size_t i = 0; i < n; i++) {
		if (!isprint((unsigned char)v[i]) && (unsigned char)v[i] < 0x80) {
			field_errors_add(errs, field, "holds a control character");
			return;
		}
	}
	if (n >= dstsz) {
		field_errors_add(errs, field, "is too long (at most 63 bytes)");
		return;
	}
	memcpy(dst, v, n + 1);
}

static void
set_member(struct device *d, const char *key, const char *v,
    const struct cidr *nets, size_t n_nets, struct field_errors *errs)
{
	const char *why;

	if (strcmp(key, "sim") == 0) {
		if (v[0] != '\0' && valid_iccid(v, &why) < 0)
			field_errors_add(errs, key, why);
		else
			snprintf(d->sim, sizeof(d->sim), "%s", v);
	} else if (strcmp(key, "mac") == 0) {
		if (v[0] == '\0')
			d->mac[0] = '\0';
		else if (mac_parse(v, d->mac) < 0)
			field_errors_add(errs, key, "must be a MAC address like "
					     "00:11:22:aa:bb:cc");
	} else if (strcmp(key, "ip") == 0) {
		if (v[0] == '\0')
			d->ip[0] = '\0';
		else
			set_ip(d, v, nets, n_nets, errs);
	} else if (strcmp(key, "profile") == 0) {
		if (v[0] != '\0' && valid_name(v, &why) < 0)
			field_errors_add(errs, key, why);
		else
			snprintf(d->profile, sizeof(d->profile), "%s", v);
	} else if (strcmp(key, "name") == 0) {
		set_text(d->name, sizeof(d->name), key, v, errs);
	} else if (strcmp(key, "vendor") == 0) {
		set_text(d->vendor, sizeof(d->vendor), key, v, errs);
	} else if (strcmp(key, "model") == 0) {
		set_text(d->model, sizeof(d->model), key, v, errs);
	} else if (strcmp(key, "firmware") == 0) {
		set_text(d->firmware, sizeof(d->firmware), key, v, errs);
	} else {
		field_errors_add(errs, key, "is not a device field; known fields: "
				     "name, sim, mac, ip, vendor, model, "
				     "firmware, profile");
	}
}

/* The state is read-only here: the same value back (a record that was
 * read, edited and sent again) passes; a change is refused. */
static void
check_state(const struct device *d, json_t *val, struct field_errors *errs)
{
	if (json_is_string(val) &&
	    strcmp(json_string_value(val), device_state_name(d->state)) == 0)
		return;
	field_errors_add(errs, "state", "is changed with POST .../quarantine "
	                                "or .../release, not here");
}

int
device_json_apply(struct device *d, json_t *obj, const struct cidr *nets,
    size_t n_nets, struct field_errors *errs)
{
	static const char *const read_only[] = {"id", "risk_score",
	    "last_scan", "created", "updated"};
	const char *key;
	json_t *val;
	size_t before = errs->n;

	if (!json_is_object(obj)) {
		field_errors_add(errs, "", "a device must be a JSON object");
		return 1;
	}
	json_object_foreach(obj, key, val) {
		size_t i;

		for (i = 0; i < 5 && strcmp(key, read_only[i]) != 0; i++)
			;
		if (i < 5)
			continue;
		if (strcmp(key, "state") == 0) {
			check_state(d, val, errs);
			continue;
		}
		if (json_is_null(val))
			set_member(d, key, "", nets, n_nets, errs);
		else if (json_is_string(val) && strlen(json_string_value(val))
		    == json_string_length(val))
			set_member(d, key, json_string_value(val), nets, n_nets,
			    errs);
		else
			field_errors_add(errs, key, "must be a string or null");
	}
	return (int)(errs->n - before);
}

