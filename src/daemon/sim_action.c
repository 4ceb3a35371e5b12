#include "daemon/sim_action.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/log.h"
#include "registry/device.h"
#include "registry/sim.h"

/* A SIM's change, or with device set, a LAN device's quarantine. */
struct sim_action_entry {
	struct msg_sim_action m;
	int64_t device;
};

struct sim_actions {
	struct store *st;
	char actor[64];
	size_t n;
	struct sim_action_entry q[SIM_ACTIONS_QUEUE];
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
	q->q[q->n].m = *m;
	q->q[q->n++].device = 0;
	return 0;
}

int
sim_actions_add_device(struct sim_actions *q, int64_t id, const char *reason)
{
	struct sim_action_entry *e;

	if (q->n == SIM_ACTIONS_QUEUE) {
		log_warnx("quarantine of device %lld dropped: %d already "
		          "queued",
		    (long long)id, SIM_ACTIONS_QUEUE);
		return -ENOSPC;
	}
	e = &q->q[q->n++];
	memset(e, 0, sizeof(*e));
	e->m.action = SIM_QUARANTINE;
	snprintf(e->m.reason, sizeof(e->m.reason), "%s", reason);
	e->device = id;
	return 0;
}

/* Write a state change's audit entry inside the open transaction. */
static int
audit(struct sim_actions *q, const char *action, const char *object,
    const char *reason, const char *details)
{
	struct audit_entry a;

	memset(&a, 0, sizeof(a));
	a.ts = time(NULL);
	snprintf(a.actor, sizeof(a.actor), "%s", q->actor);
	snprintf(a.action, sizeof(a.action), "%s", action);
	snprintf(a.object, sizeof(a.object), "%s", object);
	a.reason = reason;
	a.details = details;
	return store_audit_add(q->st, &a);
}

/* A LAN device's quarantine, as apply() below does a SIM's. A device
 * with a SIM, or one already quarantined, is left as it is. */
static int
apply_device(struct sim_actions *q, int64_t id, const char *reason,
    int *changed)
{
	char object[32];
	struct device d;
	int rc;

	*changed = 0;
	snprintf(object, sizeof(object), "device:%lld", (long long)id);
	rc = store_begin(q->st);
	if (rc == 0)
		rc = store_device_get(q->st, id, &d);
	if (rc < 0)
		goto out;
	if (d.sim[0] != '\0' || d.state == DEVICE_QUARANTINED) {
		store_rollback(q->st);
		log_info("device %lld: quarantine not applied: %s", (long long)id,
		    d.sim[0] != '\0' ? "it has a SIM" : "already quarantined");
		return 0;
	}
	rc = store_device_set_state(q->st, id, DEVICE_QUARANTINED);
	if (rc == 0)
		rc = audit(q, "device.state", object, reason,
		    "{\"action\":\"quarantine\",\"from\":\"active\","
		    "\"to\":\"quarantined\"}");
	if (rc == 0)
		rc = store_commit(q->st);
	if (rc == 0) {
		*changed = 1;
		log_info("device %lld quarantined by %s: %s", (long long)id,
		    q->actor, reason);
		return 0;
	}
out:
	store_rollback(q->st);
	if (rc == STORE_EBUSY)
		return rc;
	log_warnx("device %lld: quarantine failed: %s", (long long)id,
	    rc == STORE_ENOTFOUND ? "no such device" : store_errmsg(q->st));
	return 0;
}

/* One change in its transaction. STORE_EBUSY leaves it for later; any
 * other outcome (done, refused by the state machine, SIM gone) ends it.
 * *changed tells whether the state moved. */
static int
apply(struct sim_actions *q, const struct msg_sim_action *m, int *changed)
{
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
		rc = audit(q, "sim.state", m->iccid, m->reason, details);
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
    void (*done)(void *arg, enum sim_change what, const char *id), void *arg)
{
	struct sim_action_entry *e;
	char id[24];
	size_t i = 0;
	int changed, rc;

	while (i < q->n) {
		e = &q->q[i];
		rc = e->device != 0
		    ? apply_device(q, e->device, e->m.reason, &changed)
		    : apply(q, &e->m, &changed);
		if (rc == STORE_EBUSY)
			break;
		snprintf(id, sizeof(id), "%lld", (long long)e->device);
		if (changed)
			done(arg, e->device != 0 ? SIM_CHANGE_DEVICE
			                         : SIM_CHANGE_STATE,
			    e->device != 0 ? id : e->m.iccid);
		i++;
	}
	memmove(q->q, q->q + i, (q->n - i) * sizeof(q->q[0]));
	q->n -= i;
	return q->n;
}
