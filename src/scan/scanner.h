/*
 * The scan engine: TCP connections to the targets' ports, many at once on
 * non-blocking sockets under one epoll, within rate limits per device and
 * overall so that a fragile device is never flooded. An open port that
 * speaks first gives its banner; an open telnet or SSH port gets the
 * login dictionary, one pair a connection, until a pair works or the
 * dictionary ends. The engine never goes further than "login succeeded":
 * it types nothing after it, and opens no SSH channel.
 *
 * It refuses, at scan_new(), every target outside the zone it is given.
 */
#ifndef AIRLOCK_SCANNER_H
#define AIRLOCK_SCANNER_H

#include <stddef.h>
#include <stdint.h>

#include "scan/creds.h"
#include "scan/scan_target.h"

#define SCAN_PORTS_MAX 1024
#define SCAN_UDP_PORTS_MAX 256
#define SCAN_RETRIES_MAX 6 /* the last waits 64 times connect-ms */
#define SCAN_DETAIL_MAX 160
#define SCAN_BANNER_MAX 128
#define SCAN_LOGIN_PORTS_MAX                                                   \
	8 /* a host's ports of one service given a login                       \
	   */

struct scan_conf {
	struct scan_zone zone;
	uint16_t ports[SCAN_PORTS_MAX];
	size_t n_ports;
	uint16_t udp_ports[SCAN_UDP_PORTS_MAX]; /* scan_udp.c */
	size_t n_udp_ports;
	const struct creds *creds; /* NULL: no login attempts */
	unsigned login_attempts;   /* per device, all services; 0: the
	                            * dictionary, per service */
	unsigned max_inflight;     /* connections open at once, all devices */
	unsigned device_inflight;  /* the same, per device */
	unsigned device_rate;      /* new connections a second, per device */
	unsigned rate;             /* new connections a second, overall */
	unsigned connect_ms;       /* a connection's answer: else filtered */
	unsigned retries;          /* more connects after a timeout, each
	                            * given twice the time of the one before;
	                            * past the first, only on a host that
	                            * answered on another port */
	unsigned read_ms;          /* a banner, a prompt, a login's outcome */
	unsigned quiet_ms;         /* silence after a shell prompt: it is one */
	unsigned smtp_ms;          /* an SMTP reply: mail servers greet late */
	unsigned login_ms;         /* a dictionary attempt, start to outcome */
	unsigned max_logins;       /* dictionary attempts at once, overall */
	const struct admin_paths *admin_paths; /* NULL: none asked for */
};

enum scan_host_state { SCAN_HOST_UNKNOWN, SCAN_HOST_UP, SCAN_HOST_DOWN };

/* The services the dictionary is tried on. */
enum scan_login_kind {
	SCAN_TELNET,
	SCAN_SSH,
	SCAN_HTTP,
	SCAN_HTTPS, /* a login of its own: often another server than HTTP's */
	SCAN_LOGIN_KINDS
};

enum scan_login {
	SCAN_LOGIN_NONE,        /* no such service, or no login tried */
	SCAN_LOGIN_NO_PROMPT,   /* it answered, but offered no login */
	SCAN_LOGIN_NO_PASSWORD, /* SSH: password logins are off */
	SCAN_LOGIN_REFUSED,     /* every pair tried was refused */
	SCAN_LOGIN_OK,          /* cred worked, and a random password did not */
	SCAN_LOGIN_NO_AUTH,     /* in without any credential */
	SCAN_LOGIN_ANY,         /* cred worked, and a random password too */
};

/* The dictionary against one service of a host. */
struct scan_login_state {
	uint16_t port; /* the port logged into (or tried last) */
	enum scan_login result;
	const struct cred *cred; /* in conf.creds, when result is OK */
	unsigned tries;          /* connections with a pair typed */
	int control; /* the next attempt types a random password, which the
	              * login must refuse for a pair's success to count */
	/* the engine's */
	uint16_t tried[SCAN_LOGIN_PORTS_MAX]; /* ports given the dictionary */
	size_t n_tried, next_cred;
	int queued, busy;
	int retried; /* an attempt that got no prompt was given another go */
};

struct tls_facts;
struct admin_paths;

/* A connection an open port's answer calls for (scan_engine.h). */
struct scan_follow {
	uint16_t port;
	uint8_t what;  /* enum scan_follow_kind */
	uint8_t index; /* an admin path's */
};

/* A port check to try again: its connects so far timed out. */
struct scan_retry {
	uint16_t port;
	uint8_t tries; /* connects so far */
};

/* The transport of an open port: a UDP port is open only when it
 * answered the probe's datagram. */
enum scan_proto { SCAN_TCP, SCAN_UDP };

struct scan_open_port {
	uint16_t port;
	uint8_t proto;                /* enum scan_proto */
	char banner[SCAN_BANNER_MAX]; /* printable, "" for none */
	char detail[SCAN_DETAIL_MAX]; /* a UDP probe's findings: CoAP's
	                               * resources, the UPnP device, TFTP's
	                               * answer; the RTSP stream path that
	                               * answered; printable, "" for none */
	int answer;    /* the probe's verdict: enum mqtt_answer on an MQTT
	                * port (MQTT_MORE: none came), the status on an HTTP
	                * one, enum smtp_result on an SMTP one; 0 for others */
	int http_auth; /* an HTTP port's challenge: enum http_auth */
	struct tls_facts *tls; /* owned: a TLS port's handshake and
	                        * certificate; NULL on others */
	uint32_t admin_open;   /* admin paths (bit i: the list's path i)
	                        * that answered 2xx without a login */
	int admin_control;     /* a random path's status: a 2xx means the
	                        * server answers any path (0: not asked) */
};

/* What the scan found on one address, and the engine's bookkeeping. */
struct scan_host {
	struct ipaddr addr;
	enum scan_host_state state;
	struct scan_open_port *open; /* owned, ascending once scan_run ends */
	size_t n_open, cap_open;
	struct scan_login_state login[SCAN_LOGIN_KINDS];
	/* the engine's */
	size_t next_port;
	size_t next_udp;          /* the next of conf.udp_ports */
	struct scan_retry *retry; /* ports whose connects timed out */
	size_t n_retry, cap_retry;
	const struct admin_paths *admin_paths; /* what admin_open indexes */
	struct scan_follow *follow; /* connections an answer asked for */
	size_t n_follow, cap_follow;
	unsigned follow_inflight; /* of them, open now */
	unsigned inflight;
	int active;
	uint64_t next_ns;
};

struct scan_stats {
	uint64_t connections; /* attempted */
	uint64_t refused, timeouts, unreachable, errors;
	uint64_t logins; /* attempts at the dictionary */
	double seconds;
};

void scan_conf_defaults(struct scan_conf *c);
/* Set one of c's limits by its name ("rate", "device-inflight"...; the
 * list is in docs/scanner.md). 0, or -1 with err naming the problem. */
int scan_conf_set(struct scan_conf *c, const char *name, const char *value,
    char *err, size_t errlen);

/* A scan of n targets, copied. NULL with err filled when a target is
 * outside c->zone, a setting is out of range, or memory runs out. */
struct scan *scan_new(const struct scan_conf *c, const struct ipaddr *targets,
    size_t n, char *err, size_t errlen);
void scan_free(struct scan *s);

typedef void (*scan_progress_fn)(void *arg, uint64_t done, uint64_t total);

/* Run the scan to its end; progress (may be NULL) is called now and then,
 * and may call scan_stop(). 0; 1 when stopped, with a partial result that
 * says nothing of what was not reached; or -1 with err filled (the system
 * refused epoll or sockets). */
int scan_run(struct scan *s, scan_progress_fn progress, void *arg, char *err,
    size_t errlen);

/* Ask scan_run() to stop, closing its connections: from its progress
 * callback. */
void scan_stop(struct scan *s);

const struct scan_host *scan_hosts(const struct scan *s, size_t *n);
const struct scan_stats *scan_stats(const struct scan *s);

/* What a UDP port's probe concluded, as text for the report ("2.05",
 * "upnp-igd", "get-response", "error 1"), into buf; "" for a TCP port. */
const char *scan_udp_answer_text(
    const struct scan_open_port *o, char *buf, size_t len);
/* An open port's service name, from its protocol's port list. */
const char *scan_udp_service(const struct scan_open_port *o);

#endif
