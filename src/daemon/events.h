/*
 * The parent's event intake: events from the roles are checked, queued and
 * written to the store. A write that finds the store locked (an import
 * holds it) leaves the event queued for the next try instead of blocking
 * the parent or losing the event.
 */
#ifndef AIRLOCK_EVENTS_H
#define AIRLOCK_EVENTS_H

#include <stddef.h>

#include "common/ipc.h"
#include "store/store.h"

#define EVENTS_QUEUE_MAX 4096

struct events;

struct events *events_new(struct store *st);
void events_free(struct events *ev);
/* Check and queue one event from a role, with the response taken to it
 * ("alert", "quarantine"...): -EINVAL when it is malformed (its evidence
 * must be a JSON object), -ENOSPC when the queue is full (that is counted
 * and logged here). */
int events_add(struct events *ev, const struct msg_event *m,
    const char *response);
/* Write what is queued; returns how many are still waiting. */
size_t events_flush(struct events *ev);

#endif
