#include "common/ipc.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

const char *
ipc_type_name(enum msg_type type)
{
	switch (type) {
	case MSG_READY:
		return "READY";
	case MSG_SIM_CHANGED:
		return "SIM_CHANGED";
	case MSG_EVENT:
		return "EVENT";
	case MSG_CONFIG:
		return "CONFIG";
	case MSG_DISCONNECT:
		return "DISCONNECT";
	case MSG_DISCONNECT_DONE:
		return "DISCONNECT_DONE";
	case MSG_POLICY:
		return "POLICY";
	case MSG_POLICY_DONE:
		return "POLICY_DONE";
	case MSG_SIM_ACTION:
		return "SIM_ACTION";
	case MSG_DNS_NAMES:
		return "DNS_NAMES";
	case MSG_DNS_ANSWER:
		return "DNS_ANSWER";
	case MSG_SCAN_WAKE:
		return "SCAN_WAKE";
	case MSG_TYPE_END:
		break;
	}
	return "UNKNOWN";
}

ssize_t
ipc_frame_parse(const void *buf, size_t len, enum msg_type *type,
    struct ibuf *payload)
{
	struct ibuf hdr;
	uint32_t t, n;

	if (len < IPC_HDR_LEN)
		return 0;
	ibuf_init(&hdr, buf, len);
	if (ibuf_get_u32(&hdr, &t) < 0 || ibuf_get_u32(&hdr, &n) < 0)
		return 0;
	if (t == 0 || t >= MSG_TYPE_END || n > IPC_MAX_PAYLOAD)
		return -EBADMSG;
	if (len - IPC_HDR_LEN < n)
		return 0;
	*type = (enum msg_type)t;
	ibuf_init(payload, (const uint8_t *)buf + IPC_HDR_LEN, n);
	return (ssize_t)(IPC_HDR_LEN + n);
}

/*
 * Frames are written header first with a zero length, then the payload, and
 * the length is patched in at the end, so each encoder writes its fields
 * once and cannot disagree with its own size.
 */
static size_t
frame_begin(struct obuf *out, enum msg_type type)
{
	size_t start = out->len;

	obuf_put_u32(out, (uint32_t)type);
	obuf_put_u32(out, 0);
	return start;
}

static void
frame_end(struct obuf *out, size_t start)
{
	size_t n;
	uint8_t *p;

	if (obuf_failed(out))
		return;
	n = out->len - start - IPC_HDR_LEN;
	if (n > IPC_MAX_PAYLOAD) {
		out->failed = 1;
		return;
	}
	p = (uint8_t *)out->data + start + 4;
	p[0] = (uint8_t)(n >> 24);
	p[1] = (uint8_t)(n >> 16);
	p[2] = (uint8_t)(n >> 8);
	p[3] = (uint8_t)n;
}

static int
decode_done(struct ibuf *in, int rc)
{
	if (rc < 0 || ibuf_left(in) != 0)
		return -EBADMSG;
	return 0;
}

void
ipc_encode_empty(struct obuf *out, enum msg_type type)
{
	frame_end(out, frame_begin(out, type));
}

int
ipc_decode_empty(struct ibuf *in)
{
	return decode_done(in, 0);
}

void
ipc_encode_ready(struct obuf *out, const char *role)
{
	size_t start = frame_begin(out, MSG_READY);

	obuf_put_str(out, role);
	frame_end(out, start);
}

int
ipc_decode_ready(struct ibuf *in, char *role, size_t rolesz)
{
	return decode_done(in, ibuf_get_str(in, role, rolesz));
}

void
ipc_encode_sim_changed(struct obuf *out, const struct msg_sim_changed *m)
{
	size_t start = frame_begin(out, MSG_SIM_CHANGED);

	obuf_put_u8(out, m->what);
	obuf_put_str(out, m->iccid);
	frame_end(out, start);
}

int
ipc_decode_sim_changed(struct ibuf *in, struct msg_sim_changed *m)
{
	int rc;

	memset(m, 0, sizeof(*m));
	rc = ibuf_get_u8(in, &m->what);
	if (rc == 0)
		rc = ibuf_get_str(in, m->iccid, sizeof(m->iccid));
	if (rc == 0 && (m->what < SIM_CHANGE_UPSERT || m->what > SIM_CHANGE_DEVICE))
		rc = -EBADMSG;
	return decode_done(in, rc);
}

void
ipc_encode_event(struct obuf *out, const struct msg_event *m)
{
	size_t start = frame_begin(out, MSG_EVENT);

	obuf_put_str(out, m->type);
	obuf_put_u8(out, m->severity);
	obuf_put_str(out, m->subject);
	obuf_put_u64(out, (uint64_t)m->window_start);
	obuf_put_u64(out, (uint64_t)m->window_end);
	obuf_put_str(out, m->evidence);
	frame_end(out, start);
}

int
ipc_decode_event(struct ibuf *in, struct msg_event *m)
{
	uint64_t ws, we;
	int rc;

	memset(m, 0, sizeof(*m));
	rc = ibuf_get_str(in, m->type, sizeof(m->type));
	if (rc == 0)
		rc = ibuf_get_u8(in, &m->severity);
	if (rc == 0)
		rc = ibuf_get_str(in, m->subject, sizeof(m->subject));
	if (rc == 0)
		rc = ibuf_get_u64(in, &ws);
	if (rc == 0)
		rc = ibuf_get_u64(in, &we);
	if (rc == 0)
		rc = ibuf_get_str(in, m->evidence, sizeof(m->evidence));
	if (rc == 0) {
		m->window_start = (int64_t)ws;
		m->window_end = (int64_t)we;
	}
	return decode_done(in, rc);
}

void
ipc_encode_disconnect(struct obuf *out, const struct msg_disconnect *m)
{
	size_t start = frame_begin(out, MSG_DISCONNECT);

	obuf_put_u32(out, m->id);
	obuf_put_str(out, m->iccid);
	obuf_put_str(out, m->reason);
	frame_end(out, start);
}

int
ipc_decode_disconnect(struct ibuf *in, struct msg_disconnect *m)
{
	int rc;

	memset(m, 0, sizeof(*m));
	rc = ibuf_get_u32(in, &m->id);
	if (rc == 0)
		rc = ibuf_get_str(in, m->iccid, sizeof(m->iccid));
	if (rc == 0)
		rc = ibuf_get_str(in, m->reason, sizeof(m->reason));
	return decode_done(in, rc);
}

void
ipc_encode_policy(struct obuf *out, const struct msg_policy *m)
{
	size_t start = frame_begin(out, MSG_POLICY);

	obuf_put_u32(out, m->id);
	obuf_put_u8(out, m->op);
	frame_end(out, start);
}

int
ipc_decode_policy(struct ibuf *in, struct msg_policy *m)
{
	int rc;

	memset(m, 0, sizeof(*m));
	rc = ibuf_get_u32(in, &m->id);
	if (rc == 0)
		rc = ibuf_get_u8(in, &m->op);
	if (rc == 0 && (m->op < POLICY_OP_DIFF || m->op > POLICY_OP_APPLY))
		rc = -EBADMSG;
	return decode_done(in, rc);
}

const char *
disconnect_outcome_name(unsigned outcome)
{
	switch (outcome) {
	case DISCONNECT_DONE:
		return "disconnected";
	case DISCONNECT_PARTIAL:
		return "partial";
	case DISCONNECT_FAILED:
		return "failed";
	case DISCONNECT_NO_SESSION:
		return "no_session";
	case DISCONNECT_UNAVAILABLE:
		return "unavailable";
	}
	return "unknown";
}

void
ipc_encode_answer(struct obuf *out, enum msg_type type,
    const struct msg_answer *m)
{
	size_t start = frame_begin(out, type);

	obuf_put_u32(out, m->id);
	obuf_put_u8(out, m->outcome);
	obuf_put_str(out, m->detail);
	frame_end(out, start);
}

int
ipc_decode_answer(struct ibuf *in, struct msg_answer *m)
{
	int rc;

	memset(m, 0, sizeof(*m));
	rc = ibuf_get_u32(in, &m->id);
	if (rc == 0)
		rc = ibuf_get_u8(in, &m->outcome);
	if (rc == 0)
		rc = ibuf_get_str(in, m->detail, sizeof(m->detail));
	if (rc == 0 && (m->outcome < DISCONNECT_DONE ||
	    m->outcome > DISCONNECT_UNAVAILABLE))
		rc = -EBADMSG;
	return decode_done(in, rc);
}

void
ipc_encode_sim_action(struct obuf *out, const struct msg_sim_action *m)
{
	size_t start = frame_begin(out, MSG_SIM_ACTION);

	obuf_put_str(out, m->iccid);
	obuf_put_u8(out, m->action);
	obuf_put_str(out, m->reason);
	frame_end(out, start);
}

int
ipc_decode_sim_action(struct ibuf *in, struct msg_sim_action *m)
{
	int rc;

	memset(m, 0, sizeof(*m));
	rc = ibuf_get_str(in, m->iccid, sizeof(m->iccid));
	if (rc == 0)
		rc = ibuf_get_u8(in, &m->action);
	if (rc == 0)
		rc = ibuf_get_str(in, m->reason, sizeof(m->reason));
	/* SIM_ACTION_COUNT lives in registry/sim.h; 5 actions. */
	if (rc == 0 && m->action >= 5)
		rc = -EBADMSG;
	return decode_done(in, rc);
}

static void
put_cidr(struct obuf *out, const struct cidr *c)
{
	obuf_put_u8(out, c->net.family == AF_INET6 ? 6 : 4);
	obuf_put(out, c->net.bytes, sizeof(c->net.bytes));
	obuf_put_u8(out, c->prefix);
}

static int
get_cidr(struct ibuf *in, struct cidr *c)
{
	uint8_t fam;

	memset(c, 0, sizeof(*c));
	if (ibuf_get_u8(in, &fam) < 0 ||
	    ibuf_get_bytes(in, c->net.bytes, sizeof(c->net.bytes)) < 0 ||
	    ibuf_get_u8(in, &c->prefix) < 0)
		return -EBADMSG;
	if ((fam != 4 && fam != 6) || c->prefix > (fam == 4 ? 32 : 128))
		return -EBADMSG;
	c->net.family = fam == 4 ? AF_INET : AF_INET6;
	return 0;
}

void
ipc_encode_dns_names(struct obuf *out, const struct msg_dns_names *m)
{
	size_t start = frame_begin(out, MSG_DNS_NAMES);

	if (m->n > IPC_DNS_NAMES_MAX) {
		out->failed = 1;
		return;
	}
	obuf_put_u8(out, m->first);
	obuf_put_u8(out, m->last);
	obuf_put_u16(out, m->n);
	for (unsigned i = 0; i < m->n; i++)
		obuf_put_str(out, m->names[i]);
	frame_end(out, start);
}

int
ipc_decode_dns_names(struct ibuf *in, struct msg_dns_names *m)
{
	int rc;

	m->n = 0;
	rc = ibuf_get_u8(in, &m->first);
	if (rc == 0)
		rc = ibuf_get_u8(in, &m->last);
	if (rc == 0)
		rc = ibuf_get_u16(in, &m->n);
	if (rc == 0 && (m->first > 1 || m->last > 1 || m->n > IPC_DNS_NAMES_MAX))
		rc = -EBADMSG;
	for (unsigned i = 0; rc == 0 && i < m->n; i++) {
		rc = ibuf_get_str(in, m->names[i], sizeof(m->names[i]));
		if (rc == 0 && m->names[i][0] == '\0')
			rc = -EBADMSG;
	}
	return decode_done(in, rc);
}

void
ipc_encode_dns_answer(struct obuf *out, const struct msg_dns_answer *m)
{
	size_t start = frame_begin(out, MSG_DNS_ANSWER);

	if (m->n > IPC_DNS_ADDRS_MAX) {
		out->failed = 1;
		return;
	}
	obuf_put_str(out, m->name);
	obuf_put_u8(out, m->family);
	obuf_put_u32(out, m->ttl);
	obuf_put_u16(out, m->n);
	for (unsigned i = 0; i < m->n; i++)
		obuf_put(out, m->addrs[i].bytes, m->family == 4 ? 4 : 16);
	frame_end(out, start);
}

/* A child's word: every address must be of the answer's family. */
int
ipc_decode_dns_answer(struct ibuf *in, struct msg_dns_answer *m)
{
	size_t alen;
	int rc;

	memset(m, 0, sizeof(*m));
	rc = ibuf_get_str(in, m->name, sizeof(m->name));
	if (rc == 0 && m->name[0] == '\0')
		rc = -EBADMSG;
	if (rc == 0)
		rc = ibuf_get_u8(in, &m->family);
	if (rc == 0)
		rc = ibuf_get_u32(in, &m->ttl);
	if (rc == 0)
		rc = ibuf_get_u16(in, &m->n);
	if (rc == 0 && ((m->family != 4 && m->family != 6) ||
	                   m->n > IPC_DNS_ADDRS_MAX))
		rc = -EBADMSG;
	alen = m->family == 4 ? 4 : 16;
	for (unsigned i = 0; rc == 0 && i < m->n; i++) {
		m->addrs[i].family = m->family == 4 ? AF_INET : AF_INET6;
		rc = ibuf_get_bytes(in, m->addrs[i].bytes, alen);
	}
	return decode_done(in, rc);
}

void
ipc_encode_config(struct obuf *out, const struct msg_config *m)
{
	size_t start = frame_begin(out, MSG_CONFIG);

	if (m->n_networks > IPC_MAX_NETWORKS) {
		/* The decoder would refuse the frame: fail here instead. */
		out->failed = 1;
		return;
	}
	obuf_put_u8(out, m->log_level);
	obuf_put_u64(out, m->body_limit);
	obuf_put_u64(out, m->import_limit);
	obuf_put_u16(out, m->n_networks);
	for (unsigned i = 0; i < m->n_networks; i++)
		put_cidr(out, &m->networks[i]);
	frame_end(out, start);
}

int
ipc_decode_config(struct ibuf *in, struct msg_config *m)
{
	int rc;

	memset(m, 0, sizeof(*m));
	rc = ibuf_get_u8(in, &m->log_level);
	if (rc == 0)
		rc = ibuf_get_u64(in, &m->body_limit);
	if (rc == 0)
		rc = ibuf_get_u64(in, &m->import_limit);
	if (rc == 0)
		rc = ibuf_get_u16(in, &m->n_networks);
	if (rc == 0 && m->n_networks > IPC_MAX_NETWORKS)
		rc = -EBADMSG;
	for (unsigned i = 0; rc == 0 && i < m->n_networks; i++)
		rc = get_cidr(in, &m->networks[i]);
	return decode_done(in, rc);
}
