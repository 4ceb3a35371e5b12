/*
 * The index against the store. At start the whole fleet is read once;
 * afterwards the api role's writes arrive as SIM_CHANGED notices through
 * the parent, and each one re-reads a single SIM by its key. An import
 * (SIM_CHANGE_BULK) re-reads everything, in pages between which packets
 * are served, so a million-row import never stalls authentication.
 */
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "radius/radius.h"

#define PAGE 5000

struct page {
	struct radiusd *rd;
	char last[21];
	unsigned n;
	int failed;
};

static int
put_sim(void *arg, const struct sim *s)
{
	struct page *pg = arg;

	if (radius_index_put(pg->rd->index, s) == NULL)
		pg->failed = 1;
	snprintf(pg->last, sizeof(pg->last), "%s", s->iccid);
	pg->n++;
	return 0;
}

/* Read one page of SIMs after `after`; returns how many, or -1. */
static int
load_page(struct radiusd *rd, char after[21])
{
	struct sim_filter f;
	struct page pg = {.rd = rd};

	memset(&f, 0, sizeof(f));
	f.state = -1;
	f.limit = PAGE;
	snprintf(f.after, sizeof(f.after), "%s", after);
	if (store_sim_list(rd->st, &f, put_sim, &pg) < 0 || pg.failed)
		return -1;
	snprintf(after, 21, "%s", pg.last);
	return (int)pg.n;
}

static void
publish(struct radiusd *rd)
{
	atomic_store_explicit(&rd->stats->sims,
	    radius_index_count(rd->index), memory_order_relaxed);
	atomic_store_explicit(&rd->stats->index_bytes,
	    radius_index_memory(rd->index), memory_order_relaxed);
}

int
radius_sync_load(struct radiusd *rd)
{
	char after[21] = "";
	int n;

	do {
		n = load_page(rd, after);
		if (n < 0) {
			log_warnx("radius: cannot load the fleet: %s",
			    store_errmsg(rd->st));
			return -1;
		}
	} while (n == PAGE);
	publish(rd);
	return 0;
}

/* One page of a bulk reload (an import: upserts only, so re-reading every
 * row is enough). Returns 1 while pages remain. */
int
radius_sync_step(struct radiusd *rd)
{
	int n = load_page(rd, rd->reload_after);

	if (n < 0) {
		log_warnx("radius: reload failed: %s; retrying",
		    store_errmsg(rd->st));
		return 1;
	}
	publish(rd);
	if (n == PAGE)
		return 1;
	rd->reload_pending = 0;
	log_info("radius: index reloaded, %zu SIMs",
	    radius_index_count(rd->index));
	return 0;
}

void
radius_sync_changed(struct radiusd *rd, const struct msg_sim_changed *m)
{
	struct rsim *r;
	struct sim s;
	int rc;

	switch (m->what) {
	case SIM_CHANGE_BULK:
		/* Start over: rows before the cursor may have changed too. */
		rd->reload_pending = 1;
		rd->reload_after[0] = '\0';
		break;
	case SIM_CHANGE_PROFILES:
		radius_sync_profiles(rd);
		break;
	case SIM_CHANGE_DELETE:
		radius_index_remove(rd->index, m->iccid);
		break;
	case SIM_CHANGE_BINDING:
		/* The operator's reset wins over a learned IMEI still on its
		 * way to the store. */
		if ((r = radius_index_by_iccid(rd->index, m->iccid)) != NULL)
			r->flags &= (uint8_t)~RSIM_LEARN_PENDING;
		/* FALLTHROUGH */
	default:
		rc = store_sim_get(rd->st, m->iccid, &s);
		if (rc == STORE_ENOTFOUND)
			radius_index_remove(rd->index, m->iccid);
		else if (rc < 0)
			log_warnx("radius: cannot read SIM %s: %s", m->iccid,
			    store_errmsg(rd->st));
		else if (radius_index_put(rd->index, &s) == NULL)
			log_warnx("radius: no memory for SIM %s", m->iccid);
		break;
	}
	publish(rd);
}

static int
put_profile(void *arg, const struct profile *p)
{
	struct radiusd *rd = arg;

	if (radius_index_profile_set(rd->index, p->name, &p->radius) < 0)
		log_warnx("radius: cannot keep profile %s", p->name);
	return 0;
}

int
radius_sync_profiles(struct radiusd *rd)
{
	radius_index_profiles_clear(rd->index);
	if (store_profile_list(rd->st, put_profile, rd) < 0) {
		log_warnx("radius: cannot load the profiles: %s",
		    store_errmsg(rd->st));
		return -1;
	}
	return 0;
}
