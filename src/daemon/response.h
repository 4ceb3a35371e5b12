/*
 * The response policy: what the parent does when an event comes, by its
 * type (`respond TYPE ACTION` in airlockd.conf). The event's subject names
 * the SIM, as an ICCID or as its static IP; a subject no SIM owns (an
 * unknown device's address) can only be alerted on.
 */
#ifndef AIRLOCK_RESPONSE_H
#define AIRLOCK_RESPONSE_H

#include <stddef.h>

#include "common/ipc.h"
#include "daemon/config.h"
#include "store/store.h"

struct response {
	enum response_action action; /* what to do now: ALERT when nothing */
	char iccid[21];              /* the SIM acted on */
	char text[32];               /* what the event records */
};

/* Decide the response to m. A store error falls back to alerting, and
 * says so in the text. */
void response_decide(const struct policy_conf *pc, struct store *st,
    const struct msg_event *m, struct response *r);

#endif
