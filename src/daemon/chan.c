#include "daemon/chan.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

void
chan_init(struct chan *ch, int fd)
{
	ch->fd = fd;
	ch->inlen = 0;
	pthread_mutex_init(&ch->wlock, NULL);
}

int
chan_send(struct chan *ch, const struct obuf *frames)
{
	size_t off = 0;
	ssize_t n;
	int rc = 0;

	if (obuf_failed(frames))
		return -EMSGSIZE;
	pthread_mutex_lock(&ch->wlock);
	while (off < frames->len) {
		n = write(ch->fd, frames->data + off, frames->len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -errno;
			break;
		}
		off += (size_t)n;
	}
	pthread_mutex_unlock(&ch->wlock);
	return rc;
}

int
chan_read(struct chan *ch, chan_msg_cb cb, void *arg)
{
	struct ibuf payload;
	enum msg_type type;
	size_t used = 0;
	ssize_t n;

	n = read(ch->fd, ch->in + ch->inlen, sizeof(ch->in) - ch->inlen);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n <= 0)
		return -1;
	ch->inlen += (size_t)n;
	for (;;) {
		n = ipc_frame_parse(ch->in + used, ch->inlen - used, &type,
		    &payload);
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		cb(arg, type, &payload);
		used += (size_t)n;
	}
	memmove(ch->in, ch->in + used, ch->inlen - used);
	ch->inlen -= used;
	return 0;
}
