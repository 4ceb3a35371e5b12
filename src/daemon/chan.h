/*
 * One end of a parent-child socketpair: frames out (whole, under a lock, so
 * threads of a role may send), frames in (buffered until complete, then
 * handed to a callback). The wire format is in common/ipc.h.
 */
#ifndef AIRLOCK_CHAN_H
#define AIRLOCK_CHAN_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "common/ipc.h"

struct chan {
	int fd;
	pthread_mutex_t wlock;
	size_t inlen;
	uint8_t in[IPC_HDR_LEN + IPC_MAX_PAYLOAD];
};

typedef void (*chan_msg_cb)(void *arg, enum msg_type type,
    struct ibuf *payload);

void chan_init(struct chan *ch, int fd);
/* Write a buffer of whole frames; blocks until all is written. */
int chan_send(struct chan *ch, const struct obuf *frames);
/* Read what the socket holds and dispatch every complete frame. Returns
 * 0, or -1 when the peer closed or sent a malformed frame. */
int chan_read(struct chan *ch, chan_msg_cb cb, void *arg);

#endif
