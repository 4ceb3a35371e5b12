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
#ifndef AIRLOCK_ANSWER_WAIT_H
#define AIRLOCK_ANSWER_WAIT_H

#include <stdint.h>

#include "common/ipc.h"

#define ANSWER_WAIT_SLOTS 32

struct answer_wait;

/* At most max_waiting (1 to ANSWER_WAIT_SLOTS) waiters at once. NULL
 * when memory runs out. */
struct answer_wait *answer_wait_new(unsigned max_waiting);
void answer_wait_free(struct answer_wait *dw);
/* Take a slot: 0 with its id, -EBUSY when all are taken, -ESHUTDOWN once
 * the role is stopping. */
int answer_wait_begin(struct answer_wait *dw, uint32_t *id);
/* Sleep until the answer for id arrives (0, with it in out), timeout_ms
 * pass (-ETIMEDOUT) or the role stops (-ESHUTDOWN). Frees the slot. */
int answer_wait_end(struct answer_wait *dw, uint32_t id,
    unsigned timeout_ms, struct msg_answer *out);
/* Free the slot of a request that could not be sent. */
void answer_wait_cancel(struct answer_wait *dw, uint32_t id);
/* Hand an answer to its waiter: 0, or -ENOENT when none waits for it. */
int answer_wait_done(
    struct answer_wait *dw, const struct msg_answer *m);
/* Wake every waiter with -ESHUTDOWN and refuse new ones. */
void answer_wait_shutdown(struct answer_wait *dw);

#endif
