/*
 * Events from the radius role. A misconfigured PGW or an attack can make
 * every request a rejection, so events are limited (common/evlimit.h);
 * suppressed ones are counted, in the metrics and in the next event of
 * the same kind.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "radius/radius.h"

void
radius_event(struct radiusd *rd, const char *type, enum event_severity sev,
    const char *subject, const char *fmt, ...)
{
	static struct msg_event m; /* 8 KiB: kept off the stack */
	uint32_t suppressed;
	struct obuf out;
	va_list ap;
	int n;

	if (!evlimit_allow(rd->evlimit, type, subject, rd->now, &suppressed)) {
		radius_stat_add(&rd->stats->events_suppressed, 1);
		return;
	}
	memset(&m, 0, sizeof(m));
	snprintf(m.type, sizeof(m.type), "%s", type);
	m.severity = (uint8_t)sev;
	snprintf(m.subject, sizeof(m.subject), "%s", subject);
	m.window_start = m.window_end = rd->now;
	/* fmt gives the evidence's members; the braces and the count of
	 * suppressed repeats are added here. */
	m.evidence[0] = '{';
	va_start(ap, fmt);
	n = vsnprintf(m.evidence + 1, sizeof(m.evidence) - 64, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(m.evidence) - 64)
		n = 0;
	snprintf(m.evidence + 1 + n, 64, "%s\"suppressed_before\":%u}",
	    n > 0 ? "," : "", suppressed);
	obuf_init(&out, IPC_HDR_LEN + IPC_MAX_PAYLOAD);
	ipc_encode_event(&out, &m);
	if (chan_send(&rd->ch, &out) < 0)
		log_warnx("cannot send a %s event to the parent", type);
	else
		radius_stat_add(&rd->stats->events_sent, 1);
	obuf_reset(&out);
}

void
radius_json_text(char *out, size_t outsz, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	for (size_t i = 0; i < len && s[i] != '\0' && o + 7 < outsz; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			out[o++] = '\\';
			out[o++] = (char)c;
		} else if (c < 0x20 || c >= 0x7f) {
			/* Bytes beyond ASCII become \u00XX: never invalid
			 * UTF-8 in the evidence, and still readable. */
			out[o++] = '\\';
			out[o++] = 'u';
			out[o++] = '0';
			out[o++] = '0';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
}

void
radius_sim_action(struct radiusd *rd, const char *iccid,
    enum sim_action action, const char *reason)
{
	struct msg_sim_action m;
	struct obuf out;

	memset(&m, 0, sizeof(m));
	snprintf(m.iccid, sizeof(m.iccid), "%s", iccid);
	m.action = (uint8_t)action;
	snprintf(m.reason, sizeof(m.reason), "%s", reason);
	obuf_init(&out, 512);
	ipc_encode_sim_action(&out, &m);
	if (chan_send(&rd->ch, &out) < 0)
		log_warnx("cannot ask the parent to %s SIM %s",
		    sim_action_name(action), iccid);
	obuf_reset(&out);
}
