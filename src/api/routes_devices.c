/*
 * /api/v1/devices: devices in the zone, with or without a SIM. The risk
 * score and last scan are the scanner's to write, so they are read-only
 * here.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "registry/validate.h"

static void
device_write(struct jsonw *w, const struct device *d)
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

static void
add_error(struct field_errors *errs, const char *field, const char *msg)
{
	struct field_error *e = field_errors_next(errs);

	snprintf(e->field, sizeof(e->field), "%s", field);
	snprintf(e->msg, sizeof(e->msg), "%s", msg);
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
set_ip(struct device *d, const char *v, const struct api_settings *set,
    struct field_errors *errs)
{
	struct ipaddr a;
	size_t i;

	if (ipaddr_parse(v, &a) < 0) {
		add_error(errs, "ip", "is not an IPv4 or IPv6 address");
		return;
	}
	for (i = 0; i < set->n_networks; i++)
		if (cidr_contains(&set->networks[i], &a))
			break;
	if (i == set->n_networks)
		add_error(errs, "ip", "is outside the configured device "
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
			add_error(errs, field, "holds a control character");
			return;
		}
	}
	if (n >= dstsz) {
		add_error(errs, field, "is too long (at most 63 bytes)");
		return;
	}
	memcpy(dst, v, n + 1);
}

static void
set_member(struct device *d, const char *key, const char *v,
    const struct api_settings *set, struct field_errors *errs)
{
	const char *why;

	if (strcmp(key, "sim") == 0) {
		if (v[0] != '\0' && valid_iccid(v, &why) < 0)
			add_error(errs, key, why);
		else
			snprintf(d->sim, sizeof(d->sim), "%s", v);
	} else if (strcmp(key, "mac") == 0) {
		if (v[0] == '\0')
			d->mac[0] = '\0';
		else if (mac_parse(v, d->mac) < 0)
			add_error(errs, key, "must be a MAC address like "
					     "00:11:22:aa:bb:cc");
	} else if (strcmp(key, "ip") == 0) {
		if (v[0] == '\0')
			d->ip[0] = '\0';
		else
			set_ip(d, v, set, errs);
	} else if (strcmp(key, "profile") == 0) {
		if (v[0] != '\0' && valid_name(v, &why) < 0)
			add_error(errs, key, why);
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
		add_error(errs, key, "is not a device field; known fields: "
				     "name, sim, mac, ip, vendor, model, "
				     "firmware, profile");
	}
}

static int
device_apply(struct api_req *rq, struct device *d, json_t *obj)
{
	static const char *const read_only[] = {"id", "risk_score",
	    "last_scan", "created", "updated"};
	struct field_errors errs = {0};
	struct api_settings set;
	const char *key;
	json_t *val;

	api_settings_get(rq->api, &set);
	json_object_foreach(obj, key, val) {
		size_t i;

		for (i = 0; i < 5 && strcmp(key, read_only[i]) != 0; i++)
			;
		if (i < 5)
			continue;
		if (json_is_null(val))
			set_member(d, key, "", &set, &errs);
		else if (json_is_string(val) && strlen(json_string_value(val))
		    == json_string_length(val))
			set_member(d, key, json_string_value(val), &set, &errs);
		else
			add_error(&errs, key, "must be a string or null");
	}
	if (errs.n == 0)
		return 0;
	api_problem_fields(rq, 400, "invalid-field", "Invalid field", &errs);
	return -1;
}

static void
device_reply(struct api_req *rq, unsigned status, const struct device *d)
{
	struct jsonw w;

	api_json_begin(rq, status, &w);
	device_write(&w, d);
}

struct device_page {
	struct jsonw *w;
	unsigned limit, n;
	int64_t last;
};

static int
device_one(void *arg, const struct device *d)
{
	struct device_page *pg = arg;

	if (pg->n++ == pg->limit)
		return 1;
	device_write(pg->w, d);
	pg->last = d->id;
	return 0;
}

void
route_device_list(struct api_req *rq)
{
	struct device_page pg = {0};
	struct jsonw w;
	int64_t after;
	int rc;

	if (api_query_int64(rq, "cursor", &after) < 0 ||
	    api_query_limit(rq, &pg.limit) < 0)
		return;
	pg.w = &w;
	api_page_open(rq, &w);
	rc = store_device_list(rq->st, after, pg.limit + 1, device_one, &pg);
	if (rc < 0)
		api_store_error(rq, rc, NULL);
	else
		api_page_close_id(&w, pg.n > pg.limit, pg.last);
}

void
route_device_get(struct api_req *rq)
{
	struct device d;
	int64_t id;
	int rc;

	if (api_path_id(rq, &id) < 0)
		return;
	rc = store_device_get(rq->st, id, &d);
	if (rc < 0) {
		api_store_error(rq, rc, NULL);
		return;
	}
	device_reply(rq, 200, &d);
}

/* Write d (insert when it has no id), audit, commit and answer. */
static void
device_save(struct api_req *rq, struct device *d, const char *action)
{
	struct store_error serr = {0};
	char object[32];
	int created = d->id == 0;
	int rc;

	rc = store_begin(rq->st);
	if (rc == 0)
		rc = created ? store_device_insert(rq->st, d, &serr)
			     : store_device_update(rq->st, d, &serr);
	if (rc == 0)
		rc = store_device_get(rq->st, d->id, d);
	snprintf(object, sizeof(object), "device:%lld", (long long)d->id);
	if (api_commit_audited(rq, rc, action, object, NULL, NULL, &serr) < 0)
		return;
	if (created)
		snprintf(rq->location, sizeof(rq->location),
		    API_PREFIX "/devices/%lld", (long long)d->id);
	device_reply(rq, created ? 201 : 200, d);
}

void
route_device_create(struct api_req *rq)
{
	struct device d = {.risk_score = -1};
	json_t *body = api_body_object(rq);
	int rc;

	if (body == NULL)
		return;
	rc = device_apply(rq, &d, body);
	json_decref(body);
	if (rc == 0)
		device_save(rq, &d, "device.create");
}

void
route_device_patch(struct api_req *rq)
{
	struct device d;
	json_t *body;
	int64_t id;
	int rc;

	if (api_path_id(rq, &id) < 0)
		return;
	rc = store_device_get(rq->st, id, &d);
	if (rc < 0) {
		api_store_error(rq, rc, NULL);
		return;
	}
	body = api_body_object(rq);
	if (body == NULL)
		return;
	rc = device_apply(rq, &d, body);
	json_decref(body);
	if (rc == 0)
		device_save(rq, &d, "device.update");
}

void
route_device_delete(struct api_req *rq)
{
	char object[32];
	int64_t id;
	int rc;

	if (api_path_id(rq, &id) < 0)
		return;
	snprintf(object, sizeof(object), "device:%lld", (long long)id);
	rc = store_begin(rq->st);
	if (rc == 0)
		rc = store_device_delete(rq->st, id);
	if (api_commit_audited(rq, rc, "device.delete", object, NULL, NULL,
		NULL) == 0)
		api_no_content(rq);
}
