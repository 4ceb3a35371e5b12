/*
 * The scan engine's insides, shared by its files and by nothing else:
 * scanner.c (hosts, connections, rates, the loop), scan_login.c (the
 * dictionary's bookkeeping and the telnet session), scan_ssh.c (the SSH
 * session, through libssh). scanner.h is the interface.
 */
#ifndef AIRLOCK_SCAN_ENGINE_H
#define AIRLOCK_SCAN_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include <libssh/libssh.h>

#include "scan/probe_http.h"
#include "scan/probe_smtp.h"
#include "scan/probe_telnet.h"
#include "scan/scan_ports.h"
#include "scan/scanner.h"

#define NS_PER_MS 1000000ull
#define NS_PER_S 1000000000ull

enum conn_phase { CONN_FREE, CONN_CONNECTING, CONN_READING, CONN_SSH };

/* How a dictionary attempt ended. */
enum attempt {
	ATTEMPT_OK,          /* the pair logged in */
	ATTEMPT_NO_AUTH,     /* in without a credential */
	ATTEMPT_FAILED,      /* the pair was refused: the next one */
	ATTEMPT_NO_PROMPT,   /* no login offered: no more on this port */
	ATTEMPT_NO_PASSWORD, /* SSH without password logins */
	ATTEMPT_LOOKED,      /* no dictionary: the prompt was all we wanted */
};

struct conn {
	enum conn_phase phase;
	int fd; /* -1 once libssh has closed it */
	struct scan_host *host;
	uint16_t port;
	enum scan_probe probe;
	int kind;         /* a dictionary attempt: its scan_login_kind; or -1 */
	int retry;        /* the port's second connect */
	int queued_login; /* started from a login queue: counted in flight */
	size_t open_idx;  /* the port's entry in host->open, or -1 */
	uint64_t deadline;
	uint64_t read_deadline; /* the deadline before a quiet wait */
	int quiet;              /* a shell prompt stands: waiting for quiet */
	char answer[HTTP_HEAD_MAX]; /* a request's answer so far */
	size_t answer_len;
	union {
		struct telnet_probe telnet;
		struct smtp_probe smtp;
	};
	ssh_session ssh;
	int ssh_fd; /* libssh's duplicate of fd */
	int ssh_step;
};

struct scan {
	struct scan_conf conf;
	struct scan_host *hosts;
	size_t n_hosts;
	size_t group, active, admitted, first_active;
	struct conn *conns;
	size_t *free_conns, n_free;
	int epfd;
	uint64_t rate_next;
	unsigned logins_inflight; /* queued logins' connections open */
	char control_pass[24];    /* random, for the control attempts */
	uint64_t done, total;
	struct scan_stats stats;
};

/* scanner.c */
void conn_close(struct scan *s, struct conn *c, int reset);
int conn_watch(struct scan *s, struct conn *c, uint32_t events, int op);
void conn_set_banner(struct conn *c, const char *text, size_t len);
/* The host as a URL or Host header writes it: "10.64.0.7", "[fd64::7]". */
void conn_host(const struct conn *c, char out[ADDR_STRLEN + 2]);

/* scan_login.c */
unsigned scan_login_budget(const struct scan *s);
/* The user and the password the next attempt of l types. */
const char *scan_login_user(
    const struct scan *s, const struct scan_login_state *l);
const char *scan_login_pass(
    const struct scan *s, const struct scan_login_state *l);
void scan_login_done(struct scan *s, struct conn *c, enum attempt a);
/* The port of a login kind that a banner or a connection just found. */
void scan_login_offer(
    struct scan *s, struct scan_host *h, int kind, uint16_t port);
/* A telnet connection is up: the first telnet port's takes the
 * dictionary's first pair; 0 when the connection was closed instead. */
int scan_login_telnet_begin(struct scan *s, struct conn *c);
void scan_login_telnet_read(
    struct scan *s, struct conn *c, const uint8_t *in, size_t n, uint64_t now);
void scan_login_telnet_end(
    struct scan *s, struct conn *c, enum telnet_result r);

/* An HTTP login attempt: its request; 0 when the line refused it (and
 * the connection is closed). */
int scan_login_http_begin(struct scan *s, struct conn *c);
void scan_login_http_end(struct scan *s, struct conn *c, int status);

/* scan_ssh.c */
void scan_ssh_begin(struct scan *s, struct conn *c, uint64_t now);
void scan_ssh_event(struct scan *s, struct conn *c);
void scan_ssh_expire(struct scan *s, struct conn *c);

#endif
