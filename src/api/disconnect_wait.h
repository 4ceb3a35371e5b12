/*
 * The disconnect requests that API threads wait on. A thread takes a slot
 * and an id, sends MSG_DISCONNECT with that id to the parent, and sleeps
 * until the api role's main thread hands over the MSG_DISCONNECT_DONE that
 * carries the id, or until its deadline. An answer that comes after its
 * waiter gave up finds no slot and is dropped.
 *
 * The number of waiters is capped below the size of the HTTP thread pool:
 * a waiting thread serves none of its other connections, so at least one
 * thread must stay free for the rest of the API.
 */
#ifndef AIRLOCK_DISCONNECT_WAIT_H
#define AIRLOCK_DISCONNECT_WAIT_H

#include <stdint.h>

#include "common/ipc.h"

#define DISCONNECT_WAIT_SLOTS 32

struct disconnect_wait;

/* At most max_waiting (1 to DISCONNECT_WAIT_SLOTS) waiters at once. NULL
 * when memory runs out. */
struct disconnect_wait *disconnect_wait_new(unsigned max_waiting);
void disconnect_wait_free(struct disconnect_wait *dw);
/* Take a slot: 0 with its id, -EBUSY when all are taken, -ESHUTDOWN once
 * the role is stopping. */
int disconnect_wait_begin(struct disconnect_wait *dw, uint32_t *id);
/* Sleep until the answer for id arrives (0, with it in out), timeout_ms
 * pass (-ETIMEDOUT) or the role stops (-ESHUTDOWN). Frees the slot. */
int disconnect_wait_end(struct disconnect_wait *dw, uint32_t id,
    unsigned timeout_ms, struct msg_disconnect_done *out);
/* Free the slot of a request that could not be sent. */
void disconnect_wait_cancel(struct disconnect_wait *dw, uint32_t id);
/* Hand an answer to its waiter: 0, or -ENOENT when none waits for it. */
int disconnect_wait_done(
    struct disconnect_wait *dw, const struct msg_disconnect_done *m);
/* Wake every waiter with -ESHUTDOWN and refuse new ones. */
void disconnect_wait_shutdown(struct disconnect_wait *dw);

#endif
