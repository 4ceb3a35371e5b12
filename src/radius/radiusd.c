/*
 * The radius role's main: shed every capability, load the fleet into the
 * index, then serve the two UDP sockets, the parent's channel, the writer
 * thread's notices and the Disconnect client on one libevent loop.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "daemon/role.h"
#include "radius/radius.h"
#include "radius/radius_session.h"
#include "radius/radius_writer.h"

struct loop {
	struct radiusd *rd;
	struct event *auth, *acct, *chan, *writer, *flush, *reload, *term;
};

/* Give the writer its batch now, or arm the timer for when it is due. */
static void
kick_writer(struct loop *l)
{
	int ms = radius_writer_kick(l->rd->writer);
	struct timeval tv;

	if (ms < 0 || evtimer_pending(l->flush, NULL))
		return;
	tv.tv_sec = 0;
	tv.tv_usec = (ms + 1) * 1000;
	evtimer_add(l->flush, &tv);
}

static void
on_flush(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	kick_writer(arg);
}

static void
on_auth(evutil_socket_t fd, short what, void *arg)
{
	struct loop *l = arg;

	(void)what;
	radius_io_drain(l->rd, fd, 0);
	kick_writer(l);
}

static void
on_acct(evutil_socket_t fd, short what, void *arg)
{
	struct loop *l = arg;

	(void)what;
	radius_io_drain(l->rd, fd, 1);
	kick_writer(l);
}

static void
on_writer(evutil_socket_t fd, short what, void *arg)
{
	struct loop *l = arg;

	(void)fd;
	(void)what;
	radius_writer_done(l->rd->writer);
	kick_writer(l);
}

static void
schedule_reload(struct loop *l)
{
	struct timeval now = {0, 0};

	if (l->rd->reload_pending && !evtimer_pending(l->reload, NULL))
		evtimer_add(l->reload, &now);
}

/* One page of a bulk reload per turn of the loop, so that the sockets
 * are served between pages. */
static void
on_reload(evutil_socket_t fd, short what, void *arg)
{
	struct loop *l = arg;

	(void)fd;
	(void)what;
	radius_sync_step(l->rd);
	schedule_reload(l);
}

static void
on_parent_msg(void *arg, enum msg_type type, struct ibuf *payload)
{
	struct loop *l = arg;
	struct radiusd *rd = l->rd;
	struct msg_sim_changed sc;
	struct msg_disconnect dc;
	struct msg_config mc;

	rd->now = time(NULL);
	switch (type) {
	case MSG_SIM_CHANGED:
		if (ipc_decode_sim_changed(payload, &sc) == 0)
			radius_sync_changed(rd, &sc);
		schedule_reload(l);
		return;
	case MSG_DISCONNECT:
		if (ipc_decode_disconnect(payload, &dc) == 0)
			radius_coa_disconnect(rd, &dc);
		return;
	case MSG_CONFIG:
		if (ipc_decode_config(payload, &mc) == 0)
			log_setlevel((enum log_level)mc.log_level);
		return;
	default:
		break;
	}
	log_warnx("unexpected %s message from the parent",
	    ipc_type_name(type));
}

static void
on_chan(evutil_socket_t fd, short what, void *arg)
{
	struct loop *l = arg;

	(void)fd;
	(void)what;
	if (chan_read(&l->rd->ch, on_parent_msg, l) < 0)
		fatalx("lost the parent's channel");
}

struct session_load {
	struct radiusd *rd;
	int64_t last;
	unsigned n;
};

/* An open session from the store back into memory, so that accounting
 * and Disconnect carry on across a restart. */
static int
load_session(void *arg, const struct session_rec *s)
{
	struct session_load *sl = arg;
	struct radiusd *rd = sl->rd;
	struct rsession *rs;
	struct rsim *r;
	size_t c;

	sl->last = s->id;
	sl->n++;
	for (c = 0; c < rd->n_clients; c++)
		if (strcmp(rd->clients[c].conf->name, s->nas) == 0)
			break;
	if (c == rd->n_clients)
		return 0; /* its NAS is no longer a client */
	rs = radius_sessions_add(rd->sessions, (uint16_t)c,
	    s->acct_session_id, strlen(s->acct_session_id));
	if (rs == NULL)
		return 0;
	ipaddr_parse(s->nas_ip, &rs->nas);
	rs->started = s->started;
	rs->updated = s->updated;
	rs->in = s->octets_in;
	rs->out = s->octets_out;
	snprintf(rs->imsi, sizeof(rs->imsi), "%s", s->imsi);
	snprintf(rs->imei, sizeof(rs->imei), "%s", s->imei);
	snprintf(rs->framed_ip, sizeof(rs->framed_ip), "%s", s->framed_ip);
	rs->nsapi = s->nsapi;
	rs->rat_type = s->rat_type;
	rs->charging_id = s->charging_id;
	r = radius_index_by_iccid(rd->index, s->iccid);
	if (r != NULL)
		radius_sessions_attach(rd->sessions, rs,
		    radius_index_slot(rd->index, r), &r->session);
	return 0;
}

static int
load_sessions(struct radiusd *rd)
{
	struct session_load sl = {.rd = rd};
	struct session_filter f;

	memset(&f, 0, sizeof(f));
	f.open_only = 1;
	f.limit = 1000;
	do {
		sl.n = 0;
		if (store_session_list(rd->st, &f, load_session, &sl) < 0)
			return -1;
		f.before = sl.last;
	} while (sl.n == f.limit);
	return 0;
}

/* What a previous run committed but did not fold yet (it stopped
 * abruptly), before the sessions and usage are read. */
static void
fold_journal(struct radiusd *rd)
{
	int left = 1;

	while (left) {
		if (store_begin(rd->st) < 0 ||
		    store_journal_fold(rd->st, 65536, &left) < 0 ||
		    store_commit(rd->st) < 0)
			fatalx("radius: cannot fold the accounting journal: %s",
			    store_errmsg(rd->st));
	}
}

static void
setup(struct radiusd *rd, const struct role_env *env)
{
	char err[512];

	rd->stats = env->radius_stats;
	rd->auth_fd = env->radius_auth_fd;
	rd->acct_fd = env->radius_acct_fd;
	for (size_t i = 0; i < rd->rc->n_clients; i++) {
		const struct radius_client_conf *cc = &rd->rc->clients[i];

		rd->clients[i].conf = cc;
		if (radius_secret_init(&rd->clients[i].secret, cc->secret,
		    strlen(cc->secret)) < 0)
			fatalx("radius-client %s: unusable secret", cc->name);
	}
	rd->n_clients = rd->rc->n_clients;
	rd->now = time(NULL);
	rd->st = store_open(rd->cfg->store, err, sizeof(err));
	if (rd->st == NULL)
		fatalx("store %s: %s", rd->cfg->store, err);
	rd->index = radius_index_new();
	rd->sessions = radius_sessions_new();
	rd->dedup = radius_dedup_new(rd->rc->dedup_slots);
	rd->evlimit = evlimit_new();
	if (rd->index == NULL || rd->sessions == NULL || rd->dedup == NULL ||
	    rd->evlimit == NULL)
		fatalx("radius: out of memory");
	fold_journal(rd);
	if (radius_sync_load(rd) < 0 || radius_sync_profiles(rd) < 0)
		fatalx("radius: cannot load the fleet");
	if (radius_usage_load(rd) < 0 || load_sessions(rd) < 0)
		fatalx("radius: cannot load usage and sessions: %s",
		    store_errmsg(rd->st));
	atomic_store_explicit(&rd->stats->sessions_open,
	    radius_sessions_count(rd->sessions), memory_order_relaxed);
	rd->writer = radius_writer_new(rd->cfg->store, rd->dedup, rd->stats,
	    rd->rc->acct_flush_ms);
	if (rd->writer == NULL)
		fatalx("radius: cannot start the store writer");
	log_info("radius: %zu SIMs in %zu KiB, %zu open sessions",
	    radius_index_count(rd->index), radius_index_memory(rd->index) >> 10,
	    radius_sessions_count(rd->sessions));
}

int
radius_main(int fd, const struct role_env *env, const struct config *cfg)
{
	struct radiusd rd = {.cfg = cfg, .rc = &cfg->radius};
	struct loop l = {.rd = &rd};

	proc_drop_privileges();
	proc_forget_others("radius", env, cfg);
	signal(SIGPIPE, SIG_IGN);
	chan_init(&rd.ch, fd);
	rd.base = event_base_new();
	if (rd.base == NULL)
		fatalx("event_base_new failed");
	setup(&rd, env);
	rd.coa = radius_coa_new(&rd);
	if (rd.coa == NULL)
		fatalx("radius: out of memory");
	atomic_store_explicit(&rd.stats->running, 1, memory_order_relaxed);
	l.auth = event_new(rd.base, rd.auth_fd, EV_READ | EV_PERSIST, on_auth,
	    &l);
	l.acct = event_new(rd.base, rd.acct_fd, EV_READ | EV_PERSIST, on_acct,
	    &l);
	l.flush = evtimer_new(rd.base, on_flush, &l);
	l.chan = event_new(rd.base, fd, EV_READ | EV_PERSIST, on_chan, &l);
	l.writer = event_new(rd.base, radius_writer_fd(rd.writer),
	    EV_READ | EV_PERSIST, on_writer, &l);
	l.reload = evtimer_new(rd.base, on_reload, &l);
	l.term = evsignal_new(rd.base, SIGTERM, role_on_term, rd.base);
	event_add(l.auth, NULL);
	event_add(l.acct, NULL);
	event_add(l.chan, NULL);
	event_add(l.writer, NULL);
	evsignal_add(l.term, NULL);
	role_announce_ready(&rd.ch, "radius");
	event_base_dispatch(rd.base);
	atomic_store_explicit(&rd.stats->running, 0, memory_order_relaxed);
	/* Answered accounting is committed before the role goes. */
	radius_writer_free(rd.writer);
	radius_coa_free(rd.coa);
	event_free(l.auth);
	event_free(l.acct);
	event_free(l.chan);
	event_free(l.writer);
	event_free(l.flush);
	event_free(l.reload);
	event_free(l.term);
	event_base_free(rd.base);
	evlimit_free(rd.evlimit);
	radius_dedup_free(rd.dedup);
	radius_sessions_free(rd.sessions);
	radius_index_free(rd.index);
	store_free(rd.st);
	close(rd.auth_fd);
	close(rd.acct_fd);
	return 0;
}
