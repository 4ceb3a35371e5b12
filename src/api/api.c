/*
 * The api role's main: read the TLS files while still privileged, drop
 * privileges, start the HTTP thread pool, then serve the parent's channel
 * (configuration reloads) on the main thread until SIGTERM.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "api/api.h"
#include "common/log.h"
#include "daemon/proc.h"

#define TLS_FILE_MAX (256 * 1024)

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

static void
on_parent_msg(void *arg, enum msg_type type, struct ibuf *payload)
{
	struct api *api = arg;
	struct msg_config m;

	if (type != MSG_CONFIG || ipc_decode_config(payload, &m) < 0) {
		log_warnx("unexpected %s message from the parent",
		    ipc_type_name(type));
		return;
	}
	settings_from_msg(api, &m);
	log_info("configuration reloaded");
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

static void
on_term(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	event_base_loopbreak(arg);
}

/* Read a whole PEM file into a NUL-terminated string (caller frees). */
static char *
read_pem(const char *path)
{
	char *buf = malloc(TLS_FILE_MAX + 1);
	ssize_t n = -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd >= 0 && buf != NULL)
		n = read(fd, buf, TLS_FILE_MAX);
	if (fd >= 0)
		close(fd);
	if (n <= 0 || n == TLS_FILE_MAX)
		fatalx("cannot read %s (or it is over 256 KiB)", path);
	buf[n] = '\0';
	return buf;
}

static void
announce_ready(struct api *api)
{
	struct obuf out;

	obuf_init(&out, 64);
	ipc_encode_ready(&out, "api");
	if (chan_send(&api->ch, &out) < 0)
		fatalx("cannot reach the parent");
	obuf_reset(&out);
}

int
api_main(int fd, int listen_fd, const struct config *cfg)
{
	struct api api = {.cfg = cfg, .started = time(NULL)};
	char *cert = NULL, *key = NULL;
	struct msg_config m;
	struct event_base *base;
	struct event *ev, *term;

	if (cfg->tls_cert[0] != '\0') {
		cert = read_pem(cfg->tls_cert);
		key = read_pem(cfg->tls_key);
	}
	proc_drop_privileges(cfg->user);
	chan_init(&api.ch, fd);
	pthread_mutex_init(&api.lock, NULL);
	config_to_msg(cfg, &m);
	settings_from_msg(&api, &m);
	signal(SIGPIPE, SIG_IGN);
	if (http_start(&api, listen_fd, cert, key) < 0)
		fatalx("cannot start the HTTP server on %s", cfg->api_listen);
	announce_ready(&api);
	base = event_base_new();
	ev = event_new(base, fd, EV_READ | EV_PERSIST, on_parent_readable,
	    &api);
	term = evsignal_new(base, SIGTERM, on_term, base);
	event_add(ev, NULL);
	evsignal_add(term, NULL);
	event_base_dispatch(base);
	http_stop(&api);
	event_free(ev);
	event_free(term);
	event_base_free(base);
	if (key != NULL)
		explicit_bzero(key, strlen(key));
	free(cert);
	free(key);
	return 0;
}
