#include "daemon/parent.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <event2/event.h>

#include "api/api.h"
#include "common/log.h"
#include "daemon/chan.h"
#include "daemon/events.h"

#define EVENT_RETRY_MS 500

struct child {
	pid_t pid;
	struct chan ch;
	struct event *ev;
};

struct parent {
	struct event_base *base;
	struct config *cfg;
	const char *cfg_path;
	int verbose;
	struct store *st;
	struct events *events;
	struct event *retry;
	struct child api;
	int status;
};

static void
log_config_error(void *arg, const char *file, unsigned line, const char *msg)
{
	(void)arg;
	log_warnx("%s:%u: %s", file, line, msg);
}

#define RESTART_MSG "reload: %s changed; restart to apply"

/* Settings that live in sockets, files or process identity: changing them
 * needs a restart, and a reload says so instead of half-applying them. */
static void
warn_restart_needed(const struct config *old, const struct config *nc)
{
	if (strcmp(old->api_listen, nc->api_listen) != 0)
		log_warnx(RESTART_MSG, "api-listen");
	if (strcmp(old->store, nc->store) != 0)
		log_warnx(RESTART_MSG, "store");
	if (strcmp(old->user, nc->user) != 0)
		log_warnx(RESTART_MSG, "user");
	if (old->api_threads != nc->api_threads)
		log_warnx(RESTART_MSG, "api-threads");
	if (old->log_syslog != nc->log_syslog)
		log_warnx(RESTART_MSG, "log-target");
	if (strcmp(old->tls_cert, nc->tls_cert) != 0 ||
	    strcmp(old->tls_key, nc->tls_key) != 0)
		log_warnx(RESTART_MSG, "TLS files");
}

static void
send_config(struct parent *p)
{
	struct msg_config m;
	struct obuf out;

	config_to_msg(p->cfg, &m);
	obuf_init(&out, IPC_HDR_LEN + IPC_MAX_PAYLOAD);
	ipc_encode_config(&out, &m);
	if (chan_send(&p->api.ch, &out) < 0)
		log_warnx("reload: cannot notify the api role");
	obuf_reset(&out);
}

static void
parent_reload(struct parent *p)
{
	struct config nc;
	int errors;

	if (p->cfg_path == NULL) {
		log_info("reload: running on built-in defaults, nothing to "
			 "reload");
		return;
	}
	config_defaults(&nc);
	errors = config_load(&nc, p->cfg_path, log_config_error, NULL);
	if (errors > 0) {
		log_warnx("reload: %s has %d error%s; keeping the running "
			  "configuration", p->cfg_path, errors,
		    errors == 1 ? "" : "s");
		return;
	}
	warn_restart_needed(p->cfg, &nc);
	p->cfg->log_level = p->verbose ? LOG_LEVEL_DEBUG : nc.log_level;
	p->cfg->api_body_limit = nc.api_body_limit;
	p->cfg->api_import_limit = nc.api_import_limit;
	p->cfg->n_networks = nc.n_networks;
	memcpy(p->cfg->networks, nc.networks, sizeof(nc.networks));
	log_setlevel(p->cfg->log_level);
	send_config(p);
	log_info("reload: %s applied", p->cfg_path);
}

/* Write queued events; what the store refused for now is retried soon. */
static void
flush_events(struct parent *p)
{
	struct timeval tv = {0, EVENT_RETRY_MS * 1000};

	if (events_flush(p->events) > 0 && !evtimer_pending(p->retry, NULL))
		evtimer_add(p->retry, &tv);
}

static void
on_retry(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	flush_events(arg);
}

static void
on_child_msg(void *arg, enum msg_type type, struct ibuf *payload)
{
	struct parent *p = arg;
	struct msg_sim_changed sc;
	struct msg_event m;
	char role[32];
	int rc;

	switch (type) {
	case MSG_READY:
		if (ipc_decode_ready(payload, role, sizeof(role)) == 0)
			log_info("%s role is serving", role);
		break;
	case MSG_SIM_CHANGED:
		/* Fanned out to the radius role once it exists; the api
		 * already wrote the store. */
		if (ipc_decode_sim_changed(payload, &sc) == 0)
			log_debug("sim %s changed (%u)", sc.iccid, sc.what);
		break;
	case MSG_EVENT:
		rc = ipc_decode_event(payload, &m);
		if (rc == 0)
			rc = events_add(p->events, &m);
		if (rc == 0)
			flush_events(p);
		else if (rc != -ENOSPC)
			log_warnx("refused a malformed event from a role");
		break;
	default:
		log_warnx("unexpected %s message from a child",
		    ipc_type_name(type));
		break;
	}
}

static void
on_child_readable(evutil_socket_t fd, short what, void *arg)
{
	struct parent *p = arg;

	(void)fd;
	(void)what;
	if (chan_read(&p->api.ch, on_child_msg, p) < 0) {
		log_warnx("lost the api role's channel");
		p->status = 1;
		event_base_loopbreak(p->base);
	}
}

/* Reap children; the api role's death ends the daemon (systemd restarts
 * it), since a gateway with a dead role is not one to keep serving. */
static void
reap_children(struct parent *p)
{
	pid_t pid;
	int status;

	for (;;) {
		pid = waitpid(-1, &status, WNOHANG);
		if (pid <= 0)
			return;
		if (pid != p->api.pid)
			continue;
		log_warnx("api role exited (status %d); shutting down",
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		p->api.pid = 0;
		p->status = 1;
		event_base_loopbreak(p->base);
	}
}

static void
on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct parent *p = arg;

	(void)what;
	if (sig == SIGHUP) {
		parent_reload(p);
	} else if (sig == SIGCHLD) {
		reap_children(p);
	} else {
		log_info("received signal %d; shutting down", (int)sig);
		event_base_loopbreak(p->base);
	}
}

/* Stop the children and wait for them, so no role outlives the parent.
 * A role that does not exit cleanly makes the daemon's exit status 1, so
 * that a supervisor (or a sanitizer run) sees it. */
static void
parent_stop_children(struct parent *p)
{
	int status;

	if (p->api.pid <= 0)
		return;
	kill(p->api.pid, SIGTERM);
	if (waitpid(p->api.pid, &status, 0) < 0)
		return;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		log_warnx("api role did not stop cleanly (status %d)",
		    WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status));
		p->status = 1;
	}
}

/* The parent's own store connection, opened after the fork (a SQLite
 * connection must not cross one). Event writes never wait for a lock. */
static void
open_parent_store(struct parent *p)
{
	char err[512];

	p->st = store_open(p->cfg->store, err, sizeof(err));
	if (p->st == NULL)
		fatalx("store %s: %s", p->cfg->store, err);
	store_busy_timeout(p->st, 0);
	p->events = events_new(p->st);
	if (p->events == NULL)
		fatal("events_new");
}

int
parent_run(struct config *cfg, const char *cfg_path, int verbose,
    const struct role_env *env)
{
	static const int sigs[] = {SIGHUP, SIGTERM, SIGINT, SIGCHLD};
	struct event *sigev[4];
	struct parent p = {.cfg = cfg, .cfg_path = cfg_path,
	    .verbose = verbose};
	int fd;

	signal(SIGPIPE, SIG_IGN);
	/* Fork before the event base exists: a child must not inherit the
	 * parent's libevent signal state. A child that dies before the
	 * handlers are in place is still noticed, as its channel closes. */
	p.api.pid = proc_spawn("api", api_main, env, cfg, &fd);
	close(env->listen_fd);
	open_parent_store(&p);
	p.base = event_base_new();
	if (p.base == NULL)
		fatalx("event_base_new failed");
	for (size_t i = 0; i < 4; i++) {
		sigev[i] = evsignal_new(p.base, sigs[i], on_signal, &p);
		evsignal_add(sigev[i], NULL);
	}
	p.retry = evtimer_new(p.base, on_retry, &p);
	chan_init(&p.api.ch, fd);
	p.api.ev = event_new(p.base, fd, EV_READ | EV_PERSIST,
	    on_child_readable, &p);
	event_add(p.api.ev, NULL);
	event_base_dispatch(p.base);
	parent_stop_children(&p);
	events_flush(p.events);
	event_free(p.api.ev);
	event_free(p.retry);
	close(fd);
	for (size_t i = 0; i < 4; i++)
		event_free(sigev[i]);
	event_base_free(p.base);
	events_free(p.events);
	store_free(p.st);
	return p.status;
}
