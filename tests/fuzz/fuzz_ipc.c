/*
 * The parent's reader of child messages: split frames off the input and
 * decode each by its type, as the parent does with what a (possibly
 * compromised) child sends. Every message that decodes must encode back to
 * exactly the bytes it came from: the format has one encoding per message.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/ipc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

union msg {
	char role[64];
	struct msg_sim_changed sc;
	struct msg_event ev;
	struct msg_config cfg;
	struct msg_disconnect dc;
	struct msg_answer dd;
	struct msg_sim_action sa;
	struct msg_policy po;
	struct msg_dns_names dn;
	struct msg_dns_answer da;
};

/* Decode one payload; on success re-encode it into out. */
static int
decode(enum msg_type type, struct ibuf *in, union msg *m, struct obuf *out)
{
	switch (type) {
	case MSG_READY:
		if (ipc_decode_ready(in, m->role, sizeof(m->role)) < 0)
			return -1;
		ipc_encode_ready(out, m->role);
		return 0;
	case MSG_SIM_CHANGED:
		if (ipc_decode_sim_changed(in, &m->sc) < 0)
			return -1;
		ipc_encode_sim_changed(out, &m->sc);
		return 0;
	case MSG_EVENT:
		if (ipc_decode_event(in, &m->ev) < 0)
			return -1;
		ipc_encode_event(out, &m->ev);
		return 0;
	case MSG_CONFIG:
		if (ipc_decode_config(in, &m->cfg) < 0)
			return -1;
		ipc_encode_config(out, &m->cfg);
		return 0;
	case MSG_DISCONNECT:
		if (ipc_decode_disconnect(in, &m->dc) < 0)
			return -1;
		ipc_encode_disconnect(out, &m->dc);
		return 0;
	case MSG_DISCONNECT_DONE:
	case MSG_POLICY_DONE:
		if (ipc_decode_answer(in, &m->dd) < 0)
			return -1;
		ipc_encode_answer(out, type, &m->dd);
		return 0;
	case MSG_POLICY:
		if (ipc_decode_policy(in, &m->po) < 0)
			return -1;
		ipc_encode_policy(out, &m->po);
		return 0;
	case MSG_SCAN_WAKE:
		if (ipc_decode_empty(in) < 0)
			return -1;
		ipc_encode_empty(out, type);
		return 0;
	case MSG_SIM_ACTION:
		if (ipc_decode_sim_action(in, &m->sa) < 0)
			return -1;
		ipc_encode_sim_action(out, &m->sa);
		return 0;
	case MSG_DNS_NAMES:
		if (ipc_decode_dns_names(in, &m->dn) < 0)
			return -1;
		ipc_encode_dns_names(out, &m->dn);
		return 0;
	case MSG_DNS_ANSWER:
		if (ipc_decode_dns_answer(in, &m->da) < 0)
			return -1;
		ipc_encode_dns_answer(out, &m->da);
		return 0;
	case MSG_TYPE_END:
		break;
	}
	abort(); /* ipc_frame_parse let an unknown type through */
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	union msg *m = malloc(sizeof(*m));
	size_t off = 0;
	struct obuf out;

	if (m == NULL)
		abort();
	obuf_init(&out, IPC_HDR_LEN + IPC_MAX_PAYLOAD);
	while (off < size) {
		enum msg_type type;
		struct ibuf payload;
		ssize_t used;

		used = ipc_frame_parse(data + off, size - off, &type, &payload);
		if (used <= 0)
			break;
		if ((size_t)used > size - off || (size_t)used < IPC_HDR_LEN ||
		    ibuf_left(&payload) != (size_t)used - IPC_HDR_LEN)
			abort();
		obuf_clear(&out);
		if (decode(type, &payload, m, &out) == 0 &&
		    (obuf_failed(&out) || out.len != (size_t)used ||
		        memcmp(out.data, data + off, out.len) != 0))
			abort();
		off += (size_t)used;
	}
	obuf_reset(&out);
	free(m);
	return 0;
}
