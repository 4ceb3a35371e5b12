/*
 * The response policy: what the parent does when an event comes, by its
 * type and the device's profile (`respond TYPE ACTION [profile NAME]` in
 * airlockd.conf). The event's subject names
 * the SIM, as an ICCID or as its static IP. A quarantine of an address a
 * LAN device (no SIM) owns quarantines that device; any other subject (an
 * unknown device's address) can only be alerted on.
 */
#ifndef AIRLOCK_RESPONSE_H
#define AIRLOCK_RESPONSE_H

#include <stddef.h>
#include <stdint.h>

#include "common/ipc.h"
#include "daemon/config.h"
#include "store/store.h"

struct response {
	enum response_action action; /* what to do now: ALERT when nothing */
	char iccid[21];              /* the SIM acted on */
	int64_t device;              /* or the LAN device, when not 0 */
	char text[32];               /* what the event records */
};

/* Decide the response to m. A store error falls back to alerting, and
 * says so in the text. */
void response_decide(const struct policy_conf *pc, struct store *st,
    const struct msg_event *m, struct response *r);

#endif
