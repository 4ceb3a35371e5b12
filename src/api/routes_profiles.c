/*
 * /api/v1/profiles: named MUD (RFC 8520) documents, and the RADIUS
 * settings of the SIMs that use them (profile_radius.c). For now the
 * documents are stored and served; compiling them to nftables comes with
 * the airlock itself. A document is still checked for the MUD container,
 * so that a wrong file is refused now rather than found out at enforcement
 * time. The parent hears of every change, for the radius role to reload
 * its profiles.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "registry/validate.h"

/* RFC 8520 files for real devices are a few KiB; this leaves room for
 * profiles with many ACEs and bounds what one list row can cost. */
#define PROFILE_MUD_MAX (256 * 1024)

/* A profile; the list leaves the MUD documents out (GET one for it), so
 * that the list stays small however many profiles there are. */
static void
profile_write(struct jsonw *w, const struct profile *p, int with_mud)
{
	jsonw_obj_open(w);
	jsonw_kstr(w, "name", p->name);
	jsonw_kstr(w, "description", p->description);
	if (with_mud) {
		jsonw_key(w, "mud");
		jsonw_raw(w, p->mud != NULL && p->mud[0] ? p->mud : "{}");
	}
	jsonw_key(w, "radius");
	profile_radius_write(w, &p->radius);
	jsonw_ktime(w, "created", p->created);
	jsonw_ktime(w, "updated", p->updated);
	jsonw_obj_close(w);
}

static int
profile_item(void *arg, const struct profile *p)
{
	profile_write(arg, p, 0);
	return 0;
}

void
route_profile_list(struct api_req *rq)
{
	struct jsonw w;
	int rc;

	api_page_open(rq, &w);
	rc = store_profile_list(rq->st, profile_item, &w);
	if (rc < 0)
		api_store_error(rq, rc, NULL);
	else
		api_page_close(&w, NULL);
}

static int
profile_single(void *arg, const struct profile *p)
{
	struct api_req *rq = arg;
	struct jsonw w;

	api_json_begin(rq, 200, &w);
	profile_write(&w, p, 1);
	return 0;
}

static int
path_name(struct api_req *rq)
{
	const char *why;

	if (valid_name(rq->params[0], &why) == 0)
		return 0;
	api_problem(rq, 400, "invalid-field", "Invalid field", "name: %s", why);
	return -1;
}

void
route_profile_get(struct api_req *rq)
{
	int rc;

	if (path_name(rq) < 0)
		return;
	rc = store_profile_get(rq->st, rq->params[0], profile_single, rq);
	if (rc < 0)
		api_store_error(rq, rc, NULL);
}

/* The radius member, if the body has one (*has says so); 400 and -1 when
 * it is invalid. */
static int
radius_parse(struct api_req *rq, const json_t *body, struct profile *p,
    int *has)
{
	struct field_errors errs = {0};
	json_t *v = json_object_get(body, "radius");

	*has = v != NULL;
	if (v == NULL)
		return 0;
	if (profile_radius_parse(v, &p->radius, &errs) == 0)
		return 0;
	api_problem_fields(rq, 400, "invalid-field", "Invalid field", &errs);
	return -1;
}

/*
 * A profile is stored only if the gateway can enforce all of it: the MUD
 * document parses, and every controller it names is mapped to a server
 * group. Otherwise 422 lists every problem by its JSON path; nothing is
 * applied in part.
 */
static int
mud_enforceable(struct api_req *rq, const char *text)
{
	static __thread struct mud_errors errs;
	struct mud_policy *m = mud_parse(text, strlen(text), &errs);
	struct jsonw w;

	if (m != NULL)
		policy_check(&rq->api->cfg->policy.zone, m, &errs);
	mud_policy_free(m);
	if (errs.total == 0)
		return 0;
	api_problem_open(rq, &w, 422, "mud-not-enforceable",
	    "MUD document not enforceable", errs.total == 1 ? errs.e[0].msg :
	    "the MUD document has several problems; see errors");
	jsonw_key(&w, "errors");
	jsonw_arr_open(&w);
	for (unsigned i = 0; i < errs.n; i++) {
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "path", errs.e[i].path);
		jsonw_kstr(&w, "message", errs.e[i].msg);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_kint(&w, "error_count", errs.total);
	jsonw_obj_close(&w);
	return -1;
}

/* Pull description, the MUD document and the RADIUS settings out of the
 * body; *has_radius says whether it had them. The returned text is the
 * compact MUD JSON; the caller frees it. */
static char *
profile_parse(struct api_req *rq, struct profile *p, int *has_radius)
{
	json_t *body = api_body_object(rq), *mud, *desc;
	char *text = NULL;

	if (body == NULL)
		return NULL;
	if (radius_parse(rq, body, p, has_radius) < 0)
		goto out;
	mud = json_object_get(body, "mud");
	desc = json_object_get(body, "description");
	if (!json_is_object(mud) ||
	    !json_is_object(json_object_get(mud, "ietf-mud:mud"))) {
		api_problem(rq, 400, "invalid-field", "Invalid field",
		    "mud must be an RFC 8520 document: an object holding "
		    "\"ietf-mud:mud\"");
		goto out;
	}
	if (desc != NULL && (!json_is_string(desc) ||
				json_string_length(desc) >= sizeof(p->description))) {
		api_problem(rq, 400, "invalid-field", "Invalid field",
		    "description must be a string of at most %zu bytes",
		    sizeof(p->description) - 1);
		goto out;
	}
	snprintf(p->description, sizeof(p->description), "%s",
	    desc != NULL ? json_string_value(desc) : "");
	text = json_dumps(mud, JSON_COMPACT | JSON_SORT_KEYS);
	if (text != NULL && strlen(text) > PROFILE_MUD_MAX) {
		api_problem(rq, 413, "body-too-large", "MUD document too large",
		    "a MUD document is at most %d bytes (compact)",
		    PROFILE_MUD_MAX);
		free(text);
		text = NULL;
	}
	if (text != NULL && mud_enforceable(rq, text) < 0) {
		free(text);
		text = NULL;
	}
out:
	json_decref(body);
	return text;
}

static int
copy_radius(void *arg, const struct profile *p)
{
	*(struct profile_radius *)arg = p->radius;
	return 0;
}

/*
 * A body without "radius" keeps the settings of the profile it replaces,
 * so that a new MUD file from the vendor can be put without restating
 * them; read inside the transaction, so that a concurrent change is not
 * undone.
 */
static int
keep_radius(struct api_req *rq, struct profile *p)
{
	int rc;

	rc = store_profile_get(rq->st, p->name, copy_radius, &p->radius);
	return rc == STORE_ENOTFOUND ? 0 : rc;
}

/* Audit details: the RADIUS settings the profile now has. */
static void
put_details(const struct profile *p, struct obuf *o)
{
	struct jsonw w;

	jsonw_init(&w, o);
	jsonw_obj_open(&w);
	jsonw_key(&w, "radius");
	profile_radius_write(&w, &p->radius);
	jsonw_obj_close(&w);
}

void
route_profile_put(struct api_req *rq)
{
	struct profile p = {0};
	struct obuf details;
	char *mud;
	int created = 0, has_radius = 0, rc;

	if (path_name(rq) < 0)
		return;
	profile_radius_defaults(&p.radius);
	mud = profile_parse(rq, &p, &has_radius);
	if (mud == NULL)
		return;
	snprintf(p.name, sizeof(p.name), "%.63s", rq->params[0]);
	p.mud = mud;
	obuf_init(&details, 1024);
	rc = store_begin(rq->st);
	if (rc == 0 && !has_radius)
		rc = keep_radius(rq, &p);
	if (rc == 0)
		rc = store_profile_put(rq->st, &p, &created);
	put_details(&p, &details);
	rc = api_commit_audited(rq, rc,
	    created ? "profile.create" : "profile.update", p.name, NULL,
	    details.data, NULL);
	obuf_reset(&details);
	free(mud);
	if (rc < 0)
		return;
	api_notify_sim(rq, SIM_CHANGE_PROFILES, "");
	rc = store_profile_get(rq->st, rq->params[0], profile_single, rq);
	if (rc < 0) {
		api_store_error(rq, rc, NULL);
	} else if (created) {
		rq->status = 201;
		snprintf(rq->location, sizeof(rq->location),
		    API_PREFIX "/profiles/%.63s", rq->params[0]);
	}
}

void
route_profile_delete(struct api_req *rq)
{
	struct store_error serr = {0};
	int rc;

	if (path_name(rq) < 0)
		return;
	rc = store_begin(rq->st);
	if (rc == 0)
		rc = store_profile_delete(rq->st, rq->params[0], &serr);
	if (api_commit_audited(rq, rc, "profile.delete", rq->params[0], NULL,
		NULL, &serr) < 0)
		return;
	api_notify_sim(rq, SIM_CHANGE_PROFILES, "");
	api_no_content(rq);
}
