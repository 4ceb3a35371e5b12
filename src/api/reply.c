/*
 * Building answers: JSON bodies and RFC 9457 problem details. Problem types
 * are "urn:airlock:problem:<slug>", stable names a client can switch on.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"

void
api_json_begin(struct api_req *rq, unsigned status, struct jsonw *w)
{
	obuf_clear(rq->out);
	rq->status = status;
	rq->ctype = "application/json";
	jsonw_init(w, rq->out);
}

void
api_no_content(struct api_req *rq)
{
	obuf_clear(rq->out);
	rq->status = 204;
	rq->ctype = NULL;
}

void
api_problem_open(struct api_req *rq, struct jsonw *w, unsigned status,
    const char *slug, const char *title, const char *detail)
{
	char type[96];

	obuf_clear(rq->out);
	rq->status = status;
	rq->ctype = "application/problem+json";
	jsonw_init(w, rq->out);
	snprintf(type, sizeof(type), "urn:airlock:problem:%s", slug);
	jsonw_obj_open(w);
	jsonw_kstr(w, "type", type);
	jsonw_kstr(w, "title", title);
	jsonw_kint(w, "status", status);
	jsonw_kstr(w, "detail", detail);
	jsonw_kstr(w, "instance", rq->path);
}

void
api_problem(struct api_req *rq, unsigned status, const char *slug,
    const char *title, const char *fmt, ...)
{
	struct jsonw w;
	char detail[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	api_problem_open(rq, &w, status, slug, title, detail);
	jsonw_obj_close(&w);
	if (status == 401)
		rq->challenge = 1;
}

void
api_problem_fields(struct api_req *rq, unsigned status, const char *slug,
    const char *title, const struct field_errors *errs)
{
	struct jsonw w;
	char detail[256];
	size_t n = errs->n < FIELD_ERRORS_MAX ? errs->n : FIELD_ERRORS_MAX;

	if (n == 1)
		snprintf(detail, sizeof(detail), "%s%s%s", errs->e[0].field,
		    errs->e[0].field[0] ? ": " : "", errs->e[0].msg);
	else
		snprintf(detail, sizeof(detail), "%zu fields are invalid", n);
	api_problem_open(rq, &w, status, slug, title, detail);
	jsonw_key(&w, "errors");
	jsonw_arr_open(&w);
	for (size_t i = 0; i < n; i++) {
		jsonw_obj_open(&w);
		jsonw_kstr(&w, "field", errs->e[i].field);
		jsonw_kstr(&w, "message", errs->e[i].msg);
		jsonw_obj_close(&w);
	}
	jsonw_arr_close(&w);
	jsonw_obj_close(&w);
}

void
api_store_error(struct api_req *rq, int rc, const struct store_error *err)
{
	struct field_errors errs = {0};

	switch (rc) {
	case STORE_ENOTFOUND:
		api_problem(rq, 404, "not-found", "Not found",
		    "nothing at %s", rq->path);
		break;
	case STORE_ECONFLICT:
	case STORE_EINVAL:
		errs.n = 1;
		snprintf(errs.e[0].field, sizeof(errs.e[0].field), "%s",
		    err != NULL ? err->field : "");
		snprintf(errs.e[0].msg, sizeof(errs.e[0].msg), "%s",
		    err != NULL && err->msg[0] ? err->msg
					       : store_errmsg(rq->st));
		api_problem_fields(rq, rc == STORE_ECONFLICT ? 409 : 400,
		    rc == STORE_ECONFLICT ? "conflict" : "invalid-field",
		    rc == STORE_ECONFLICT ? "Conflict" : "Invalid field",
		    &errs);
		break;
	case STORE_EBUSY:
		api_problem(rq, 503, "store-busy", "Store busy",
		    "the store is locked by another writer (an import?); "
		    "retry");
		break;
	default:
		api_problem(rq, 500, "store-error", "Store error",
		    "the store failed: %s", store_errmsg(rq->st));
		break;
	}
}

json_t *
api_body_object(struct api_req *rq)
{
	json_error_t jerr;
	json_t *obj;

	obj = json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES,
	    &jerr);
	if (obj == NULL) {
		api_problem(rq, 400, "malformed-json", "Malformed JSON",
		    "line %d, column %d: %s", jerr.line, jerr.column,
		    jerr.text);
		return NULL;
	}
	if (!json_is_object(obj)) {
		json_decref(obj);
		api_problem(rq, 400, "malformed-json", "Malformed JSON",
		    "the body must be a JSON object");
		return NULL;
	}
	return obj;
}

void
api_page_open(struct api_req *rq, struct jsonw *w)
{
	api_json_begin(rq, 200, w);
	jsonw_obj_open(w);
	jsonw_key(w, "items");
	jsonw_arr_open(w);
}

void
api_page_close(struct jsonw *w, const char *next)
{
	jsonw_arr_close(w);
	jsonw_key(w, "next_cursor");
	if (next != NULL)
		jsonw_str(w, next);
	else
		jsonw_null(w);
	jsonw_obj_close(w);
}

void
api_page_close_id(struct jsonw *w, int more, int64_t last)
{
	char text[24];

	snprintf(text, sizeof(text), "%lld", (long long)last);
	api_page_close(w, more ? text : NULL);
}
