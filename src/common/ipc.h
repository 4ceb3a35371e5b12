/*
 * Messages between airlockd's parent and its children, over a socketpair.
 * A frame is a u32 type, a u32 payload length and the payload; every field is
 * big-endian and every string is u16-length-prefixed. Decoders are strict:
 * an unknown type, an oversized length, a short payload or trailing bytes are
 * all -EBADMSG, and the receiver treats that as a broken peer.
 */
#ifndef AIRLOCK_IPC_H
#define AIRLOCK_IPC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "common/addr.h"
#include "common/ibuf.h"
#include "common/obuf.h"

#define IPC_HDR_LEN 8
#define IPC_MAX_PAYLOAD 65536
#define IPC_MAX_NETWORKS 64
#define IPC_EVIDENCE_MAX 8192
#define IPC_ANSWER_MAX 60000 /* fits a frame, with its header */
#define IPC_DNS_NAME_MAX 254   /* a host name, 253 characters, and its NUL */
#define IPC_DNS_NAMES_MAX 200  /* names per MSG_DNS_NAMES frame */
#define IPC_DNS_ADDRS_MAX 64   /* addresses per MSG_DNS_ANSWER */

enum msg_type {
	MSG_READY = 1,	 /* child -> parent: the role is serving */
	MSG_SIM_CHANGED, /* child -> parent: a SIM was written; fanned out */
	MSG_EVENT,	 /* child -> parent: an event to store and act on */
	MSG_CONFIG,	 /* parent -> child: settings after a valid reload */
	MSG_DISCONNECT,	     /* api -> parent -> radius: cut a SIM off */
	MSG_DISCONNECT_DONE, /* radius -> parent -> api: how it went */
	MSG_SIM_ACTION,	     /* radius -> parent: change a SIM's state */
	MSG_POLICY,	     /* api -> parent: a policy operation */
	MSG_POLICY_DONE,     /* parent -> api: its outcome */
	MSG_DNS_NAMES,	     /* parent -> resolver: the names to keep resolved */
	MSG_DNS_ANSWER,	     /* resolver -> parent: a name's addresses */
	MSG_SCAN_WAKE, /* api -> parent -> scanner: a scan is queued */
	MSG_TYPE_END
};

enum sim_change {
	SIM_CHANGE_UPSERT = 1,
	SIM_CHANGE_DELETE,
	SIM_CHANGE_STATE,
	SIM_CHANGE_BULK, /* an import: reload everything */
	SIM_CHANGE_PROFILES, /* a profile changed: reload the profiles */
	SIM_CHANGE_BINDING,  /* an operator reset the SIM's IMEI binding */
	SIM_CHANGE_DEVICE,   /* a LAN device: iccid holds its id, in decimal */
};

struct msg_sim_changed {
	uint8_t what; /* enum sim_change */
	char iccid[24]; /* empty for SIM_CHANGE_BULK */
};

struct msg_event {
	char type[32];
	uint8_t severity; /* enum event_severity */
	char subject[64]; /* the SIM, device or address it concerns */
	int64_t window_start;
	int64_t window_end;
	char evidence[IPC_EVIDENCE_MAX]; /* JSON object */
};

/* Ask for the SIM's sessions to be disconnected. id is the asker's, and
 * comes back in the answer. */
struct msg_disconnect {
	uint32_t id;
	char iccid[24];
	char reason[128];
};

enum disconnect_outcome {
	DISCONNECT_DONE = 1,	/* every session's NAS acknowledged */
	DISCONNECT_PARTIAL,	/* some did, some refused or did not answer */
	DISCONNECT_FAILED,	/* none did */
	DISCONNECT_NO_SESSION,	/* the SIM has no open session */
	DISCONNECT_UNAVAILABLE, /* no radius role, or it is overloaded */
};

/* The parent's answer to a request an API thread waits on: a Disconnect
 * (detail: a JSON array, one object per session) or a policy operation
 * (detail: text, a diff or nft's message). */
struct msg_answer {
	uint32_t id;
	uint8_t outcome; /* enum disconnect_outcome */
	char detail[IPC_ANSWER_MAX];
};

/* What an API thread asks of the enforcer. */
enum policy_op {
	POLICY_OP_DIFF = 1, /* the kernel's table against the registry */
	POLICY_OP_APPLY,    /* rebuild the table from the registry */
};

struct msg_policy {
	uint32_t id;
	uint8_t op; /* enum policy_op */
};

/* A state change the radius role decided (a data limit reached). */
struct msg_sim_action {
	char iccid[24];
	uint8_t action; /* enum sim_action */
	char reason[128];
};

struct msg_config {
	uint8_t log_level;
	uint64_t body_limit;
	uint64_t import_limit;
	uint16_t n_networks;
	struct cidr networks[IPC_MAX_NETWORKS];
};

/* The DNS names of the profiles, in frames of up to IPC_DNS_NAMES_MAX: the
 * list starts with a frame marked first and ends with one marked last (a
 * single frame is both), and replaces the previous list. */
struct msg_dns_names {
	uint8_t first, last;
	uint16_t n;
	char names[IPC_DNS_NAMES_MAX][IPC_DNS_NAME_MAX];
};

/* A name's addresses of one family, valid for ttl seconds (already
 * clamped to the configured bounds); n 0: it has none now. */
struct msg_dns_answer {
	char name[IPC_DNS_NAME_MAX];
	uint8_t family; /* 4 or 6 */
	uint32_t ttl;
	uint16_t n;
	struct ipaddr addrs[IPC_DNS_ADDRS_MAX];
};

const char *ipc_type_name(enum msg_type type);

/* Split one frame off the front of buf. Returns the bytes it used (> 0),
 * 0 when buf does not hold a whole frame yet, or -EBADMSG. The payload
 * reader points into buf. */
ssize_t ipc_frame_parse(const void *buf, size_t len, enum msg_type *type,
    struct ibuf *payload);

/* Each encoder appends one complete frame to out; obuf_failed() tells if
 * it did not fit. Each decoder reads a whole payload, nothing more. */
void ipc_encode_ready(struct obuf *out, const char *role);
int ipc_decode_ready(struct ibuf *in, char *role, size_t rolesz);
void ipc_encode_sim_changed(struct obuf *out, const struct msg_sim_changed *m);
int ipc_decode_sim_changed(struct ibuf *in, struct msg_sim_changed *m);
void ipc_encode_event(struct obuf *out, const struct msg_event *m);
int ipc_decode_event(struct ibuf *in, struct msg_event *m);
void ipc_encode_disconnect(struct obuf *out, const struct msg_disconnect *m);
int ipc_decode_disconnect(struct ibuf *in, struct msg_disconnect *m);
/* MSG_DISCONNECT_DONE or MSG_POLICY_DONE. */
void ipc_encode_answer(struct obuf *out, enum msg_type type,
    const struct msg_answer *m);
int ipc_decode_answer(struct ibuf *in, struct msg_answer *m);
void ipc_encode_sim_action(struct obuf *out, const struct msg_sim_action *m);
int ipc_decode_sim_action(struct ibuf *in, struct msg_sim_action *m);
void ipc_encode_policy(struct obuf *out, const struct msg_policy *m);
int ipc_decode_policy(struct ibuf *in, struct msg_policy *m);
const char *disconnect_outcome_name(unsigned outcome);
void ipc_encode_dns_names(struct obuf *out, const struct msg_dns_names *m);
int ipc_decode_dns_names(struct ibuf *in, struct msg_dns_names *m);
void ipc_encode_dns_answer(struct obuf *out, const struct msg_dns_answer *m);
int ipc_decode_dns_answer(struct ibuf *in, struct msg_dns_answer *m);
/* A frame without a payload (MSG_SCAN_WAKE: the queue is in the
 * store); its decoder checks that the payload is empty. */
void ipc_encode_empty(struct obuf *out, enum msg_type type);
int ipc_decode_empty(struct ibuf *in);
void ipc_encode_config(struct obuf *out, const struct msg_config *m);
int ipc_decode_config(struct ibuf *in, struct msg_config *m);

#endif
