/*
 * GET /api/v1/sims/{iccid}/usage?from=YYYY-MM-DD: a SIM's octets per UTC
 * day, as the radius role counted them from accounting, and the total of
 * the current calendar month, which is what the SIM's data_limit caps.
 *
 * Usage is billing history and outlives the SIM: a deleted SIM's usage is
 * still answered. Only an ICCID that has neither a SIM nor any usage in
 * the days asked for is 404.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "common/day.h"

struct usage_ctx {
	struct jsonw *w;
	int64_t from;  /* the first day to list */
	int64_t month; /* the first day of the current month */
	uint64_t month_total;
	unsigned rows; /* read, listed or not */
};

static int
usage_one(void *arg, const char *iccid, int64_t day, uint64_t in, uint64_t out)
{
	struct usage_ctx *uc = arg;
	char text[DAY_STRLEN];

	(void)iccid;
	uc->rows++;
	if (day >= uc->month)
		uc->month_total += in + out;
	if (day < uc->from)
		return 0;
	day_format(day, text);
	jsonw_obj_open(uc->w);
	jsonw_kstr(uc->w, "day", text);
	jsonw_kuint(uc->w, "octets_in", in);
	jsonw_kuint(uc->w, "octets_out", out);
	jsonw_kuint(uc->w, "octets", in + out);
	jsonw_obj_close(uc->w);
	return 0;
}

/* from=, by default the first day of the current month. */
static int
from_param(struct api_req *rq, int64_t today, int64_t *from)
{
	const char *v = api_query(rq, "from");

	*from = day_month_start(today);
	if (v == NULL)
		return 0;
	if (day_parse(v, from) < 0) {
		api_problem(rq, 400, "invalid-query", "Invalid query",
		    "from must be a date as YYYY-MM-DD, from 1970-01-01");
		return -1;
	}
	return 0;
}

static void
usage_close(struct jsonw *w, const struct usage_ctx *uc, const struct sim *s)
{
	jsonw_arr_close(w);
	jsonw_kuint(w, "month_total", uc->month_total);
	jsonw_key(w, "data_limit");
	if (s != NULL && s->data_limit != 0)
		jsonw_uint(w, s->data_limit);
	else
		jsonw_null(w);
	jsonw_obj_close(w);
}

void
route_sim_usage(struct api_req *rq)
{
	struct usage_ctx uc = {0};
	struct jsonw w;
	struct sim s;
	char from[DAY_STRLEN];
	int64_t today = day_of((int64_t)time(NULL));
	int rc, have_sim;

	if (api_path_iccid(rq) < 0 || from_param(rq, today, &uc.from) < 0)
		return;
	uc.month = day_month_start(today);
	rc = store_sim_get(rq->st, rq->params[0], &s);
	if (rc < 0 && rc != STORE_ENOTFOUND)
		goto fail;
	have_sim = rc == 0;
	day_format(uc.from, from);
	api_json_begin(rq, 200, &w);
	uc.w = &w;
	jsonw_obj_open(&w);
	jsonw_kstr(&w, "iccid", rq->params[0]);
	jsonw_kstr(&w, "from", from);
	jsonw_key(&w, "items");
	jsonw_arr_open(&w);
	rc = store_usage_list(rq->st, rq->params[0],
	    uc.from < uc.month ? uc.from : uc.month, usage_one, &uc);
	if (rc < 0)
		goto fail;
	if (!have_sim && uc.rows == 0) {
		api_problem(rq, 404, "not-found", "Not found",
		    "no SIM %s, and no usage recorded for it since %s",
		    rq->params[0], from);
		return;
	}
	usage_close(&w, &uc, have_sim ? &s : NULL);
	return;
fail:
	api_store_error(rq, rc, NULL);
}
