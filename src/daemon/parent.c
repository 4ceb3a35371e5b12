#include "daemon/parent.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "api/api.h"
#include "common/log.h"
#include "daemon/chan.h"
#include "daemon/enforcer.h"
#include "daemon/events.h"
#include "daemon/response.h"
#include "daemon/sim_action.h"
#include "monitor/monitor.h"
#include "radius/radius.h"
#include "resolver/resolver.h"
#include "scanner/scanner_role.h"

#define EVENT_RETRY_MS 500
/* A role that reads nothing for this long is broken: longer than a role
 * may wait on a locked store (store_sqlite.c's busy timeout, 5 s). */
#define SEND_TIMEOUT_S 15

struct parent;

struct child {
	const char *role;
	pid_t pid;
	int ready;  /* said MSG_READY: once, or the role is broken */
	int killed; /* stopped for not reading: sent nothing more */
	struct chan ch;
	struct event *ev;
	struct parent *p;
};

enum {
	CHILD_API,
	CHILD_RADIUS,
	CHILD_MONITOR,
	CHILD_RESOLVER,
	CHILD_SCANNER,
	CHILD_COUNT
};

struct parent {
	struct event_base *base;
	struct config *cfg;
	const char *cfg_path;
	int verbose;
	struct store *st;
	struct events *events;
	struct sim_actions *actions;   /* the radius role's */
	struct sim_actions *responses; /* the response policy's */
	struct enforcer *enf; /* NULL with enforce off */
	unsigned dns_sent;     /* the names' generation the resolver has */
	struct event *counters; /* the zone's counters into the store */
	struct event *health;	/* is the table still there? */
	struct event *dns;	/* the DNS answers merged, to apply */
	struct event *retry;
	struct child child[CHILD_COUNT];
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
/* The scanner's settings but its zone, which follows device-network. */
static int
scan_settings_differ(
    const struct scan_role_conf *a, const struct scan_role_conf *b)
{
	static struct scan_role_conf x, y; /* large: not on the stack */

	x = *a;
	y = *b;
	memset(&x.engine.zone, 0, sizeof(x.engine.zone));
	memset(&y.engine.zone, 0, sizeof(y.engine.zone));
	return memcmp(&x, &y, sizeof(x)) != 0;
}

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
	if (memcmp(&old->radius, &nc->radius, sizeof(nc->radius)) != 0)
		log_warnx(RESTART_MSG, "a radius setting");
	if (memcmp(&old->policy, &nc->policy, sizeof(nc->policy)) != 0)
		log_warnx(RESTART_MSG, "an airlock setting (enforce, groups, "
				       "controllers, respond...)");
	if (scan_settings_differ(&old->scan, &nc->scan))
		log_warnx(RESTART_MSG, "a scanner setting (scan-every, "
				       "scan-on-appearance, scan-logins, "
				       "scan-set)");
}

static int send_to(struct parent *p, int which, const struct obuf *out);

static void
send_config(struct parent *p)
{
	struct msg_config m;
	struct obuf out;

	config_to_msg(p->cfg, &m);
	obuf_init(&out, IPC_HDR_LEN + IPC_MAX_PAYLOAD);
	ipc_encode_config(&out, &m);
	for (int i = 0; i < CHILD_COUNT; i++)
		if (p->child[i].pid > 0 && send_to(p, i, &out) < 0)
			log_warnx("reload: cannot notify the %s role",
			    p->child[i].role);
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
	/* The device zone is the table's: with enforce on, a new network
	 * would let the API accept addresses the kernel does not filter. */
	if (p->enf != NULL &&
	    (p->cfg->n_networks != nc.n_networks ||
		memcmp(p->cfg->networks, nc.networks, sizeof(nc.networks)) != 0))
		log_warnx(RESTART_MSG, "device-network (enforce on)");
	else {
		p->cfg->n_networks = nc.n_networks;
		memcpy(p->cfg->networks, nc.networks, sizeof(nc.networks));
	}
	log_setlevel(p->cfg->log_level);
	send_config(p);
	log_info("reload: %s applied", p->cfg_path);
}

/* Send whole frames to a child, if it runs. */
static int
send_to(struct parent *p, int which, const struct obuf *out)
{
	struct child *c = &p->child[which];

	int rc;

	if (c->pid <= 0 || c->killed || obuf_failed(out))
		return -1;
	rc = chan_send(&c->ch, out);
	/* Its channel stayed full: the role reads nothing. It must not stall
	 * the parent (a hung or hostile role could), and a frame written in
	 * part leaves the stream broken: the role is stopped, which stops
	 * the daemon, for the service manager to restart. */
	if (rc == -EAGAIN || rc == -EWOULDBLOCK) {
		log_warnx("the %s role has not read its channel for %d s; "
			  "stopping it",
		    c->role, SEND_TIMEOUT_S);
		kill(c->pid, SIGKILL);
		c->killed = 1;
	}
	return rc;
}

/* The profiles' DNS names, to the resolver role, in as many frames as
 * they need; again after each reload (they may have changed). */
static void
send_dns_names(struct parent *p)
{
	static struct msg_dns_names m; /* 50 KiB: kept off the stack */
	size_t n = enforcer_dns_count(p->enf), i = 0;
	struct obuf out;

	if (p->child[CHILD_RESOLVER].pid <= 0)
		return;
	obuf_init(&out, IPC_HDR_LEN + IPC_MAX_PAYLOAD);
	do {
		m.first = i == 0;
		for (m.n = 0; i < n && m.n < IPC_DNS_NAMES_MAX; i++, m.n++)
			snprintf(m.names[m.n], sizeof(m.names[m.n]), "%s",
			    enforcer_dns_name(p->enf, i));
		m.last = i == n;
		obuf_clear(&out);
		ipc_encode_dns_names(&out, &m);
		if (send_to(p, CHILD_RESOLVER, &out) < 0) {
			log_warnx("cannot send the DNS names to the resolver");
			break;
		}
	} while (i < n);
	obuf_reset(&out);
	p->dns_sent = enforcer_dns_generation(p->enf);
}

/* Rebuild the table; the resolver hears of the names it now uses. */
static int
reload(struct parent *p)
{
	int rc = enforcer_reload(p->enf);

	if (p->dns_sent != enforcer_dns_generation(p->enf))
		send_dns_names(p);
	return rc;
}

/* The registry changed: the kernel's table follows. A change the kernel
 * refused leaves the previous state (logged); a reload ends any drift. */
static void
enforce_change(struct parent *p, enum sim_change what, const char *id)
{
	int rc = 0;

	if (p->enf == NULL)
		return;
	switch (what) {
	case SIM_CHANGE_BULK:
	case SIM_CHANGE_PROFILES:
		reload(p);
		break;
	case SIM_CHANGE_DEVICE:
		rc = enforcer_device(p->enf, strtoll(id, NULL, 10));
		break;
	case SIM_CHANGE_BINDING:
		break;
	default:
		rc = enforcer_sim(p->enf, id);
		break;
	}
	/* A change the kernel refused (an element missing after a hand
	 * edit, say) is not left undone: the whole table is rebuilt. */
	if (rc < 0 && reload(p) < 0)
		log_warnx("policy: the kernel's table may not match the "
			  "registry; see airlock policy diff");
}

/* Ask the radius role to cut a SIM's sessions off; nobody waits for the
 * answer (id 0): it comes back as a radius_disconnect event. */
static void
request_disconnect(struct parent *p, const char *iccid, const char *reason)
{
	struct msg_disconnect m = {.id = 0};
	struct obuf out;

	if (p->child[CHILD_RADIUS].pid <= 0)
		return;
	snprintf(m.iccid, sizeof(m.iccid), "%s", iccid);
	snprintf(m.reason, sizeof(m.reason), "%s", reason);
	obuf_init(&out, IPC_HDR_LEN + IPC_MAX_PAYLOAD);
	ipc_encode_disconnect(&out, &m);
	if (send_to(p, CHILD_RADIUS, &out) < 0)
		log_warnx("cannot ask the radius role to disconnect %s", iccid);
	obuf_reset(&out);
}

/* A quarantined SIM's sessions are cut off too (RFC 5176). */
static void
disconnect_quarantined(struct parent *p, const char *iccid)
{
	struct sim s;

	if (p->child[CHILD_RADIUS].pid > 0 &&
	    store_sim_get(p->st, iccid, &s) == 0 && s.state == SIM_QUARANTINED)
		request_disconnect(p, iccid, "quarantine");
}

static void
notify_sim(struct parent *p, enum sim_change what, const char *iccid)
{
	struct msg_sim_changed m = {.what = (uint8_t)what};
	struct obuf out;

	enforce_change(p, what, iccid);
	if (what == SIM_CHANGE_DEVICE)
		return;
	if (what == SIM_CHANGE_STATE)
		disconnect_quarantined(p, iccid);
	snprintf(m.iccid, sizeof(m.iccid), "%s", iccid);
	obuf_init(&out, 128);
	ipc_encode_sim_changed(&out, &m);
	if (p->child[CHILD_RADIUS].pid > 0 &&
	    send_to(p, CHILD_RADIUS, &out) < 0)
		log_warnx("cannot tell the radius role that SIM %s changed",
		    iccid);
	obuf_reset(&out);
}

static void
action_done(void *arg, enum sim_change what, const char *id)
{
	notify_sim(arg, what, id);
}

/* Write queued events and state changes; what the store refused for now
 * is retried soon. */
static void
flush_events(struct parent *p)
{
	struct timeval tv = {0, EVENT_RETRY_MS * 1000};
	size_t left = events_flush(p->events);

	left += sim_actions_flush(p->actions, action_done, p);
	left += sim_actions_flush(p->responses, action_done, p);
	if (left > 0 && !evtimer_pending(p->retry, NULL))
		evtimer_add(p->retry, &tv);
}

static void
on_counters(evutil_socket_t fd, short what, void *arg)
{
	struct parent *p = arg;
	struct timeval tv = {.tv_sec = p->cfg->policy.counter_interval};

	(void)fd;
	(void)what;
	enforcer_collect(p->enf, (int64_t)(time(NULL) / 86400));
	evtimer_add(p->counters, &tv);
}

/* The table gone (nft flush ruleset, a firewall service restarted) leaves
 * the zone open: checked every second, and put back at once. */
static void
on_health(evutil_socket_t fd, short what, void *arg)
{
	struct parent *p = arg;
	struct timeval tv = {.tv_sec = 1};

	(void)fd;
	(void)what;
	if (enforcer_check(p->enf) < 0) {
		log_warnx("policy: the table is gone from the kernel; "
			  "applying it again");
		reload(p);
	}
	evtimer_add(p->health, &tv);
}

static void
on_dns(evutil_socket_t fd, short what, void *arg)
{
	struct parent *p = arg;

	(void)fd;
	(void)what;
	enforcer_dns_apply(p->enf);
}

static void
on_retry(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	flush_events(arg);
}

/* A disconnect asked by the api: to the radius role, or answered at once
 * when there is none. */
static void
route_disconnect(struct parent *p, struct ibuf *payload)
{
	static struct msg_answer none;
	struct msg_disconnect m;
	struct obuf out;

	if (ipc_decode_disconnect(payload, &m) < 0) {
		log_warnx("refused a malformed disconnect from the api role");
		return;
	}
	obuf_init(&out, IPC_HDR_LEN + IPC_MAX_PAYLOAD);
	ipc_encode_disconnect(&out, &m);
	if (send_to(p, CHILD_RADIUS, &out) < 0) {
		obuf_reset(&out);
		memset(&none, 0, sizeof(none));
		none.id = m.id;
		none.outcome = DISCONNECT_UNAVAILABLE;
		snprintf(none.detail, sizeof(none.detail), "[]");
		ipc_encode_answer(&out, MSG_DISCONNECT_DONE, &none);
		send_to(p, CHILD_API, &out);
	}
	obuf_reset(&out);
}

static void
route_disconnect_done(struct parent *p, struct ibuf *payload)
{
	static struct msg_answer m;
	struct obuf out;

	if (ipc_decode_answer(payload, &m) < 0) {
		log_warnx("refused a malformed disconnect answer");
		return;
	}
	if (m.id == 0) /* the parent's own, for a quarantine */
		return;
	obuf_init(&out, IPC_HDR_LEN + IPC_MAX_PAYLOAD);
	ipc_encode_answer(&out, MSG_DISCONNECT_DONE, &m);
	if (send_to(p, CHILD_API, &out) < 0)
		log_warnx("cannot pass a disconnect answer to the api role");
	obuf_reset(&out);
}

/* The diff's text for the answer: the count on the first line, then as
 * many lines as fit. */
static void
diff_answer(struct parent *p, struct msg_answer *a)
{
	struct obuf text;
	int n;
	size_t used;

	obuf_init(&text, 64u << 20);
	n = enforcer_diff(p->enf, &text);
	a->outcome = n < 0 ? DISCONNECT_FAILED : DISCONNECT_DONE;
	if (n < 0) {
		snprintf(a->detail, sizeof(a->detail), "%s",
		    text.len ? text.data : "cannot compare: out of memory");
		goto out;
	}
	used = (size_t)snprintf(a->detail, sizeof(a->detail), "%d\n", n);
	if (text.len == 0)
		; /* in sync: the count alone */
	else if (text.len < sizeof(a->detail) - used)
		memcpy(a->detail + used, text.data, text.len + 1);
	else
		snprintf(a->detail + used, sizeof(a->detail) - used,
		    "%.*s...\n(cut: %zu bytes in all)\n",
		    (int)(sizeof(a->detail) - used - 64), text.data, text.len);
out:
	obuf_reset(&text);
}

/* A policy operation asked by the api: done here, where CAP_NET_ADMIN is,
 * and answered. */
static void
route_policy(struct parent *p, struct ibuf *payload)
{
	static struct msg_answer a;
	struct msg_policy m;
	struct obuf out;

	if (ipc_decode_policy(payload, &m) < 0) {
		log_warnx("refused a malformed policy request");
		return;
	}
	memset(&a, 0, sizeof(a));
	a.id = m.id;
	if (p->enf == NULL) {
		a.outcome = DISCONNECT_UNAVAILABLE;
		snprintf(a.detail, sizeof(a.detail), "enforce is off: "
		    "airlockd does not manage nftables");
	} else if (m.op == POLICY_OP_APPLY) {
		a.outcome = reload(p) == 0 ? DISCONNECT_DONE :
							    DISCONNECT_FAILED;
		snprintf(a.detail, sizeof(a.detail), "%s",
		    enforcer_status(p->enf));
	} else {
		diff_answer(p, &a);
	}
	obuf_init(&out, IPC_HDR_LEN + IPC_MAX_PAYLOAD);
	ipc_encode_answer(&out, MSG_POLICY_DONE, &a);
	if (send_to(p, CHILD_API, &out) < 0)
		log_warnx("cannot answer the api role's policy request");
	obuf_reset(&out);
}

/* The response policy (response.c): a quarantine goes through the state
 * machine, audited with the actor "response"; a disconnect asks the
 * radius role. Returns what the event records. */
static const char *
respond(struct parent *p, const struct msg_event *m)
{
	static struct response r;
	struct msg_sim_action sa = {.action = SIM_QUARANTINE};

	response_decide(&p->cfg->policy, p->st, m, &r);
	if (r.action == RESPONSE_QUARANTINE && r.device != 0) {
		snprintf(sa.reason, sizeof(sa.reason),
		    "response to a %s event on %s", m->type, m->subject);
		if (sim_actions_add_device(p->responses, r.device, sa.reason) <
		    0)
			snprintf(r.text, sizeof(r.text), "alert (queue full)");
		log_info("response to %s on %s: %s device %lld", m->type,
		    m->subject, r.text, (long long)r.device);
		return r.text;
	}
	if (r.action == RESPONSE_QUARANTINE) {
		snprintf(sa.iccid, sizeof(sa.iccid), "%s", r.iccid);
		snprintf(sa.reason, sizeof(sa.reason),
		    "response to a %s event on %s", m->type, m->subject);
		if (sim_actions_add(p->responses, &sa) < 0)
			snprintf(r.text, sizeof(r.text), "alert (queue full)");
	} else if (r.action == RESPONSE_DISCONNECT) {
		request_disconnect(p, r.iccid, m->type);
	}
	if (r.action != RESPONSE_ALERT)
		log_info("response to %s on %s: %s SIM %s", m->type,
		    m->subject, r.text, r.iccid);
	return r.text;
}

/* A scan was queued (in the store): the scanner looks at its queue. */
static void
wake_scanner(struct parent *p)
{
	struct obuf out;

	if (p->child[CHILD_SCANNER].pid <= 0)
		return;
	obuf_init(&out, IPC_HDR_LEN);
	ipc_encode_empty(&out, MSG_SCAN_WAKE);
	if (send_to(p, CHILD_SCANNER, &out) < 0)
		log_warnx("cannot wake the scanner role");
	obuf_reset(&out);
}

/* Each message is accepted only from the role that may send it: the api
 * asks for disconnects and scans and reports SIM changes, the radius role
 * answers disconnects and asks for state changes; they, the monitor and
 * the scanner send events; the resolver sends DNS answers and nothing
 * else. */
static void
on_child_msg(void *arg, enum msg_type type, struct ibuf *payload)
{
	struct child *c = arg;
	struct parent *p = c->p;
	int is_api = c == &p->child[CHILD_API];
	int is_radius = c == &p->child[CHILD_RADIUS];
	int is_resolver = c == &p->child[CHILD_RESOLVER];
	struct msg_sim_changed sc;
	static struct msg_event m;
	static struct msg_dns_answer da;
	static const struct timeval dns_delay = {.tv_usec = 100000};
	struct msg_sim_action sa;
	char role[32];
	int rc;

	switch (type) {
	case MSG_READY:
		if (c->ready || ipc_decode_ready(payload, role, sizeof(role)) < 0)
			break;
		c->ready = 1;
		log_info("%s role is serving", role);
		if (is_resolver)
			send_dns_names(p);
		return;
	case MSG_DNS_ANSWER:
		if (!is_resolver || p->enf == NULL ||
		    ipc_decode_dns_answer(payload, &da) < 0)
			break;
		/* The resolver clamps the TTL already; a broken one must
		 * not keep an address for ever. */
		if (da.ttl > p->cfg->policy.dns_max_ttl)
			da.ttl = p->cfg->policy.dns_max_ttl;
		/* A burst of answers is one transaction, 100 ms later. */
		if (enforcer_dns(p->enf, da.name,
		        da.family == 4 ? AF_INET : AF_INET6, da.addrs, da.n,
		        da.ttl + p->cfg->policy.dns_grace) == 1)
			evtimer_add(p->dns, &dns_delay);
		return;
	case MSG_SIM_CHANGED:
		if (!is_api || ipc_decode_sim_changed(payload, &sc) < 0)
			break;
		log_debug("sim %s changed (%u)", sc.iccid, sc.what);
		notify_sim(p, (enum sim_change)sc.what, sc.iccid);
		return;
	case MSG_DISCONNECT:
		if (!is_api)
			break;
		route_disconnect(p, payload);
		return;
	case MSG_DISCONNECT_DONE:
		if (!is_radius)
			break;
		route_disconnect_done(p, payload);
		return;
	case MSG_POLICY:
		if (!is_api)
			break;
		route_policy(p, payload);
		return;
	case MSG_SCAN_WAKE:
		if (!is_api || ipc_decode_empty(payload) < 0)
			break;
		wake_scanner(p);
		return;
	case MSG_SIM_ACTION:
		if (!is_radius || ipc_decode_sim_action(payload, &sa) < 0)
			break;
		if (sim_actions_add(p->actions, &sa) == 0)
			flush_events(p);
		return;
	case MSG_EVENT:
		if (is_resolver)
			break;
		rc = ipc_decode_event(payload, &m);
		/* the role that parses the most hostile input may raise its
		 * own two types and nothing else */
		if (rc == 0 && c == &p->child[CHILD_SCANNER] &&
		    strcmp(m.type, "scan_high") != 0 &&
		    strcmp(m.type, "scan_critical") != 0) {
			log_warnx("refused a %s event from the scanner role",
			    m.type);
			return;
		}
		if (rc == 0)
			rc = events_add(p->events, &m, respond(p, &m));
		if (rc == 0)
			flush_events(p);
		else if (rc != -ENOSPC)
			log_warnx("refused a malformed event from the %s role",
			    c->role);
		return;
	default:
		break;
	}
	log_warnx("unexpected %s message from the %s role",
	    ipc_type_name(type), c->role);
}

static void
on_child_readable(evutil_socket_t fd, short what, void *arg)
{
	struct child *c = arg;

	(void)fd;
	(void)what;
	if (chan_read(&c->ch, on_child_msg, c) < 0) {
		log_warnx("lost the %s role's channel", c->role);
		c->p->status = 1;
		event_base_loopbreak(c->p->base);
	}
}

/* Reap children; a role's death ends the daemon (systemd restarts it),
 * since a gateway with a dead role is not one to keep serving. The
 * firewall, later, stays in the kernel meanwhile: devices stay isolated. */
static void
reap_children(struct parent *p)
{
	pid_t pid;
	int status;

	for (;;) {
		pid = waitpid(-1, &status, WNOHANG);
		if (pid <= 0)
			return;
		for (int i = 0; i < CHILD_COUNT; i++) {
			if (pid != p->child[i].pid)
				continue;
			log_warnx("%s role exited (status %d); shutting down",
			    p->child[i].role,
			    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
			p->child[i].pid = 0;
			p->status = 1;
			event_base_loopbreak(p->base);
		}
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

	for (int i = 0; i < CHILD_COUNT; i++)
		if (p->child[i].pid > 0)
			kill(p->child[i].pid, SIGTERM);
	for (int i = 0; i < CHILD_COUNT; i++) {
		struct child *c = &p->child[i];

		if (c->pid <= 0 || waitpid(c->pid, &status, 0) < 0)
			continue;
		c->pid = 0;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			log_warnx("%s role did not stop cleanly (status %d)",
			    c->role, WIFEXITED(status) ? WEXITSTATUS(status) :
							 -WTERMSIG(status));
			p->status = 1;
		}
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
	p->actions = sim_actions_new(p->st, "radius");
	p->responses = sim_actions_new(p->st, "response");
	if (p->events == NULL || p->actions == NULL || p->responses == NULL)
		fatal("events_new");
}

/* The device zone's table, reconciled with the registry before any role
 * serves: the API answers only once devices are isolated. The store is
 * opened for it and closed again, as a SQLite connection must not cross
 * the fork. Failing closed: airlockd does not serve a zone it cannot
 * enforce. */
static void
start_enforcer(struct parent *p)
{
	struct store *st;
	char err[512];

	if (!p->cfg->policy.enforce) {
		log_warnx("enforce off: airlockd does not touch nftables; the "
			  "device zone is not isolated by it");
		return;
	}
	st = store_open(p->cfg->store, err, sizeof(err));
	if (st == NULL)
		fatalx("store %s: %s", p->cfg->store, err);
	p->enf = enforcer_new(&p->cfg->policy.zone, st);
	if (p->enf == NULL)
		fatalx("policy: libnftables cannot start");
	if (enforcer_reload(p->enf) < 0)
		fatalx("policy: cannot apply the device zone's ruleset; "
		       "refusing to run without it (enforce off to run "
		       "without nftables)");
	enforcer_set_store(p->enf, NULL);
	enforcer_close_kernel(p->enf);
	store_free(st);
}

static void
watch_child(struct parent *p, int which, const char *role, pid_t pid, int fd)
{
	struct child *c = &p->child[which];
	struct timeval limit = {.tv_sec = SEND_TIMEOUT_S};

	c->role = role;
	c->pid = pid;
	c->p = p;
	if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof(limit)) < 0)
		fatal("SO_SNDTIMEO on the %s role's channel", role);
	chan_init(&c->ch, fd);
	c->ev = event_new(p->base, fd, EV_READ | EV_PERSIST,
	    on_child_readable, c);
	event_add(c->ev, NULL);
}

int
parent_run(struct config *cfg, const char *cfg_path, int verbose,
    const struct role_env *env)
{
	static const int sigs[] = {SIGHUP, SIGTERM, SIGINT, SIGCHLD};
	struct event *sigev[4];
	struct parent p = {.cfg = cfg, .cfg_path = cfg_path,
	    .verbose = verbose};
	int fd[CHILD_COUNT] = {-1, -1, -1, -1, -1};
	pid_t pid[CHILD_COUNT] = {0, 0, 0, 0, 0};

	signal(SIGPIPE, SIG_IGN);
	start_enforcer(&p);
	/* Fork before the event base exists: a child must not inherit the
	 * parent's libevent signal state. A child that dies before the
	 * handlers are in place is still noticed, as its channel closes. */
	pid[CHILD_API] = proc_spawn("api", api_main, env, cfg, &fd[CHILD_API]);
	if (cfg->radius.enabled)
		pid[CHILD_RADIUS] = proc_spawn("radius", radius_main, env, cfg,
		    &fd[CHILD_RADIUS]);
	if (env->nflog != NULL || env->capture != NULL)
		pid[CHILD_MONITOR] = proc_spawn("monitor", monitor_main, env,
		    cfg, &fd[CHILD_MONITOR]);
	/* The resolver keeps the profiles' DNS names resolved; the table's
	 * name sets are the enforcer's, so it runs only with enforce on. */
	if (p.enf != NULL)
		pid[CHILD_RESOLVER] = proc_spawn("resolver", resolver_main, env,
		    cfg, &fd[CHILD_RESOLVER]);
	pid[CHILD_SCANNER] = proc_spawn("scanner", scanner_main, env, cfg,
	    &fd[CHILD_SCANNER]);
	monitor_close(env->nflog);
	monitor_close(env->capture);
	close(env->listen_fd);
	if (env->radius_auth_fd >= 0)
		close(env->radius_auth_fd);
	if (env->radius_acct_fd >= 0)
		close(env->radius_acct_fd);
	open_parent_store(&p);
	if (p.enf != NULL) {
		enforcer_set_store(p.enf, p.st);
		if (enforcer_open_kernel(p.enf) < 0)
			fatalx("policy: libnftables cannot start");
	}
	p.base = event_base_new();
	if (p.base == NULL)
		fatalx("event_base_new failed");
	for (size_t i = 0; i < 4; i++) {
		sigev[i] = evsignal_new(p.base, sigs[i], on_signal, &p);
		evsignal_add(sigev[i], NULL);
	}
	p.retry = evtimer_new(p.base, on_retry, &p);
	if (p.enf != NULL) {
		p.counters = evtimer_new(p.base, on_counters, &p);
		p.health = evtimer_new(p.base, on_health, &p);
		p.dns = evtimer_new(p.base, on_dns, &p);
		on_counters(-1, 0, &p);
		on_health(-1, 0, &p);
	}
	watch_child(&p, CHILD_API, "api", pid[CHILD_API], fd[CHILD_API]);
	if (pid[CHILD_RADIUS] > 0)
		watch_child(&p, CHILD_RADIUS, "radius", pid[CHILD_RADIUS],
		    fd[CHILD_RADIUS]);
	if (pid[CHILD_MONITOR] > 0)
		watch_child(&p, CHILD_MONITOR, "monitor", pid[CHILD_MONITOR],
		    fd[CHILD_MONITOR]);
	if (pid[CHILD_RESOLVER] > 0)
		watch_child(&p, CHILD_RESOLVER, "resolver",
		    pid[CHILD_RESOLVER], fd[CHILD_RESOLVER]);
	watch_child(&p, CHILD_SCANNER, "scanner", pid[CHILD_SCANNER],
	    fd[CHILD_SCANNER]);
	event_base_dispatch(p.base);
	parent_stop_children(&p);
	events_flush(p.events);
	sim_actions_flush(p.actions, action_done, &p);
	sim_actions_flush(p.responses, action_done, &p);
	for (int i = 0; i < CHILD_COUNT; i++) {
		if (p.child[i].ev != NULL)
			event_free(p.child[i].ev);
		if (fd[i] >= 0)
			close(fd[i]);
	}
	event_free(p.retry);
	if (p.counters != NULL) {
		enforcer_collect(p.enf, (int64_t)(time(NULL) / 86400));
		event_free(p.counters);
		event_free(p.health);
		event_free(p.dns);
	}
	for (size_t i = 0; i < 4; i++)
		event_free(sigev[i]);
	event_base_free(p.base);
	sim_actions_free(p.actions);
	sim_actions_free(p.responses);
	enforcer_free(p.enf);
	events_free(p.events);
	store_free(p.st);
	return p.status;
}
