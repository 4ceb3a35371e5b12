/*
 * RFC 8520 MUD documents (with the ietf-access-control-list model of
 * RFC 8519 and the DNS-name matches of ietf-acldns), parsed into the flat
 * list of access-control entries the policy compiler needs. Pure: no I/O,
 * no globals; the document is only read.
 *
 * An ACE is kept from the device's point of view: `remote` is the other
 * end (the destination of a from-device packet, the source of a to-device
 * one); ports and ICMP stay packet fields. Anything the gateway cannot
 * enforce exactly is an error, never skipped: a profile applied in part
 * would let flows through, or block them, without anyone knowing.
 */
#ifndef AIRLOCK_MUD_H
#define AIRLOCK_MUD_H

#include <stddef.h>
#include <stdint.h>

#include "common/addr.h"

#define MUD_URL_MAX 256
#define MUD_NAME_MAX 64     /* ACL and ACE names */
#define MUD_DNSNAME_MAX 254 /* RFC 1035 text form, without the final dot */
#define MUD_ACES_MAX 256    /* per document: bounds the per-packet cost */
#define MUD_ERRORS_MAX 32   /* kept; all are counted */
#define MUD_DOC_MAX (256 * 1024)

enum mud_dir {
	MUD_FROM_DEVICE,
	MUD_TO_DEVICE,
};

/* What the remote end of an ACE is. */
enum mud_remote {
	MUD_REMOTE_ANY,           /* no address match */
	MUD_REMOTE_NETWORK,       /* {source,destination}-ipv{4,6}-network */
	MUD_REMOTE_DNSNAME,       /* ietf-acldns:{src,dst}-dnsname */
	MUD_REMOTE_CONTROLLER,    /* ietf-mud:mud/controller (a URI) */
	MUD_REMOTE_MY_CONTROLLER, /* ietf-mud:mud/my-controller */
	MUD_REMOTE_LOCAL,         /* ietf-mud:mud/local-networks */
	MUD_REMOTE_SAME_MFG,      /* ietf-mud:mud/same-manufacturer */
	MUD_REMOTE_MANUFACTURER,  /* ietf-mud:mud/manufacturer (authority) */
	MUD_REMOTE_MODEL,         /* ietf-mud:mud/model (a MUD URL) */
};

enum mud_action {
	MUD_ACCEPT,
	MUD_DROP,
	MUD_REJECT,
};

/* ietf-mud:direction-initiated, TCP only. */
enum mud_initiated {
	MUD_INIT_EITHER, /* absent */
	MUD_INIT_FROM_DEVICE,
	MUD_INIT_TO_DEVICE,
};

/* A port match: any, one range lo..hi (eq is lo == hi; lt, gt, lte, gte
 * become ranges), or every port but lo (neq). */
enum mud_port_op {
	MUD_PORT_ANY,
	MUD_PORT_RANGE,
	MUD_PORT_NEQ,
};

struct mud_ports {
	enum mud_port_op op;
	uint16_t lo, hi;
};

struct mud_ace {
	char acl[MUD_NAME_MAX]; /* the ACL and ACE names, for comments */
	char name[MUD_NAME_MAX];
	unsigned acl_pos, ace_pos; /* indexes in the document's acl[] and
	                              aces.ace[], for error paths */
	enum mud_dir dir;
	int family;   /* 4 or 6: the ACL's type and its ipv4/ipv6 matches */
	int protocol; /* IP protocol number; -1: any */
	enum mud_remote remote;
	struct cidr network;           /* MUD_REMOTE_NETWORK */
	char text[MUD_URL_MAX];        /* DNS name, controller URI,
	                                  manufacturer authority, model URL */
	struct mud_ports sport, dport; /* packet fields (tcp/udp only) */
	int icmp_type, icmp_code;      /* -1: any (icmp/ipv6-icmp only) */
	enum mud_initiated initiated;
	enum mud_action action;
};

struct mud_policy {
	char url[MUD_URL_MAX];       /* mud-url */
	char authority[MUD_URL_MAX]; /* its host, lower-cased: the
	                                manufacturer, for same-manufacturer */
	char systeminfo[256];
	unsigned naces;
	struct mud_ace aces[]; /* from-device first, then to-device, each
	                          in the order of the policy's access-list
	                          and of the ACL's aces */
};

/* One problem, located by a JSON path such as
 * "ietf-access-control-list:acls.acl[1].aces.ace[0].matches.tcp". */
struct mud_error {
	char path[192];
	char msg[192];
};

struct mud_errors {
	unsigned n;     /* kept in e[] */
	unsigned total; /* found */
	struct mud_error e[MUD_ERRORS_MAX];
};

/*
 * Parse a MUD document of len bytes (not NUL-terminated). Returns the
 * policy, which the caller frees with mud_policy_free(), or NULL with
 * every problem found in errs (errs->total > 0; errs is reset first).
 * Documents over MUD_DOC_MAX bytes or MUD_ACES_MAX ACEs are refused.
 */
struct mud_policy *mud_parse(
    const char *doc, size_t len, struct mud_errors *errs);
void mud_policy_free(struct mud_policy *p);

/* Add a problem; used by the parser and by the compiler's checks against
 * the configuration (an unmapped controller, say). printf-style msg. */
void mud_error_add(struct mud_errors *errs, const char *path, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

/* The JSON path of ACE i of p, as mud_parse reports it, into out. */
void mud_ace_path(
    const struct mud_policy *p, unsigned i, char *out, size_t outsz);

#endif
