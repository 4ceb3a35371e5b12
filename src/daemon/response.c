#include "daemon/response.h"

#include <stdio.h>
#include <string.h>

#include "common/addr.h"
#include "common/log.h"
#include "registry/validate.h"

static enum response_action
configured(const struct policy_conf *pc, const char *type)
{
	for (size_t i = 0; i < pc->n_responses; i++)
		if (strcmp(pc->responses[i].type, type) == 0)
			return pc->responses[i].action;
	return RESPONSE_ALERT;
}

/* The SIM the subject names: an ICCID, or a static IP. */
static int
subject_sim(struct store *st, const char *subject, char iccid[21])
{
	struct ipaddr a;
	const char *why;

	if (valid_iccid(subject, &why) == 0) {
		snprintf(iccid, 21, "%.20s", subject); /* validated: 19-20 */
		return 0;
	}
	if (ipaddr_parse(subject, &a) < 0)
		return STORE_ENOTFOUND;
	return store_sim_by_ip(st, subject, iccid);
}

/* The LAN device (no SIM) whose address the subject is, and whether its
 * address is bound to a MAC. */
static int
subject_device(struct store *st, const char *subject, int64_t *id, int *bound)
{
	char canon[ADDR_STRLEN];
	struct ipaddr a;
	struct device d;
	int rc;

	if (ipaddr_parse(subject, &a) < 0)
		return STORE_ENOTFOUND;
	ipaddr_format(&a, canon, sizeof(canon));
	rc = store_device_by_ip(st, canon, id);
	if (rc == 0)
		rc = store_device_get(st, *id, &d);
	*bound = rc == 0 && d.mac[0] != '\0';
	return rc;
}

void
response_decide(const struct policy_conf *pc, struct store *st,
    const struct msg_event *m, struct response *r)
{
	enum response_action want = configured(pc, m->type);
	int rc, bound = 1;

	memset(r, 0, sizeof(*r));
	snprintf(r->text, sizeof(r->text), "alert");
	if (want == RESPONSE_ALERT)
		return;
	rc = subject_sim(st, m->subject, r->iccid);
	if (rc == STORE_ENOTFOUND && want == RESPONSE_QUARANTINE)
		rc = subject_device(st, m->subject, &r->device, &bound);
	/* Without a MAC binding, any host on the LAN could send in a LAN
	 * device's name and have it cut off: the event cannot tell. */
	if (rc == 0 && !bound) {
		r->device = 0;
		snprintf(r->text, sizeof(r->text), "alert (no MAC binding)");
		return;
	}
	if (rc == STORE_ENOTFOUND) {
		snprintf(r->text, sizeof(r->text), "alert (no SIM)");
		return;
	}
	if (rc < 0) {
		log_warnx("response to %s on %s: %s; alerting only", m->type,
		    m->subject, store_errmsg(st));
		snprintf(r->text, sizeof(r->text), "alert (store error)");
		return;
	}
	r->action = want;
	snprintf(r->text, sizeof(r->text), "%s",
	    want == RESPONSE_QUARANTINE ? "quarantine" : "disconnect");
}
