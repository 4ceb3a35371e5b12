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
#include <openssl/ssl.h>

#include "scan/probe_http.h"
#include "scan/probe_smtp.h"
#include "scan/probe_telnet.h"
#include "scan/scan_ports.h"
#include "scan/scan_udp.h"
#include "scan/scanner.h"

#define NS_PER_MS 1000000ull
#define NS_PER_S 1000000000ull

enum conn_phase {
	CONN_FREE,
	CONN_CONNECTING,
	CONN_READING,
	CONN_SSH,
	CONN_TLS,
	CONN_UDP /* a UDP probe (scan_udp.c) */
};

/* What a follow-up connection (struct scan_follow) is for. */
enum scan_follow_kind {
	FOLLOW_NONE,
	FOLLOW_TLS_LEGACY, /* a handshake offering only TLS 1.0 and 1.1 */
	FOLLOW_ADMIN_PATH, /* a GET of an admin path (index), or of a random
	                    * one (index == the list's length) */
	FOLLOW_RTSP_PATH,  /* a DESCRIBE of a camera's stream path (index) */
};

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
	unsigned tries;   /* a port check's connects before this one */
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
		struct udp_conn udp;
	};
	ssh_session ssh;
	int ssh_fd; /* libssh's duplicate of fd */
	int ssh_step;
	int ssh_answered; /* keyboard-interactive: the password was given */
	SSL *ssl;         /* a TLS port's session over fd, or NULL */
	int follow;       /* enum scan_follow_kind */
	unsigned path;    /* FOLLOW_ADMIN_PATH, _RTSP_PATH: the path's index */
	int digest_step;  /* a Digest login: 1 waits for the challenge, 2 for
	                   * the verdict on the pair */
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
	int stop;        /* scan_stop(): end at the next turn of the loop */
	int discovering; /* an active host has ports to check: no follow-up */
	struct scan_stats stats;
	SSL_CTX *tls_ctx;        /* any certificate, any version: audits */
	SSL_CTX *tls_legacy_ctx; /* TLS 1.0 and 1.1 only */
};

/* scanner.c */
void conn_close(struct scan *s, struct conn *c, int reset);
int conn_watch(struct scan *s, struct conn *c, uint32_t events, int op);
void conn_set_banner(struct conn *c, const char *text, size_t len);
/* The host as a URL or Host header writes it: "10.64.0.7", "[fd64::7]". */
void conn_host(const struct conn *c, char out[ADDR_STRLEN + 2]);
/* send() and recv() on the connection, through its TLS session if it
 * has one: -1 with errno EAGAIN when TLS wants to wait. */
ssize_t conn_send(struct conn *c, const void *buf, size_t n);
ssize_t conn_recv(struct conn *c, void *buf, size_t n);
/* Ask for one more connection to an open port of h; -1 out of memory. */
int scan_follow_add(
    struct scan_host *h, uint16_t port, int what, unsigned index);
/* A connected port's probe, once its transport is ready (after the
 * TLS handshake on a TLS port). */
void conn_probe(struct scan *s, struct conn *c, uint64_t now);

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

/* An HTTP Digest login's challenge came: the pair's request. */
void scan_login_digest(struct scan *s, struct conn *c);

/* scan_tls.c */
void scan_tls_begin(struct scan *s, struct conn *c, uint64_t now);
void scan_tls_event(struct scan *s, struct conn *c, uint64_t now);
void scan_tls_expire(struct scan *s, struct conn *c);
void scan_tls_free(struct scan *s);

/* scan_web.c: admin paths and RTSP */
/* GET / answered on a web port: its admin paths, queued. */
void scan_web_queue_admin(struct scan *s, struct conn *c);
/* An admin path's request into req (HTTP_REQUEST_MAX); its length. */
size_t scan_web_admin_request(struct scan *s, struct conn *c, char *req);
void scan_web_admin_answer(struct scan *s, struct conn *c, int status);
/* The RTSP answer so far; final when no more will come. */
void scan_web_rtsp_answer(
    struct scan *s, struct conn *c, const char *in, size_t n, int final);

/* scanner.c, for scan_udp.c */
long add_open(struct scan_host *h, uint16_t port);
void on_connect_error(struct scan *s, struct conn *c, int error);
/* The rate allowances, per device and overall: 1 (and spent) when h may
 * send a new connection or datagram now. */
int scan_rate_take(struct scan *s, struct scan_host *h, uint64_t now);

/* scan_udp.c */
/* A UDP port's probe: its socket and datagram in a free slot (the
 * caller's may_start saw one). -1 when the system refused a socket. */
int scan_udp_start(
    struct scan *s, struct scan_host *h, uint16_t port, uint64_t now);
void scan_udp_event(struct scan *s, struct conn *c, uint64_t now);
void scan_udp_expire(struct scan *s, struct conn *c, uint64_t now);

/* scan_ssh.c */
void scan_ssh_begin(struct scan *s, struct conn *c, uint64_t now);
void scan_ssh_event(struct scan *s, struct conn *c);
void scan_ssh_expire(struct scan *s, struct conn *c);

#endif
