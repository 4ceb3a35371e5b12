#include "api/answer_wait.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct dw_slot {
	uint32_t id; /* 0: free */
	int done;
	struct msg_answer answer;
};

/*
 * One mutex and one condition for all slots: there are at most a few
 * dozen waiters and an answer a second at most, so a broadcast that wakes
 * them all costs nothing worth a condition each. The condition runs on
 * the monotonic clock, so that setting the wall clock neither cuts a wait
 * short nor stretches it.
 */
struct answer_wait {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned max_waiting;
	unsigned waiting;
	uint32_t next_id;
	int closing;
	struct dw_slot slot[ANSWER_WAIT_SLOTS];
};

struct answer_wait *
answer_wait_new(unsigned max_waiting)
{
	struct answer_wait *dw;
	pthread_condattr_t attr;

	dw = calloc(1, sizeof(*dw));
	if (dw == NULL)
		return NULL;
	if (max_waiting < 1)
		max_waiting = 1;
	if (max_waiting > ANSWER_WAIT_SLOTS)
		max_waiting = ANSWER_WAIT_SLOTS;
	dw->max_waiting = max_waiting;
	dw->next_id = 1;
	pthread_mutex_init(&dw->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&dw->cond, &attr);
	pthread_condattr_destroy(&attr);
	return dw;
}

void
answer_wait_free(struct answer_wait *dw)
{
	if (dw == NULL)
		return;
	pthread_cond_destroy(&dw->cond);
	pthread_mutex_destroy(&dw->lock);
	free(dw);
}

/* The slot holding id, or NULL; under the lock. */
static struct dw_slot *
find(struct answer_wait *dw, uint32_t id)
{
	for (size_t i = 0; i < ANSWER_WAIT_SLOTS; i++) {
		if (dw->slot[i].id == id)
			return &dw->slot[i];
	}
	return NULL;
}

/* Ids only grow (skipping 0, the free mark, when they wrap), so a late
 * answer cannot be taken for the answer to a newer request. */
int
answer_wait_begin(struct answer_wait *dw, uint32_t *id)
{
	struct dw_slot *s;
	int ret = 0;

	pthread_mutex_lock(&dw->lock);
	if (dw->closing) {
		ret = -ESHUTDOWN;
		goto out;
	}
	if (dw->waiting >= dw->max_waiting) {
		ret = -EBUSY;
		goto out;
	}
	s = find(dw, 0);
	s->id = dw->next_id++;
	if (dw->next_id == 0)
		dw->next_id = 1;
	*id = s->id;
	s->done = 0;
	dw->waiting++;
out:
	pthread_mutex_unlock(&dw->lock);
	return ret;
}

static void
release(struct answer_wait *dw, struct dw_slot *s)
{
	s->id = 0;
	s->done = 0;
	dw->waiting--;
}

static void
deadline_after(struct timespec *ts, unsigned ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

int
answer_wait_end(struct answer_wait *dw, uint32_t id,
    unsigned timeout_ms, struct msg_answer *out)
{
	struct timespec deadline;
	struct dw_slot *s;
	int ret = 0, rc = 0;

	deadline_after(&deadline, timeout_ms);
	pthread_mutex_lock(&dw->lock);
	s = find(dw, id);
	if (s == NULL) {
		pthread_mutex_unlock(&dw->lock);
		return -ENOENT;
	}
	while (!s->done && !dw->closing && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&dw->cond, &dw->lock, &deadline);
	if (s->done)
		*out = s->answer;
	else
		ret = dw->closing ? -ESHUTDOWN : -ETIMEDOUT;
	release(dw, s);
	pthread_mutex_unlock(&dw->lock);
	return ret;
}

void
answer_wait_cancel(struct answer_wait *dw, uint32_t id)
{
	struct dw_slot *s;

	pthread_mutex_lock(&dw->lock);
	s = find(dw, id);
	if (s != NULL)
		release(dw, s);
	pthread_mutex_unlock(&dw->lock);
}

int
answer_wait_done(
    struct answer_wait *dw, const struct msg_answer *m)
{
	struct dw_slot *s;
	int ret = -ENOENT;

	if (m->id == 0)
		return -ENOENT;
	pthread_mutex_lock(&dw->lock);
	s = find(dw, m->id);
	if (s != NULL && !s->done) {
		s->answer = *m;
		s->done = 1;
		pthread_cond_broadcast(&dw->cond);
		ret = 0;
	}
	pthread_mutex_unlock(&dw->lock);
	return ret;
}

void
answer_wait_shutdown(struct answer_wait *dw)
{
	pthread_mutex_lock(&dw->lock);
	dw->closing = 1;
	pthread_cond_broadcast(&dw->cond);
	pthread_mutex_unlock(&dw->lock);
}
