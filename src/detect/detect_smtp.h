/*
 * SMTP from a device. The 2014 "thingbot" sent 750,000 phishing mails
 * from over 100,000 devices, at most ten per address: no volume threshold
 * sees that. But a fridge or a meter has no reason to speak SMTP at all,
 * so the first attempt is the event: a connection to a mail port, or a
 * mail server's greeting on any port. Reported once per device.
 */
#ifndef AIRLOCK_DETECT_SMTP_H
#define AIRLOCK_DETECT_SMTP_H

#include <stddef.h>

#include "detect/detect_state.h"

int smtp_port(const struct detect_conf *c, uint16_t port);
/* Whether a server's first bytes are an SMTP greeting ("220 ... SMTP"). */
int smtp_greeting(const uint8_t *data, size_t len);
void smtp_fill(struct detection *out, const struct dev_state *dev,
    const struct ipaddr *remote, uint16_t port);

#endif
