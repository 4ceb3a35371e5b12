/*
 * A device's exposure, from the zone's counters (enforcer_collect):
 *   GET /api/v1/sims/{iccid}/exposure
 *   GET /api/v1/devices/{id}/exposure
 * {"address", "today": {"blocked", "violations"}, "days": [...]}: packets
 * from the Internet dropped before they reached the address ("N attempts
 * blocked today"), and packets its profile did not allow, per UTC day for
 * the last 30 days. The counters reach the store every
 * policy-counter-interval seconds.
 */
#include <stdio.h>
#include <time.h>

#include "api/api.h"
#include "common/day.h"

#define EXPOSURE_DAYS 30

struct exposure_ctx {
	struct jsonw *w;
	int64_t today;
	uint64_t blocked, violations; /* today's */
};

static int
exposure_day(void *arg, int64_t day, uint64_t blocked, uint64_t violations)
{
	struct exposure_ctx *x = arg;
	char d[DAY_STRLEN];

	day_format(day, d);
	jsonw_obj_open(x->w);
	jsonw_kstr(x->w, "day", d);
	jsonw_kuint(x->w, "blocked", blocked);
	jsonw_kuint(x->w, "violations", violations);
	jsonw_obj_close(x->w);
	if (day == x->today) {
		x->blocked = blocked;
		x->violations = violations;
	}
	return 0;
}

static void
exposure_reply(struct api_req *rq, const char *addr)
{
	struct exposure_ctx x = {.today = day_of((int64_t)time(NULL))};
	struct jsonw w;
	int rc;

	api_json_begin(rq, 200, &w);
	x.w = &w;
	jsonw_obj_open(&w);
	jsonw_kstr_or_null(&w, "address", addr[0] ? addr : NULL);
	jsonw_key(&w, "days");
	jsonw_arr_open(&w);
	rc = addr[0] ? store_exposure_list(rq->st, addr,
	                   x.today - EXPOSURE_DAYS + 1, exposure_day, &x)
	             : 0;
	if (rc < 0) {
		api_store_error(rq, rc, NULL);
		return;
	}
	jsonw_arr_close(&w);
	jsonw_key(&w, "today");
	jsonw_obj_open(&w);
	jsonw_kuint(&w, "blocked", x.blocked);
	jsonw_kuint(&w, "violations", x.violations);
	jsonw_obj_close(&w);
	jsonw_obj_close(&w);
}

void
route_sim_exposure(struct api_req *rq)
{
	char addr[ADDR_STRLEN];

	if (api_path_sim_address(rq, addr) == 0)
		exposure_reply(rq, addr);
}

void
route_device_exposure(struct api_req *rq)
{
	char addr[ADDR_STRLEN];

	if (api_path_device_address(rq, addr) == 0)
		exposure_reply(rq, addr);
}
