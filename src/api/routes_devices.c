/*
 * /api/v1/devices: devices in the zone, with or without a SIM. The risk
 * score and last scan are the scanner's to write, so they are read-only
 * here.
 */
#include <stdio.h>

#include "api/api.h"
#include "registry/device.h"

/* Apply a request body to d; answers 400 listing every bad field. */
static int
device_apply(struct api_req *rq, struct device *d, json_t *obj)
{
	struct field_errors errs = {0};
	struct api_settings set;

	api_settings_get(rq->api, &set);
	if (device_json_apply(d, obj, set.networks, set.n_networks, &errs) == 0)
		return 0;
	api_problem_fields(rq, 400, "invalid-field", "Invalid field", &errs);
	return -1;
}

static void
device_reply(struct api_req *rq, unsigned status, const struct device *d)
{
	struct jsonw w;

	api_json_begin(rq, status, &w);
	device_json_write(&w, d);
}

static int
device_one(void *arg, const struct device *d)
{
	struct api_page *pg = arg;

	if (pg->n++ == pg->limit)
		return 1;
	device_json_write(pg->w, d);
	pg->last = d->id;
	return 0;
}

void
route_device_list(struct api_req *rq)
{
	struct api_page pg = {0};
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

/*
 * Inside the transaction the caller opened: apply the body to d, write it
 * (an insert when d has no id), audit it with the record as it now stands,
 * commit and answer. The transaction is closed on return, either way.
 */
static void
device_write_txn(struct api_req *rq, struct device *d, json_t *body,
    const char *action)
{
	struct store_error serr = {0};
	struct obuf details;
	struct jsonw w;
	char object[32];
	int created = d->id == 0, rc;

	if (device_apply(rq, d, body) < 0) {
		store_rollback(rq->st);
		return;
	}
	rc = created ? store_device_insert(rq->st, d, &serr)
		     : store_device_update(rq->st, d, &serr);
	if (rc == 0)
		rc = store_device_get(rq->st, d->id, d);
	obuf_init(&details, 8192);
	jsonw_init(&w, &details);
	device_json_write(&w, d);
	snprintf(object, sizeof(object), "device:%lld", (long long)d->id);
	rc = api_commit_audited(rq, rc, action, object, NULL, details.data,
	    &serr);
	obuf_reset(&details);
	if (rc < 0)
		return;
	api_notify_device(rq, d->id);
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
	rc = store_begin(rq->st);
	if (rc < 0)
		api_store_error(rq, rc, NULL);
	else
		device_write_txn(rq, &d, body, "device.create");
	json_decref(body);
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
	body = api_body_object(rq);
	if (body == NULL)
		return;
	rc = store_begin(rq->st);
	if (rc == 0)
		rc = store_device_get(rq->st, id, &d);
	if (rc < 0) {
		store_rollback(rq->st);
		api_store_error(rq, rc, NULL);
	} else {
		device_write_txn(rq, &d, body, "device.update");
	}
	json_decref(body);
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
		NULL) == 0) {
		api_notify_device(rq, id);
		api_no_content(rq);
	}
}
