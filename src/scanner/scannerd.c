/*
 * The scanner role's main (scanner_role.h): the parent's channel on an
 * event loop, the scans in the worker (scan_jobs.c).
 */
#include <signal.h>

#include <event2/event.h>

#include "common/ipc.h"
#include "common/log.h"
#include "daemon/role.h"
#include "scanner/scan_jobs.h"
#include "scanner/scanner_role.h"

struct scannerd {
	struct chan ch;
	struct scan_jobs *jobs;
};

static void
on_parent_msg(void *arg, enum msg_type type, struct ibuf *payload)
{
	struct scannerd *sd = arg;
	struct msg_config mc;

	if (type == MSG_CONFIG && ipc_decode_config(payload, &mc) == 0) {
		log_setlevel((enum log_level)mc.log_level);
		scan_jobs_set_zone(sd->jobs, mc.networks, mc.n_networks);
		return;
	}
	if (type == MSG_SCAN_WAKE && ipc_decode_empty(payload) == 0) {
		scan_jobs_wake(sd->jobs);
		return;
	}
	log_warnx("unexpected %s message from the parent", ipc_type_name(type));
}

static void
on_chan(evutil_socket_t fd, short what, void *arg)
{
	struct scannerd *sd = arg;

	(void)fd;
	(void)what;
	if (chan_read(&sd->ch, on_parent_msg, sd) < 0)
		fatalx("lost the parent's channel");
}

int
scanner_main(int fd, const struct role_env *env, const struct config *cfg)
{
	static struct scannerd sd;
	struct event_base *base;
	struct event *chan, *term;

	proc_drop_privileges();
	proc_forget_others("scanner", env, cfg);
	signal(SIGPIPE, SIG_IGN);
	chan_init(&sd.ch, fd);
	sd.jobs = scan_jobs_start(cfg, &sd.ch);
	if (sd.jobs == NULL)
		fatalx("scanner: cannot start");
	base = event_base_new();
	if (base == NULL)
		fatalx("scanner: out of memory");
	chan = event_new(base, fd, EV_READ | EV_PERSIST, on_chan, &sd);
	term = evsignal_new(base, SIGTERM, role_on_term, base);
	event_add(chan, NULL);
	evsignal_add(term, NULL);
	role_announce_ready(&sd.ch, "scanner");
	event_base_dispatch(base);
	scan_jobs_stop(sd.jobs);
	event_free(chan);
	event_free(term);
	event_base_free(base);
	return 0;
}
