/*
 * What every child role's main does alike: tell the parent it serves, and
 * stop its event loop on SIGTERM.
 */
#ifndef AIRLOCK_ROLE_H
#define AIRLOCK_ROLE_H

#include <event2/event.h>

#include "daemon/chan.h"

/* MSG_READY with the role's name; fatal when the parent is gone. */
void role_announce_ready(struct chan *ch, const char *role);
/* A libevent signal callback: arg is the event base to break. */
void role_on_term(evutil_socket_t sig, short what, void *arg);

#endif
