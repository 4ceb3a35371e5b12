/*
 * The api role's main: shed every capability, start the HTTP thread pool on
 * the socket the parent bound (with the TLS key it read), then serve the
 * parent's channel (configuration reloads, and the answers to disconnect
 * requests, handed to the threads that wait for them) on the main thread
 * until SIGTERM.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <event2/event.h>

#include "api/api.h"
#include "daemon/role.h"
#include "api/answer_wait.h"
#include "common/log.h"
#include "daemon/proc.h"
#include "radius/radius_stats.h"

static void
settings_from_msg(struct api *api, const struct msg_config *m)
{
	pthread_mutex_lock(&api->lock);
	api->settings.body_limit = m->body_limit;
	api->settings.import_limit = m->import_limit;
	api->settings.n_networks = m->n_networks;
	memcpy(api->settings.networks, m->networks,
	    sizeof(m->networks[0]) * m->n_networks);
	pthread_mutex_unlock(&api->lock);
	log_setlevel((enum log_level)m->log_level);
}

/* A Disconnect's or a policy operation's answer, to the thread waiting for
 * it. Up to 60 KB: kept off the main thread's small stack. */
static void
on_answer(struct api *api, struct ibuf *payload)
{
	static struct msg_answer m;

	if (ipc_decode_answer(payload, &m) < 0) {
		log_warnx("malformed answer from the parent");
		return;
	}
	if (answer_wait_done(api->dw, &m) < 0)
		log_info("request %u: answer (%s) came after its request "
			 "gave up",
		    m.id, disconnect_outcome_name(m.outcome));
}

static void
on_parent_msg(void *arg, enum msg_type type, struct ibuf *payload)
{
	struct api *api = arg;
	struct msg_config m;

	switch (type) {
	case MSG_CONFIG:
		if (ipc_decode_config(payload, &m) < 0)
			break;
		settings_from_msg(api, &m);
		log_info("configuration reloaded");
		return;
	case MSG_DISCONNECT_DONE:
	case MSG_POLICY_DONE:
		on_answer(api, payload);
		return;
	default:
		break;
	}
	log_warnx("unexpected %s message from the parent",
	    ipc_type_name(type));
}

static void
on_parent_readable(evutil_socket_t fd, short what, void *arg)
{
	struct api *api = arg;

	(void)fd;
	(void)what;
	if (chan_read(&api->ch, on_parent_msg, api) < 0)
		fatalx("lost the parent's channel");
}

/*
 * How long a disconnect may wait: every try of the radius role at every
 * NAS, plus two seconds for the messages through the parent. Waiting
 * threads are capped at one less than the pool, so that one is always
 * free for the rest of the API.
 */
static void
disconnect_setup(struct api *api, const struct config *cfg)
{
	uint64_t ms = (uint64_t)cfg->radius.coa_timeout_ms *
		(cfg->radius.coa_retries + 1ULL) + 2000;
	unsigned waiters = cfg->api_threads > 1 ? cfg->api_threads - 1 : 1;

	api->disconnect_ms = ms > 600000 ? 600000 : (unsigned)ms;
	api->dw = answer_wait_new(waiters);
	if (api->dw == NULL)
		fatalx("out of memory");
}

int
api_main(int fd, const struct role_env *env, const struct config *cfg)
{
	struct api api = {.cfg = cfg, .started = time(NULL)};
	struct msg_config m;
	struct event_base *base;
	struct event *ev, *term;

	proc_drop_privileges();
	proc_forget_others("api", env, cfg);
	/* The radius role's counters: this role only reads them. */
	if (env->radius_stats != NULL &&
	    mprotect(env->radius_stats, sizeof(struct radius_stats),
	    PROT_READ) == 0)
		api.radius_stats = env->radius_stats;
	chan_init(&api.ch, fd);
	pthread_mutex_init(&api.lock, NULL);
	config_to_msg(cfg, &m);
	settings_from_msg(&api, &m);
	disconnect_setup(&api, cfg);
	signal(SIGPIPE, SIG_IGN);
	if (http_start(&api, env->listen_fd, env->tls_cert_pem,
		env->tls_key_pem) < 0)
		fatalx("cannot start the HTTP server on %s", cfg->api_listen);
	role_announce_ready(&api.ch, "api");
	base = event_base_new();
	ev = event_new(base, fd, EV_READ | EV_PERSIST, on_parent_readable,
	    &api);
	term = evsignal_new(base, SIGTERM, role_on_term, base);
	event_add(ev, NULL);
	evsignal_add(term, NULL);
	event_base_dispatch(base);
	answer_wait_shutdown(api.dw);
	http_stop(&api);
	answer_wait_free(api.dw);
	event_free(ev);
	event_free(term);
	event_base_free(base);
	return 0;
}
