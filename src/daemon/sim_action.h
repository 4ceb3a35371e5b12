/*
 * State changes a role decided (the radius role suspending a SIM that
 * reached its data limit), applied by the parent the way the API applies
 * an operator's: through the state machine, in one transaction with its
 * audit entry. The parent never waits for the store's lock: a change that
 * finds it taken (an import) stays queued and is retried.
 */
#ifndef AIRLOCK_SIM_ACTION_H
#define AIRLOCK_SIM_ACTION_H

#include <stddef.h>
#include <stdint.h>

#include "common/ipc.h"
#include "store/store.h"

#define SIM_ACTIONS_QUEUE 256

struct sim_actions;

struct sim_actions *sim_actions_new(struct store *st, const char *actor);
void sim_actions_free(struct sim_actions *q);
/* Queue one; -ENOSPC when the queue is full (logged). */
int sim_actions_add(struct sim_actions *q, const struct msg_sim_action *m);
/* Queue the quarantine of LAN device id (the response policy's); a
 * device with a SIM is left alone. -ENOSPC when the queue is full. */
int sim_actions_add_device(struct sim_actions *q, int64_t id,
    const char *reason);
/* Apply what is queued. done(arg, what, id) is called for each SIM
 * (SIM_CHANGE_STATE, its ICCID) or LAN device (SIM_CHANGE_DEVICE, its id
 * in decimal) whose state changed. Returns how many are still waiting. */
size_t sim_actions_flush(struct sim_actions *q,
    void (*done)(void *arg, enum sim_change what, const char *id), void *arg);

#endif
