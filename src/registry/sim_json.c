#include "registry/sim_json.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

void
sim_json_labels(struct jsonw *w, const char *labels)
{
	const char *p = labels;

	jsonw_obj_open(w);
	while (*p != '\0') {
		size_t item = strcspn(p, ",");
		const char *eq = memchr(p, '=', item);
		char key[64];
		size_t kn;

		if (eq != NULL) {
			kn = (size_t)(eq - p);
			if (kn >= sizeof(key))
				kn = sizeof(key) - 1;
			memcpy(key, p, kn);
			key[kn] = '\0';
			jsonw_key(w, key);
			jsonw_strn(w, eq + 1, item - (size_t)(eq - p) - 1);
		}
		p += item;
		if (*p == ',')
			p++;
	}
	jsonw_obj_close(w);
}

void
sim_json_write(struct jsonw *w, const struct sim *s)
{
	jsonw_obj_open(w);
	jsonw_kstr(w, "iccid", s->iccid);
	jsonw_kstr_or_null(w, "imsi", s->imsi);
	jsonw_kstr_or_null(w, "msisdn", s->msisdn);
	jsonw_kstr_or_null(w, "apn", s->apn);
	jsonw_kstr_or_null(w, "static_ip", s->static_ip);
	jsonw_kstr(w, "state", sim_state_name(s->state));
	jsonw_kstr(w, "imei_policy", imei_policy_name(s->imei_policy));
	jsonw_kstr(w, "imei_match", imei_match_name(s->imei_match));
	jsonw_kstr_or_null(w, "bound_imei", s->bound_imei);
	jsonw_kuint(w, "data_limit", s->data_limit);
	jsonw_kstr_or_null(w, "profile", s->profile);
	jsonw_key(w, "labels");
	sim_json_labels(w, s->labels);
	jsonw_ktime(w, "created", s->created);
	jsonw_ktime(w, "updated", s->updated);
	jsonw_ktime(w, "last_seen", s->last_seen);
	jsonw_obj_close(w);
}

/* {"k": "v", ...} into the "k=v,k=v" text that sim_set_field checks. */
static int
labels_text(json_t *obj, char *out, size_t outsz, const char **why)
{
	const char *key;
	json_t *val;
	size_t len = 0;

	out[0] = '\0';
	json_object_foreach(obj, key, val) {
		int w;

		if (!json_is_string(val)) {
			*why = "label values must be strings";
			return -1;
		}
		if (strpbrk(key, ",;=") != NULL ||
		    strpbrk(json_string_value(val), ",;=") != NULL) {
			*why = "label keys and values may not hold ',', ';' "
			       "or '='";
			return -1;
		}
		w = snprintf(out + len, outsz - len, "%s%s=%s", len ? "," : "",
		    key, json_string_value(val));
		if (w < 0 || (size_t)w >= outsz - len) {
			*why = "labels are too long in all";
			return -1;
		}
		len += (size_t)w;
	}
	return 0;
}

/* The text form of one member's value, or an error message. */
static int
member_text(const char *key, json_t *val, char *out, size_t outsz,
    const char **why)
{
	if (json_is_null(val)) {
		out[0] = '\0';
		return 0;
	}
	if (json_is_string(val)) {
		if (json_string_length(val) >= outsz ||
		    strlen(json_string_value(val)) != json_string_length(val)) {
			*why = "is too long or holds a NUL byte";
			return -1;
		}
		memcpy(out, json_string_value(val), json_string_length(val) + 1);
		return 0;
	}
	if (strcmp(key, "data_limit") == 0 && json_is_integer(val) &&
	    json_integer_value(val) >= 0) {
		snprintf(out, outsz, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(val));
		return 0;
	}
	if (strcmp(key, "labels") == 0 && json_is_object(val))
		return labels_text(val, out, outsz, why);
	*why = strcmp(key, "data_limit") == 0
		   ? "must be a non-negative integer or a size string"
	       : strcmp(key, "labels") == 0 ? "must be an object of strings"
					    : "must be a string or null";
	return -1;
}

static int
read_only(const char *key)
{
	return strcmp(key, "created") == 0 || strcmp(key, "updated") == 0 ||
	    strcmp(key, "last_seen") == 0;
}

int
sim_json_apply(struct sim *s, json_t *obj, unsigned flags,
    struct field_errors *errs)
{
	const char *key, *why;
	json_t *val;
	char text[512];
	int n = 0;

	if (!json_is_object(obj))
		return field_errors_add(errs, "", "a SIM must be a JSON object");
	json_object_foreach(obj, key, val) {
		struct field_error fe;

		if (read_only(key))
			continue;
		if (((flags & SIM_JSON_NO_ICCID) && strcmp(key, "iccid") == 0) ||
		    ((flags & SIM_JSON_NO_STATE) && strcmp(key, "state") == 0)) {
			n += field_errors_add(errs, key, strcmp(key, "state") == 0
				? "is changed with POST .../state, not here"
				: "cannot be changed");
			continue;
		}
		if (member_text(key, val, text, sizeof(text), &why) < 0) {
			n += field_errors_add(errs, key, why);
			continue;
		}
		if (sim_set_field(s, key, text, &fe) < 0)
			n += field_errors_add(errs, fe.field, fe.msg);
	}
	return n;
}
