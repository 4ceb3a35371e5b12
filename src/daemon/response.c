#include "daemon/response.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "common/addr.h"
#include "common/log.h"
#include "detect/detect.h"
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
 * the MAC its address is bound to ("" for none). */
static int
subject_device(struct store *st, const char *subject, int64_t *id, char mac[18],
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
	mac[0] = '\0';
	if (rc == 0) {
		snprintf(mac, 18, "%s", d.mac);
		snprintf(profile, profilesz, "%s", d.profile);
	}
	return rc;
}

/* Whether the packets the event is about came from the bound MAC. The
 * traffic detectors name the link-layer source of the device's packets
 * (src_mac) and whether several sent in its name (src_macs_differ): the
 * monitor sees a forger's packets before the ruleset drops them, and the
 * forger must not get its victim cut off. An event that names no MAC
 * passes: the ruleset's own log (NFLOG) comes after its MAC check. */
static int
sent_by(const struct msg_event *m, const char *bound_mac)
{
	json_t *ev = json_loads(m->evidence, 0, NULL);
	const char *mac = json_string_value(json_object_get(ev, "src_mac"));
	enum detect_type type;
	int ok;

	if (mac == NULL || mac[0] == '\0')
		/* a detector's event without a MAC (a link without one)
		 * cannot show it was the device: fail closed */
		ok = detect_type_parse(m->type, &type) < 0;
	else
		ok = strcasecmp(mac, bound_mac) == 0 &&
		     !json_is_true(json_object_get(ev, "src_macs_differ"));
	json_decref(ev);
	return ok;
}

/* Whether the event says several MACs sent as the subject's address. */
static int
several_senders(const char *evidence)
{
	json_t *ev = json_loads(evidence, 0, NULL);
	int several = json_is_true(json_object_get(ev, "src_macs_differ"));

	json_decref(ev);
	return several;
}

void
response_decide(const struct policy_conf *pc, struct store *st,
    const struct msg_event *m, struct response *r)
{
	enum response_action want;
	char profile[64] = "", mac[18] = "";
	int rc;
	int64_t device = 0;

	memset(r, 0, sizeof(*r));
	snprintf(r->text, sizeof(r->text), "alert");
	if (!has_rules(pc, m->type))
		return;
	rc = subject_sim(st, m->subject, r->iccid, profile, sizeof(profile));
	if (rc == STORE_ENOTFOUND) {
		r->iccid[0] = '\0';
		rc = subject_device(
		    st, m->subject, &device, mac, profile, sizeof(profile));
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
	if (r->iccid[0] == '\0' && mac[0] == '\0') {
		snprintf(r->text, sizeof(r->text), "alert (no MAC binding)");
		return;
	}
	if (r->iccid[0] == '\0' && !sent_by(m, mac)) {
		snprintf(r->text, sizeof(r->text), "alert (MAC mismatch)");
		return;
	}
	/* A SIM has no MAC to compare, but two senders of its address on
	 * one link mean one of them forges it. */
	if (r->iccid[0] != '\0' && several_senders(m->evidence)) {
		snprintf(r->text, sizeof(r->text), "alert (several MACs)");
		r->iccid[0] = '\0';
		return;
	}
	r->device = r->iccid[0] == '\0' ? device : 0;
	r->action = want;
	snprintf(r->text, sizeof(r->text), "%s",
	    want == RESPONSE_QUARANTINE ? "quarantine" : "disconnect");
}
