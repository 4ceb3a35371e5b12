#include "radius/radius_writer.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "radius/radius.h"

#define SESSIONS_MAX 8192
#define USAGE_MAX 8192
#define REPLIES_MAX 8192
#define MARKS_MAX 4096
#define RETRY_MS 200
/* An idle writer takes the batch at once (flush_ms 0), or once it holds
 * this many records or its oldest is flush_ms old: waiting saves commits
 * on a slow disk, at the price of latency. A busy writer lets the next
 * batch grow by itself. */
#define HANDOVER_RECORDS 256
#define PRUNE_EVERY 3600
#define FOLD_EVERY_MS 1000
#define FOLD_CHUNK 8192 /* rows per fold transaction, between batches */
#define LIGHT_BATCH 64	/* a batch this small: fold at once */
#define SESSION_RETENTION (90 * 86400) /* stopped sessions kept 90 days */

enum mark_kind { MARK_LEARN, MARK_SEEN, MARK_SEEN_TIME };

struct mark {
	enum mark_kind kind;
	char iccid[21];
	char imei[17];
	int64_t when;
};

struct usage_row {
	char iccid[21];
	int64_t day;
	uint64_t in, out;
};

struct reply {
	int fd;
	socklen_t tolen;
	struct sockaddr_storage to;
	struct radius_dedup_key key;
	uint16_t len;
	uint8_t buf[64]; /* an Accounting-Response with its MA is 38 bytes */
};

struct batch {
	unsigned nsessions, nusage, nreplies, nmarks;
	uint64_t first_ms; /* when its first record came, CLOCK_MONOTONIC */
	struct session_rec sessions[SESSIONS_MAX];
	struct usage_row usage[USAGE_MAX];
	struct reply replies[REPLIES_MAX];
	struct mark marks[MARKS_MAX];
};

struct radius_writer {
	char path[4096];
	struct radius_dedup *dedup;
	struct radius_stats *stats;
	unsigned flush_ms;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int efd;
	int stop;
	struct batch *filling; /* main thread's */
	struct batch *other;   /* NULL while the writer has it */
	struct batch *queued;  /* handed over, not yet committed */
	struct batch *done;    /* committed, answers not yet sent */
	struct batch b[2];
};

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static unsigned
batch_records(const struct batch *b)
{
	return b->nsessions + b->nusage + b->nmarks;
}

static int
batch_empty(const struct batch *b)
{
	return b->nsessions + b->nusage + b->nreplies + b->nmarks == 0;
}

static int
apply(struct store *st, const struct batch *b)
{
	int rc = 0;

	for (unsigned i = 0; rc == 0 && i < b->nsessions; i++)
		rc = store_journal_session(st, &b->sessions[i]);
	for (unsigned i = 0; rc == 0 && i < b->nusage; i++)
		rc = store_journal_usage(st, b->usage[i].iccid, b->usage[i].day,
		    b->usage[i].in, b->usage[i].out);
	for (unsigned i = 0; rc == 0 && i < b->nmarks; i++) {
		const struct mark *m = &b->marks[i];

		rc = m->kind == MARK_LEARN ?
		    store_sim_learn_imei(st, m->iccid, m->imei) :
		    store_sim_seen(st, m->iccid, m->when,
			m->kind == MARK_SEEN ? m->imei : NULL);
		/* A SIM deleted meanwhile, or already bound: nothing to do. */
		if (rc == STORE_ENOTFOUND)
			rc = 0;
	}
	return rc;
}

/* Commit one batch, retrying until the store takes it: an import can hold
 * the write lock for seconds, and the answers must wait for the commit. */
static void
commit(struct radius_writer *w, struct store *st, const struct batch *b)
{
	int rc;

	for (;;) {
		rc = store_begin(st);
		if (rc == 0)
			rc = apply(st, b);
		if (rc == 0)
			rc = store_commit(st);
		if (rc == 0)
			break;
		store_rollback(st);
		radius_stat_add(&w->stats->writer_errors, 1);
		log_warnx("radius writer: %s; retrying", store_errmsg(st));
		pthread_mutex_lock(&w->lock);
		if (w->stop && rc != STORE_EBUSY) {
			pthread_mutex_unlock(&w->lock);
			return;
		}
		pthread_mutex_unlock(&w->lock);
		usleep(RETRY_MS * 1000);
	}
	radius_stat_add(&w->stats->writer_commits, 1);
	radius_stat_add(&w->stats->writer_records,
	    b->nsessions + b->nusage + b->nmarks);
}

/* Fold a chunk of the journal into the session and usage tables; 1 while
 * rows remain. Records stay durable in the journal meanwhile, so a
 * failure only delays them. */
static int
fold(struct radius_writer *w, struct store *st)
{
	int left = 0, rc = store_begin(st);

	if (rc == 0)
		rc = store_journal_fold(st, FOLD_CHUNK, &left);
	if (rc == 0)
		rc = store_commit(st);
	if (rc == 0)
		return left;
	store_rollback(st);
	radius_stat_add(&w->stats->writer_errors, 1);
	log_warnx("radius writer: folding the journal: %s", store_errmsg(st));
	return 0;
}

/* Wait for a batch at most ms; ETIMEDOUT when none came. The condition
 * runs on CLOCK_MONOTONIC (radius_writer_new), unmoved by clock steps. */
static int
wait_ms(struct radius_writer *w, unsigned ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (long)(ms % 1000) * 1000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	return pthread_cond_timedwait(&w->cond, &w->lock, &ts);
}

static void *
writer_main(void *arg)
{
	struct radius_writer *w = arg;
	char err[512];
	struct store *st = store_open(w->path, err, sizeof(err));
	time_t pruned = 0;
	uint64_t one = 1, n, folded_ms = now_ms();
	int folding = 0, light, dirty = 1; /* a restart may leave rows */
	struct batch *b;

	if (st == NULL)
		fatalx("radius writer: store %s: %s", w->path, err);
	if (store_batch_writer(st) < 0)
		log_warnx("radius writer: %s", store_errmsg(st));
	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (w->queued == NULL && !w->stop) {
			if (!dirty) {
				pthread_cond_wait(&w->cond, &w->lock);
				continue;
			}
			/* Rows wait in the journal and no batch came for
			 * a second: the load has stopped, fold them a chunk
			 * at a time, so a batch that comes waits for one
			 * chunk at most. */
			if (wait_ms(w, FOLD_EVERY_MS) == ETIMEDOUT) {
				pthread_mutex_unlock(&w->lock);
				dirty = fold(w, st);
				pthread_mutex_lock(&w->lock);
			}
		}
		if (w->queued == NULL)
			break;
		b = w->queued;
		pthread_mutex_unlock(&w->lock);
		commit(w, st, b);
		dirty = 1;
		/* Under a light load the tables are kept current: the
		 * journal is folded before the answers go, so what a NAS had
		 * acknowledged is what the API lists. */
		light = batch_records(b) < LIGHT_BATCH;
		if (light) {
			while (fold(w, st))
				;
			folding = dirty = 0;
			folded_ms = now_ms();
		}
		pthread_mutex_lock(&w->lock);
		w->done = b;
		w->queued = NULL;
		if (write(w->efd, &one, sizeof(one)) < 0)
			log_warn("radius writer: eventfd");
		pthread_mutex_unlock(&w->lock);
		/* Under load, once a second, a chunk of the journal after
		 * each batch until it is empty; the next batch fills
		 * meanwhile. */
		if (!light && !folding && now_ms() - folded_ms >= FOLD_EVERY_MS)
			folding = 1;
		if (folding) {
			folding = dirty = fold(w, st);
			folded_ms = now_ms();
		}
		if (time(NULL) - pruned >= PRUNE_EVERY) {
			pruned = time(NULL);
			if (store_session_prune(st, pruned - SESSION_RETENTION,
			    &n) == 0 && n > 0)
				log_info("radius writer: pruned %llu sessions "
					 "stopped over 90 days ago",
				    (unsigned long long)n);
		}
		pthread_mutex_lock(&w->lock);
	}
	pthread_mutex_unlock(&w->lock);
	while (fold(w, st))
		;
	store_free(st);
	return NULL;
}

struct radius_writer *
radius_writer_new(const char *store_path, struct radius_dedup *dedup,
    struct radius_stats *stats, unsigned flush_ms)
{
	struct radius_writer *w = calloc(1, sizeof(*w));
	pthread_condattr_t attr;

	if (w == NULL)
		return NULL;
	w->flush_ms = flush_ms;
	snprintf(w->path, sizeof(w->path), "%s", store_path);
	w->dedup = dedup;
	w->stats = stats;
	w->filling = &w->b[0];
	w->other = &w->b[1];
	w->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	pthread_mutex_init(&w->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&w->cond, &attr);
	pthread_condattr_destroy(&attr);
	if (w->efd < 0 ||
	    pthread_create(&w->thread, NULL, writer_main, w) != 0) {
		if (w->efd >= 0)
			close(w->efd);
		free(w);
		return NULL;
	}
	return w;
}

int
radius_writer_fd(const struct radius_writer *w)
{
	return w->efd;
}



/* The first record of a batch starts its clock. */
static void
note_first(struct batch *b)
{
	if (batch_empty(b))
		b->first_ms = now_ms();
}

static void
hand_over(struct radius_writer *w)
{
	struct batch *b = w->filling;

	pthread_mutex_lock(&w->lock);
	w->queued = b;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
	w->filling = w->other;
	w->other = NULL;
}

int
radius_writer_kick(struct radius_writer *w)
{
	uint64_t age;

	if (w->other == NULL || batch_empty(w->filling))
		return -1;
	age = now_ms() - w->filling->first_ms;
	if (batch_records(w->filling) < HANDOVER_RECORDS && age < w->flush_ms)
		return (int)(w->flush_ms - age);
	hand_over(w);
	return -1;
}

/* Send the committed answers, grouped per socket with sendmmsg. */
static void
send_replies(struct radius_writer *w, struct batch *b)
{
	static struct radius_out out[RADIUS_BATCH];
	unsigned n = 0;
	int fd = -1;

	for (unsigned i = 0; i < b->nreplies; i++) {
		const struct reply *r = &b->replies[i];

		if (n == RADIUS_BATCH || (n > 0 && r->fd != fd)) {
			radius_io_send(fd, out, n);
			n = 0;
		}
		fd = r->fd;
		out[n].to = r->to;
		out[n].tolen = r->tolen;
		out[n].len = r->len;
		memcpy(out[n].buf, r->buf, r->len);
		n++;
		radius_dedup_answer(w->dedup, &r->key, r->buf, r->len);
	}
	if (n > 0)
		radius_io_send(fd, out, n);
}

void
radius_writer_done(struct radius_writer *w)
{
	struct batch *b;
	uint64_t v;

	if (read(w->efd, &v, sizeof(v)) < 0 && errno != EAGAIN)
		log_warn("radius writer: eventfd");
	pthread_mutex_lock(&w->lock);
	b = w->done;
	w->done = NULL;
	pthread_mutex_unlock(&w->lock);
	if (b == NULL)
		return;
	send_replies(w, b);
	b->nsessions = b->nusage = b->nreplies = b->nmarks = 0;
	w->other = b;
}

void
radius_writer_free(struct radius_writer *w)
{
	if (w == NULL)
		return;
	/* Whatever was answered must be on disk: commit the rest first. */
	for (;;) {
		pthread_mutex_lock(&w->lock);
		int busy = w->queued != NULL;
		pthread_mutex_unlock(&w->lock);
		if (!busy && w->done == NULL && (w->other == NULL ||
		    batch_empty(w->filling)))
			break;
		if (!busy && w->done != NULL)
			radius_writer_done(w);
		else if (!busy && w->other != NULL)
			hand_over(w);
		else
			usleep(1000);
	}
	pthread_mutex_lock(&w->lock);
	w->stop = 1;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	close(w->efd);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->cond);
	free(w);
}

int
radius_writer_room(const struct radius_writer *w, unsigned records)
{
	const struct batch *b = w->filling;

	return b->nsessions + records <= SESSIONS_MAX &&
	    b->nusage + records <= USAGE_MAX && b->nreplies < REPLIES_MAX;
}

void
radius_writer_session(struct radius_writer *w, const struct session_rec *s)
{
	if (w->filling->nsessions == SESSIONS_MAX)
		return;
	note_first(w->filling);
	w->filling->sessions[w->filling->nsessions++] = *s;
}

void
radius_writer_usage(struct radius_writer *w, const char *iccid, int64_t day,
    uint64_t in, uint64_t out)
{
	struct usage_row *u;

	if (w->filling->nusage == USAGE_MAX)
		return;
	note_first(w->filling);
	u = &w->filling->usage[w->filling->nusage++];
	snprintf(u->iccid, sizeof(u->iccid), "%s", iccid);
	u->day = day;
	u->in = in;
	u->out = out;
}

void
radius_writer_reply(struct radius_writer *w, int fd,
    const struct sockaddr_storage *to, socklen_t tolen,
    const struct radius_dedup_key *key, const uint8_t *reply, uint16_t len)
{
	struct reply *r;

	if (w->filling->nreplies == REPLIES_MAX || len > sizeof(r->buf))
		return;
	note_first(w->filling);
	r = &w->filling->replies[w->filling->nreplies++];
	r->fd = fd;
	r->to = *to;
	r->tolen = tolen;
	r->key = *key;
	r->len = len;
	memcpy(r->buf, reply, len);
}

static void
mark(struct radius_writer *w, enum mark_kind kind, const char *iccid,
    int64_t when, const char *imei)
{
	struct mark *m;

	if (w->filling->nmarks == MARKS_MAX) {
		radius_stat_add(&w->stats->writer_errors, 1);
		return;
	}
	note_first(w->filling);
	m = &w->filling->marks[w->filling->nmarks++];
	m->kind = kind;
	snprintf(m->iccid, sizeof(m->iccid), "%s", iccid);
	snprintf(m->imei, sizeof(m->imei), "%s", imei);
	m->when = when;
}

void
radius_writer_learn(struct radius_writer *w, const char *iccid,
    const char *imei)
{
	mark(w, MARK_LEARN, iccid, 0, imei);
}

void
radius_writer_seen(struct radius_writer *w, const char *iccid, int64_t when,
    const char *imei)
{
	mark(w, imei != NULL ? MARK_SEEN : MARK_SEEN_TIME, iccid, when,
	    imei != NULL ? imei : "");
}
