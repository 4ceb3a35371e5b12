#include "daemon/role.h"

#include "common/ipc.h"
#include "common/log.h"

void
role_announce_ready(struct chan *ch, const char *role)
{
	struct obuf out;

	obuf_init(&out, 64);
	ipc_encode_ready(&out, role);
	if (chan_send(ch, &out) < 0)
		fatalx("cannot reach the parent");
	obuf_reset(&out);
}

void
role_on_term(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	event_base_loopbreak(arg);
}
