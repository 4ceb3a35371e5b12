/*
 * airlockd.conf: one directive per line, "#" starts a comment, values may be
 * double-quoted. The parser is pure (text in, struct out) and reports every
 * error through a callback as file:line: message, then keeps going, so that
 * `airlockd -n` shows all the mistakes at once.
 */
#ifndef AIRLOCK_CONFIG_H
#define AIRLOCK_CONFIG_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "common/addr.h"
#include "common/ipc.h"
#include "common/log.h"
#include "detect/detect.h"
#include "policy/policy.h"
#include "scan/scanner.h"

#define CONFIG_DEFAULT_PATH "/etc/airlock/airlockd.conf"
#define CONFIG_MAX_BYTES (1024 * 1024)

#define RADIUS_CLIENTS_MAX 256
#define RADIUS_SECRET_CONF_MAX 128

/* A NAS (PGW/GGSN) allowed to talk to the radius role. */
struct radius_client_conf {
	char name[64];
	struct cidr net; /* the addresses it sends from */
	char secret[RADIUS_SECRET_CONF_MAX + 1];
	uint16_t coa_port;   /* where its Disconnect-Requests go */
	int require_msgauth; /* on Access-Requests */
};

/* Where a SIM's identity is read from, tried in the configured order. */
enum radius_identity {
	RADIUS_ID_IMSI,      /* 3GPP-IMSI */
	RADIUS_ID_USER_NAME, /* User-Name, as an IMSI or an MSISDN */
	RADIUS_ID_MSISDN,    /* Calling-Station-Id */
	RADIUS_ID_COUNT
};

struct radius_conf {
	int enabled;
	char auth_listen[64];
	struct sockaddr_storage auth_addr;
	socklen_t auth_addrlen;
	char acct_listen[64];
	struct sockaddr_storage acct_addr;
	socklen_t acct_addrlen;
	size_t n_clients;
	struct radius_client_conf clients[RADIUS_CLIENTS_MAX];
	int require_msgauth;
	size_t n_identity;
	enum radius_identity identity[RADIUS_ID_COUNT];
	uint32_t session_timeout;  /* seconds; 0: not sent */
	uint32_t interim_interval; /* seconds; 0: not sent */
	int imei_mismatch_reject;  /* else accept, with the event */
	int data_limit_suspend;    /* else only the event */
	unsigned spike_factor;     /* today over baseline, times */
	uint64_t spike_min_bytes;  /* a spike is at least this much */
	unsigned spike_min_days;   /* days of history before judging */
	uint16_t coa_port;
	unsigned coa_timeout_ms;
	unsigned coa_retries;
	unsigned dedup_slots;   /* retransmission cache entries */
	unsigned acct_flush_ms; /* an idle writer waits this long for more */
};

/* A mapping's group, by name until the whole file is read. */
struct policy_group_ref {
	char group[32];
	unsigned line;
	int my; /* in my_controllers, else in controllers */
	size_t index;
};

/* What the parent does when an event of a type comes (the response
 * policy): the default is to alert only. */
enum response_action {
	RESPONSE_ALERT,
	RESPONSE_DISCONNECT, /* cut the SIM's RADIUS sessions */
	RESPONSE_QUARANTINE, /* quarantine the SIM: nftables and Disconnect */
};

#define RESPONSES_MAX 32

/* `respond TYPE ACTION [profile NAME]`: a rule with a profile applies to
 * the devices of that profile and wins over the type's rule without one. */
struct response_rule {
	char type[32];
	char profile[64]; /* "" for every device */
	enum response_action action;
};

struct policy_conf {
	int enforce;               /* airlockd owns the nftables table */
	unsigned counter_interval; /* seconds between counter readings */
	/* DNS-name ACEs: the resolver asks dns_server (dns_server_len 0: the
	 * first nameserver of /etc/resolv.conf) and keeps each address for
	 * its TTL, clamped to [dns_min_ttl, dns_max_ttl], plus dns_grace. */
	struct sockaddr_storage dns_server;
	socklen_t dns_server_len;
	unsigned dns_min_ttl, dns_max_ttl, dns_grace;
	struct policy_zone zone;
	size_t n_refs;
	struct policy_group_ref refs[POLICY_MAPS_MAX * 2];
	char remediation_group[32];
	unsigned remediation_line;
	size_t n_responses;
	struct response_rule responses[RESPONSES_MAX];
};

/* The monitor: the interface it captures the device zone's traffic on
 * ("" for none: then only the ruleset's log is read), and the detectors'
 * settings, whose devices are the device networks. */
struct monitor_conf {
	char iface[16];
	struct detect_conf detect;
};

/* The scanner role (docs/scanner.md): its engine's settings, whose zone is
 * the device networks, and when it scans by itself. Both automatic
 * triggers are off by default: airlockd sends nothing to a device that
 * the operator did not ask it to. */
struct scan_role_conf {
	struct scan_conf engine;
	unsigned every;    /* seconds between fleet scans; 0: none */
	int on_appearance; /* scan an address the first time it is seen */
	int logins;        /* try the credential dictionary */
};

struct config {
	char user[33];
	char store[PATH_MAX];
	enum log_level log_level;
	int log_syslog;
	char api_listen[64];
	struct sockaddr_storage api_addr;
	socklen_t api_addrlen;
	unsigned api_threads;
	uint64_t api_body_limit;
	uint64_t api_import_limit;
	size_t n_networks;
	struct cidr networks[IPC_MAX_NETWORKS];
	char tls_cert[PATH_MAX];
	char tls_key[PATH_MAX];
	struct radius_conf radius;
	struct policy_conf policy;
	struct monitor_conf monitor;
	struct scan_role_conf scan;
};

typedef void (*config_error_cb)(
    void *arg, const char *file, unsigned line, const char *msg);

void config_defaults(struct config *c);
/* Parse text into c (which holds the defaults). Returns the number of
 * errors; c is only meaningful when that is 0. */
int config_parse(struct config *c, const char *text, size_t len,
    const char *file, config_error_cb cb, void *arg);
/* Read and parse a file; an unreadable file is one error at line 0. */
int config_load(
    struct config *c, const char *path, config_error_cb cb, void *arg);
/* The settings a running child can take without a restart. */
void config_to_msg(const struct config *c, struct msg_config *m);

#endif
