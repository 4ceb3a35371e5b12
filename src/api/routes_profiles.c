/*
 * /api/v1/profiles: named MUD (RFC 8520) documents. For now they are
 * stored and served; compiling them to nftables comes with the airlock
 * itself. A document is still checked for the MUD container, so that a
 * wrong file is refused now rather than found out at enforcement time.
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

/* Pull description and the MUD document out of the body. The returned
 * text is the compact MUD JSON; the caller frees it. */
static char *
profile_parse(struct api_req *rq, struct profile *p)
{
	json_t *body = api_body_object(rq), *mud, *desc;
	char *text = NULL;

	if (body == NULL)
		return NULL;
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
out:
	json_decref(body);
	return text;
}

void
route_profile_put(struct api_req *rq)
{
	struct profile p = {0};
	char *mud;
	int created = 0, rc;

	if (path_name(rq) < 0)
		return;
	mud = profile_parse(rq, &p);
	if (mud == NULL)
		return;
	snprintf(p.name, sizeof(p.name), "%.63s", rq->params[0]);
	p.mud = mud;
	rc = store_begin(rq->st);
	if (rc == 0)
		rc = store_profile_put(rq->st, &p, &created);
	rc = api_commit_audited(rq, rc,
	    created ? "profile.create" : "profile.update", p.name, NULL, NULL,
	    NULL);
	free(mud);
	if (rc < 0)
		return;
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
		NULL, &serr) == 0)
		api_no_content(rq);
}
