#include "daemon/response.h"

#include <stdio.h>
#include <string.h>

#include "common/addr.h"
#include "common/log.h"
#include "registry/validate.h"

/* Whether any rule names the type: without one, the event is only
 * alerted on and the store is not asked anything. */
static int
has_rules(const struct policy_conf *pc, const char *type)
{
	for (size_t i = 0; i < pc->n_responses; i++)
		if (strcmp(pc->responses[i].type, type) == 0)
			return 1;
	return 0;
}

/* The rule for the type and the device's profile, else the type's rule
 * for every profile, else alert. */
static enum response_action
configured(const struct policy_conf *pc, const char *type, const char *profile)
{
	enum response_action any = RESPONSE_ALERT;

	for (size_t i = 0; i < pc->n_responses; i++) {
		const struct response_rule *r = &pc->responses[i];

		if (strcmp(r->type, type) != 0)
			continue;
		if (r->profile[0] == '\0')
			any = r->action;
		else if (strcmp(r->profile, profile) == 0)
			return r->action;
	}
	return any;
}

/* The SIM the subject names: an ICCID, or a static IP; and its profile. */
static int
subject_sim(struct store *st, const char *subject, char iccid[21],
    char *profile, size_t profilesz)
{
	struct ipaddr a;
	struct sim s;
	const char *why;
	int rc;

	if (valid_iccid(subject, &why) == 0)
		snprintf(iccid, 21, "%.20s", subject); /* validated: 19-20 */
	else if (ipaddr_parse(subject, &a) < 0)
		return STORE_ENOTFOUND;
	else if ((rc = store_sim_by_ip(st, subject, iccid)) < 0)
		return rc;
	rc = store_sim_get(st, iccid, &s);
	if (rc == 0)
		snprintf(profile, profilesz, "%s", s.profile);
	return rc;
}

/* The LAN device (no SIM) whose address the subject is, its profile, and
 * whether its address is bound to a MAC. */
static int
subject_device(struct store *st, const char *subject, int64_t *id, int *bound,
    char *profile, size_t profilesz)
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
	if (rc == 0)
		snprintf(profile, profilesz, "%s", d.profile);
	return rc;
}

void
response_decide(const struct policy_conf *pc, struct store *st,
    const struct msg_event *m, struct response *r)
{
	enum response_action want;
	char profile[64] = "";
	int rc, bound = 1;
	int64_t device = 0;

	memset(r, 0, sizeof(*r));
	snprintf(r->text, sizeof(r->text), "alert");
	if (!has_rules(pc, m->type))
		return;
	rc = subject_sim(st, m->subject, r->iccid, profile, sizeof(profile));
	if (rc == STORE_ENOTFOUND) {
		r->iccid[0] = '\0';
		rc = subject_device(
		    st, m->subject, &device, &bound, profile, sizeof(profile));
	}
	if (rc < 0 && rc != STORE_ENOTFOUND) {
		log_warnx("response to %s on %s: %s; alerting only", m->type,
		    m->subject, store_errmsg(st));
		snprintf(r->text, sizeof(r->text), "alert (store error)");
		return;
	}
	want = configured(pc, m->type, profile);
	if (want == RESPONSE_ALERT)
		return;
	if (rc == STORE_ENOTFOUND ||
	    (r->iccid[0] == '\0' && want == RESPONSE_DISCONNECT)) {
		r->iccid[0] = '\0';
		snprintf(r->text, sizeof(r->text), "alert (no SIM)");
		return;
	}
	/* Without a MAC binding, any host on the LAN could send in a LAN
	 * device's name and have it cut off: the event cannot tell. */
	if (r->iccid[0] == '\0' && !bound) {
		snprintf(r->text, sizeof(r->text), "alert (no MAC binding)");
		return;
	}
	r->device = r->iccid[0] == '\0' ? device : 0;
	r->action = want;
	snprintf(r->text, sizeof(r->text), "%s",
	    want == RESPONSE_QUARANTINE ? "quarantine" : "disconnect");
}
