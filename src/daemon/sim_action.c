#include "daemon/sim_action.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/log.h"
#include "registry/sim.h"

struct sim_actions {
	struct store *st;
	char actor[64];
	size_t n;
	struct msg_sim_action q[SIM_ACTIONS_QUEUE];
};

struct sim_actions *
sim_actions_new(struct store *st, const char *actor)
{
	struct sim_actions *q = calloc(1, sizeof(*q));

	if (q == NULL)
		return NULL;
	q->st = st;
	snprintf(q->actor, sizeof(q->actor), "%s", actor);
	return q;
}

void
sim_actions_free(struct sim_actions *q)
{
	free(q);
}

int
sim_actions_add(struct sim_actions *q, const struct msg_sim_action *m)
{
	if (q->n == SIM_ACTIONS_QUEUE) {
		log_warnx("state change of SIM %s dropped: %d already queued",
		    m->iccid, SIM_ACTIONS_QUEUE);
		return -ENOSPC;
	}
	q->q[q->n++] = *m;
	return 0;
}

/* One change in its transaction. STORE_EBUSY leaves it for later; any
 * other outcome (done, refused by the state machine, SIM gone) ends it.
 * *changed tells whether the state moved. */
static int
apply(struct sim_actions *q, const struct msg_sim_action *m, int *changed)
{
	struct audit_entry a;
	enum sim_state to;
	const char *why;
	char details[160];
	struct sim s;
	int rc;

	*changed = 0;
	rc = store_begin(q->st);
	if (rc == 0)
		rc = store_sim_get(q->st, m->iccid, &s);
	if (rc < 0)
		goto out;
	if (sim_transition(s.state, (enum sim_action)m->action, &to, &why) <
	    0 || to == s.state) {
		store_rollback(q->st);
		log_info("SIM %s: %s not applied: %s", m->iccid,
		    sim_action_name((enum sim_action)m->action),
		    to == s.state ? "already in that state" : why);
		return 0;
	}
	rc = store_sim_set_state(q->st, m->iccid, to);
	if (rc == 0) {
		snprintf(details, sizeof(details),
		    "{\"action\":\"%s\",\"from\":\"%s\",\"to\":\"%s\"}",
		    sim_action_name((enum sim_action)m->action),
		    sim_state_name(s.state), sim_state_name(to));
		memset(&a, 0, sizeof(a));
		a.ts = time(NULL);
		snprintf(a.actor, sizeof(a.actor), "%s", q->actor);
		snprintf(a.action, sizeof(a.action), "sim.state");
		snprintf(a.object, sizeof(a.object), "%s", m->iccid);
		a.reason = m->reason;
		a.details = details;
		rc = store_audit_add(q->st, &a);
	}
	if (rc == 0)
		rc = store_commit(q->st);
	if (rc == 0) {
		*changed = 1;
		log_info("SIM %s %s by %s: %s", m->iccid, sim_state_name(to),
		    q->actor, m->reason);
		return 0;
	}
out:
	store_rollback(q->st);
	if (rc == STORE_EBUSY)
		return rc;
	log_warnx("SIM %s: %s failed: %s", m->iccid,
	    sim_action_name((enum sim_action)m->action),
	    rc == STORE_ENOTFOUND ? "no such SIM" : store_errmsg(q->st));
	return 0;
}

size_t
sim_actions_flush(struct sim_actions *q,
    void (*done)(void *arg, const char *iccid), void *arg)
{
	size_t i = 0;
	int changed;

	while (i < q->n) {
		if (apply(q, &q->q[i], &changed) == STORE_EBUSY)
			break;
		if (changed)
			done(arg, q->q[i].iccid);
		i++;
	}
	memmove(q->q, q->q + i, (q->n - i) * sizeof(q->q[0]));
	q->n -= i;
	return q->n;
}
