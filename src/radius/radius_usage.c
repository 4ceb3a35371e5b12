/*
 * Usage per SIM: today's and this month's octets, kept in the index and
 * checked against two rules as accounting arrives.
 *
 * - The monthly data limit: once reached, one data_limit event, and the
 *   SIM is suspended (by the parent, audited) and its sessions cut off,
 *   unless radius-data-limit-action is alert.
 * - The data spike: today's usage over radius-spike-factor times the
 *   SIM's own baseline, and at least radius-spike-min-bytes. The baseline
 *   is the mean daily usage since the SIM's first used day in the last
 *   BASELINE_DAYS days, and is judged only after radius-spike-min-days of
 *   history, so that a new SIM is not a spike.
 *
 * Days and months are UTC. The store keeps one row per SIM per day; at
 * start the role rebuilds its counters from those rows.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/log.h"
#include "radius/radius.h"

#define BASELINE_DAYS 14

static int
month_of(int64_t day)
{
	time_t t = (time_t)(day * 86400);
	struct tm tm;

	gmtime_r(&t, &tm);
	return (tm.tm_year + 1900) * 12 + tm.tm_mon;
}

static int64_t
month_start(int64_t day)
{
	time_t t = (time_t)(day * 86400);
	struct tm tm;

	gmtime_r(&t, &tm);
	return day - (tm.tm_mday - 1);
}

static void
limit_reached(struct radiusd *rd, struct rsim *r, const char *iccid)
{
	int suspend = rd->rc->data_limit_suspend && r->state == SIM_ACTIVE;
	struct msg_disconnect m;
	char reason[128];

	r->flags |= RSIM_LIMIT_REPORTED;
	radius_event(rd, "data_limit", SEV_MEDIUM, iccid,
	    "\"iccid\":\"%s\",\"limit\":%llu,\"month_octets\":%llu,"
	    "\"action\":\"%s\"", iccid, (unsigned long long)r->data_limit,
	    (unsigned long long)r->month_octets,
	    suspend ? "suspend" : "alert");
	if (!suspend)
		return;
	snprintf(reason, sizeof(reason), "monthly data limit of %llu bytes "
	    "reached", (unsigned long long)r->data_limit);
	/* Refused at once here; the parent makes it durable and audited,
	 * and the change comes back as a SIM_CHANGED. */
	r->state = SIM_SUSPENDED;
	radius_sim_action(rd, iccid, SIM_SUSPEND, reason);
	memset(&m, 0, sizeof(m));
	snprintf(m.iccid, sizeof(m.iccid), "%s", iccid);
	snprintf(m.reason, sizeof(m.reason), "%s", reason);
	radius_coa_disconnect(rd, &m);
}

static void
spike_check(struct radiusd *rd, struct rsim *r, const char *iccid)
{
	const struct radius_conf *rc = rd->rc;

	if ((r->flags & RSIM_SPIKE_REPORTED) ||
	    r->history_days < rc->spike_min_days ||
	    r->day_octets < rc->spike_min_bytes ||
	    r->day_octets <= (uint64_t)rc->spike_factor * r->baseline)
		return;
	r->flags |= RSIM_SPIKE_REPORTED;
	radius_event(rd, "data_spike", SEV_HIGH, iccid,
	    "\"iccid\":\"%s\",\"day_octets\":%llu,\"baseline\":%llu,"
	    "\"factor\":%u,\"history_days\":%u", iccid,
	    (unsigned long long)r->day_octets,
	    (unsigned long long)r->baseline, rc->spike_factor,
	    (unsigned)r->history_days);
}

void
radius_usage_add(struct radiusd *rd, struct rsim *r, uint64_t in,
    uint64_t out)
{
	char iccid[21];

	r->day_octets += in + out;
	r->month_octets += in + out;
	if (r->data_limit != 0 && r->month_octets >= r->data_limit &&
	    !(r->flags & RSIM_LIMIT_REPORTED)) {
		radius_rsim_iccid(r, iccid);
		limit_reached(rd, r, iccid);
	}
	if (!(r->flags & RSIM_SPIKE_REPORTED) &&
	    r->day_octets >= rd->rc->spike_min_bytes) {
		radius_rsim_iccid(r, iccid);
		spike_check(rd, r, iccid);
	}
}

/* A day ends: fold it into the baseline (a running mean over at most
 * BASELINE_DAYS days), and start the next. */
static void
roll_day(void *arg, struct rsim *r)
{
	int new_month = *(int *)arg;

	if (r->history_days > 0 || r->day_octets > 0) {
		unsigned k = r->history_days < BASELINE_DAYS ?
		    r->history_days + 1u : BASELINE_DAYS;

		r->baseline = (r->baseline * (k - 1) + r->day_octets) / k;
		if (r->history_days < UINT16_MAX)
			r->history_days++;
	}
	r->day_octets = 0;
	r->flags &= (uint8_t)~RSIM_SPIKE_REPORTED;
	if (new_month) {
		r->month_octets = 0;
		r->flags &= (uint8_t)~RSIM_LIMIT_REPORTED;
	}
}

void
radius_usage_tick(struct radiusd *rd)
{
	int64_t today = (int64_t)(rd->now / 86400);
	int new_month;

	if (today <= rd->today)
		return;
	new_month = month_of(today) != rd->month;
	/* Several days may have passed (a stopped clock, a suspended VM):
	 * each counts as a day without usage. */
	while (rd->today < today) {
		radius_index_each(rd->index, roll_day, &new_month);
		new_month = 0;
		rd->today++;
	}
	rd->month = month_of(today);
}

struct usage_load {
	struct radiusd *rd;
	int64_t month_start;
	char iccid[21];
	struct rsim *r;
	uint64_t prev_sum;
	int64_t first_day;
};

static void
load_finish(struct usage_load *l)
{
	struct rsim *r = l->r;

	if (r == NULL)
		return;
	/* Reached before a restart: reported then, not again. */
	if (r->data_limit != 0 && r->month_octets >= r->data_limit)
		r->flags |= RSIM_LIMIT_REPORTED;
	if (l->first_day == 0)
		return;
	r->history_days = (uint16_t)(l->rd->today - l->first_day);
	if (r->history_days > 0)
		r->baseline = l->prev_sum / r->history_days;
}

static int
load_row(void *arg, const char *iccid, int64_t day, uint64_t in,
    uint64_t out)
{
	struct usage_load *l = arg;
	struct radiusd *rd = l->rd;

	if (strcmp(iccid, l->iccid) != 0) {
		load_finish(l);
		snprintf(l->iccid, sizeof(l->iccid), "%s", iccid);
		l->r = radius_index_by_iccid(rd->index, iccid);
		l->prev_sum = 0;
		l->first_day = 0;
	}
	if (l->r == NULL || day > rd->today)
		return 0;
	if (day >= l->month_start)
		l->r->month_octets += in + out;
	if (day == rd->today) {
		l->r->day_octets += in + out;
	} else if (day >= rd->today - BASELINE_DAYS) {
		if (l->first_day == 0 || day < l->first_day)
			l->first_day = day;
		l->prev_sum += in + out;
	}
	return 0;
}

int
radius_usage_load(struct radiusd *rd)
{
	struct usage_load l = {.rd = rd};
	int64_t from;
	int rc;

	rd->today = (int64_t)(rd->now / 86400);
	rd->month = month_of(rd->today);
	l.month_start = month_start(rd->today);
	from = l.month_start < rd->today - BASELINE_DAYS ? l.month_start :
	    rd->today - BASELINE_DAYS;
	rc = store_usage_list(rd->st, NULL, from, load_row, &l);
	load_finish(&l);
	return rc;
}
