#include "daemon/events.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "common/log.h"

struct queued {
	struct event e;
	char *evidence; /* compact JSON, owned */
};

struct events {
	struct store *st;
	struct queued q[EVENTS_QUEUE_MAX];
	size_t head, len;
	unsigned long dropped;
};

struct events *
events_new(struct store *st)
{
	struct events *ev = calloc(1, sizeof(*ev));

	if (ev != NULL)
		ev->st = st;
	return ev;
}

void
events_free(struct events *ev)
{
	if (ev == NULL)
		return;
	for (size_t i = 0; i < ev->len; i++)
		free(ev->q[(ev->head + i) % EVENTS_QUEUE_MAX].evidence);
	free(ev);
}

/* A role's evidence is parsed and written again, so that what the API
 * later serves verbatim is always one well-formed JSON object. */
static char *
evidence_clean(const char *text)
{
	json_error_t jerr;
	json_t *obj = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	char *out = NULL;

	if (json_is_object(obj))
		out = json_dumps(obj, JSON_COMPACT);
	json_decref(obj);
	return out;
}

int
events_add(struct events *ev, const struct msg_event *m, const char *response)
{
	struct queued *slot;
	char *evidence;

	if (m->severity >= SEV_COUNT || m->type[0] == '\0')
		return -EINVAL;
	evidence = evidence_clean(m->evidence);
	if (evidence == NULL)
		return -EINVAL;
	if (ev->len == EVENTS_QUEUE_MAX) {
		ev->dropped++;
		log_warnx("event queue full: dropped %s (%lu so far)", m->type,
		    ev->dropped);
		free(evidence);
		return -ENOSPC;
	}
	slot = &ev->q[(ev->head + ev->len++) % EVENTS_QUEUE_MAX];
	memset(&slot->e, 0, sizeof(slot->e));
	slot->e.created = time(NULL);
	snprintf(slot->e.type, sizeof(slot->e.type), "%s", m->type);
	slot->e.severity = (enum event_severity)m->severity;
	snprintf(slot->e.subject, sizeof(slot->e.subject), "%s", m->subject);
	slot->e.window_start = m->window_start;
	slot->e.window_end = m->window_end;
	snprintf(slot->e.response, sizeof(slot->e.response), "%s", response);
	slot->evidence = evidence;
	slot->e.evidence = evidence;
	return 0;
}

size_t
events_flush(struct events *ev)
{
	struct queued *slot;
	int64_t id;
	int rc;

	while (ev->len > 0) {
		slot = &ev->q[ev->head];
		rc = store_event_add(ev->st, &slot->e, &id);
		if (rc == STORE_EBUSY)
			break; /* a writer holds the store: next time */
		if (rc < 0)
			log_warnx("cannot store event %s: %s", slot->e.type,
			    store_errmsg(ev->st));
		else
			log_info("event %lld: %s (%s) on %s", (long long)id,
			    slot->e.type,
			    event_severity_name(slot->e.severity),
			    slot->e.subject);
		free(slot->evidence);
		ev->head = (ev->head + 1) % EVENTS_QUEUE_MAX;
		ev->len--;
	}
	return ev->len;
}
