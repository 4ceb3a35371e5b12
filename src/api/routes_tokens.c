/*
 * /api/v1/tokens (admin only). A new token is shown once, in the answer to
 * its creation; the store keeps its hash, and the audit entry names it but
 * never holds it.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "registry/validate.h"

static void
token_write(struct jsonw *w, const struct token_info *t)
{
	jsonw_obj_open(w);
	jsonw_kint(w, "id", t->id);
	jsonw_kstr(w, "name", t->name);
	jsonw_kstr(w, "role", role_name(t->role));
	jsonw_ktime(w, "created", t->created);
	jsonw_kstr(w, "created_by", t->created_by);
	jsonw_kbool(w, "revoked", t->revoked);
	jsonw_obj_close(w);
}

static int
token_item(void *arg, const struct token_info *t)
{
	token_write(arg, t);
	return 0;
}

void
route_token_list(struct api_req *rq)
{
	struct jsonw w;
	int rc;

	api_page_open(rq, &w);
	rc = store_token_list(rq->st, token_item, &w);
	if (rc < 0)
		api_store_error(rq, rc, NULL);
	else
		api_page_close(&w, NULL);
}

static int
token_req_parse(struct api_req *rq, char *name, size_t namesz,
    enum role *role)
{
	json_t *body = api_body_object(rq), *n, *r;
	const char *why = "must be a string";
	int rc = -1;

	if (body == NULL)
		return -1;
	n = json_object_get(body, "name");
	r = json_object_get(body, "role");
	if (!json_is_string(n) || valid_name(json_string_value(n), &why) < 0) {
		api_problem(rq, 400, "invalid-field", "Invalid field",
		    "name: %s", why);
		goto out;
	}
	if (!json_is_string(r) || role_parse(json_string_value(r), role) < 0) {
		api_problem(rq, 400, "invalid-field", "Invalid field",
		    "role must be viewer, operator or admin");
		goto out;
	}
	snprintf(name, namesz, "%s", json_string_value(n));
	rc = 0;
out:
	json_decref(body);
	return rc;
}

void
route_token_create(struct api_req *rq)
{
	struct store_error serr = {0};
	uint8_t hash[TOKEN_HASH_LEN];
	char name[64], token[TOKEN_STRLEN], details[64];
	struct jsonw w;
	enum role role;
	int64_t id;
	int rc;

	if (token_req_parse(rq, name, sizeof(name), &role) < 0)
		return;
	if (token_generate(token, sizeof(token)) < 0) {
		api_problem(rq, 503, "no-entropy", "Randomness unavailable",
		    "the kernel did not provide random bytes");
		return;
	}
	token_hash(token, hash);
	snprintf(details, sizeof(details), "{\"role\":\"%s\"}", role_name(role));
	rc = store_begin(rq->st);
	if (rc == 0)
		rc = store_token_add(rq->st, name, role, hash, rq->actor, &id,
		    &serr);
	if (api_commit_audited(rq, rc, "token.create", name, NULL, details,
		&serr) < 0)
		goto out;
	api_json_begin(rq, 201, &w);
	jsonw_obj_open(&w);
	jsonw_kint(&w, "id", id);
	jsonw_kstr(&w, "name", name);
	jsonw_kstr(&w, "role", role_name(role));
	jsonw_kstr(&w, "token", token);
	jsonw_obj_close(&w);
out:
	explicit_bzero(token, sizeof(token));
}

void
route_token_revoke(struct api_req *rq)
{
	char object[32];
	int64_t id;
	int rc;

	if (api_path_id(rq, &id) < 0)
		return;
	snprintf(object, sizeof(object), "token:%lld", (long long)id);
	rc = store_begin(rq->st);
	if (rc == 0)
		rc = store_token_revoke(rq->st, id);
	if (api_commit_audited(rq, rc, "token.revoke", object, NULL, NULL,
		NULL) < 0)
		return;
	auth_tokens_changed();
	api_no_content(rq);
}
