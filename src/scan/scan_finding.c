/*
 * The catalogue of findings and the score (scan_finding.h).
 *
 * Score: each finding adds its severity's weight (critical 40, high 20,
 * medium 8, low 2, info 0), capped at 100. Grade: F for any critical
 * finding, whatever the sum, since one is enough to lose the device; else
 * by score: A 0, B up to 10, C up to 25, D up to 50, E above.
 *
 * GSMA CLP.13 sections are numbered as in GSMA's IoT Security Assessment
 * Checklist (CLP.13 v2.0); docs/scanner.md says how each was chosen.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "scan/probe_http.h"
#include "scan/probe_mqtt.h"
#include "scan/probe_smtp.h"
#include "scan/probe_tls.h"
#include "scan/admin_paths.h"
#include "scan/scan_finding.h"
#include "scan/scan_ports.h"
#include "scan/scan_udp.h"

enum {
	K_TELNET_DEFAULT,
	K_TELNET_NO_AUTH,
	K_SSH_DEFAULT,
	K_SSH_NO_AUTH,
	K_HTTP_DEFAULT,
	K_HTTP_ANY,
	K_HTTP_BASIC,
	K_TELNET,
	K_FTP,
	K_CWMP,
	K_ADB,
	K_BACKDOOR,
	K_EXPLOITED,
	K_DOCKER,
	K_DATABASE,
	K_OT,
	K_VNC,
	K_SMTP,
	K_SMTP_RELAY,
	K_MQTT_ANON,
	K_OUTDATED,
	K_TLS_LEGACY,
	K_TLS_WEAK_KEY,
	K_TLS_WEAK_SIGNATURE,
	K_TLS_EXPIRED,
	K_TLS_SELF_SIGNED,
	K_HTTP_ADMIN,
	K_RTSP_NO_AUTH,
	K_COAP,
	K_UPNP,
	K_UPNP_IGD,
	K_SNMP_PUBLIC,
	K_TFTP,
	K_COUNT
};

static const struct scan_finding_kind kinds[K_COUNT] = {
    [K_TELNET_DEFAULT] = {"telnet-default-credential", SEV_CRITICAL,
        "telnet accepts a default credential from a public dictionary",
        "ETSI EN 303 645 5.1-1; GSMA CLP.13 6.9; OWASP IoT I1",
        "set a unique password per device, and turn telnet off"},
    [K_TELNET_NO_AUTH] = {"telnet-no-auth", SEV_CRITICAL,
        "telnet gives a shell without any login",
        "ETSI EN 303 645 5.1-1, 5.5-5; GSMA CLP.13 6.9, 6.12; OWASP IoT I1, I9",
        "turn telnet off; require authentication on every interface"},
    [K_SSH_DEFAULT] = {"ssh-default-credential", SEV_CRITICAL,
        "SSH accepts a default credential from a public dictionary",
        "ETSI EN 303 645 5.1-1; GSMA CLP.13 6.9; OWASP IoT I1",
        "set a unique password per device, or turn password logins off "
        "(keys only)"},
    [K_SSH_NO_AUTH] = {"ssh-no-auth", SEV_CRITICAL,
        "SSH lets a client in without any credential",
        "ETSI EN 303 645 5.1-1, 5.5-5; GSMA CLP.13 6.9, 6.12; OWASP IoT I1, I9",
        "require authentication: keys, or a unique password"},
    [K_HTTP_DEFAULT] = {"http-default-credential", SEV_CRITICAL,
        "the web login (HTTP Basic or Digest) accepts a default credential "
        "from a public dictionary",
        "ETSI EN 303 645 5.1-1; GSMA CLP.13 6.9; OWASP IoT I1",
        "set a unique password per device"},
    [K_HTTP_ANY] = {"http-no-auth", SEV_CRITICAL,
        "the web login (HTTP Basic or Digest) lets any password in",
        "ETSI EN 303 645 5.1-1, 5.5-5; GSMA CLP.13 6.9, 8.4; OWASP IoT I1, I9",
        "make the login check its passwords; set a unique one per device"},
    [K_HTTP_BASIC] = {"http-basic-cleartext", SEV_MEDIUM,
        "a web login asks for credentials over plain HTTP: Basic sends "
        "them in clear",
        "ETSI EN 303 645 5.5-1; GSMA CLP.13 6.19; OWASP IoT I7",
        "serve the login over HTTPS only"},
    [K_TELNET] = {"telnet-exposed", SEV_HIGH,
        "telnet is open: logins travel in clear text",
        "ETSI EN 303 645 5.5-1, 5.6-1; GSMA CLP.13 6.12, 6.19; "
        "OWASP IoT I2, I7",
        "turn telnet off; use SSH with keys for remote access"},
    [K_FTP] = {"ftp-exposed", SEV_MEDIUM,
        "FTP is open: credentials and files travel in clear text",
        "ETSI EN 303 645 5.5-1, 5.6-1; GSMA CLP.13 6.19; OWASP IoT I2, I7",
        "turn FTP off, or replace it with SFTP"},
    [K_CWMP] = {"tr069-exposed", SEV_HIGH,
        "the TR-069 (CWMP) management port answers inside the zone",
        "ETSI EN 303 645 5.6-1, 5.6-2; GSMA CLP.13 6.12; OWASP IoT I2",
        "bind the CWMP connection-request port to the operator's ACS "
        "only"},
    [K_ADB] = {"adb-exposed", SEV_CRITICAL,
        "the Android debug bridge answers over the network",
        "ETSI EN 303 645 5.6-1, 5.6-4; GSMA CLP.13 8.2; OWASP IoT I9",
        "turn network debugging off in the device's firmware"},
    [K_BACKDOOR] = {"backdoor-port", SEV_CRITICAL,
        "a port of a known vendor backdoor answers",
        "ETSI EN 303 645 5.1-1, 5.6-1; GSMA CLP.13 6.9, 8.2; OWASP IoT I1, I5",
        "update the firmware; replace the device if no fix exists"},
    [K_EXPLOITED] = {"exploited-service", SEV_HIGH,
        "a service that botnets exploit (Satori, Mirai variants) answers",
        "ETSI EN 303 645 5.3, 5.6-1; GSMA CLP.13 7.5; OWASP IoT I2, I5",
        "update the firmware, and turn the service off"},
    [K_DOCKER] = {"docker-api-exposed", SEV_CRITICAL,
        "the Docker API answers without TLS: root on the device",
        "ETSI EN 303 645 5.5-5, 5.6-1; GSMA CLP.13 6.12, 7.9; OWASP IoT I2, I3",
        "close port 2375; use the Docker socket, or TLS with client "
        "certificates"},
    [K_DATABASE] = {"database-exposed", SEV_MEDIUM,
        "a database answers on the network",
        "ETSI EN 303 645 5.6-1; GSMA CLP.13 6.7; OWASP IoT I2",
        "bind the database to the loopback address"},
    [K_OT] = {"ot-protocol-exposed", SEV_HIGH,
        "an industrial protocol without authentication answers",
        "ETSI EN 303 645 5.5-5, 5.6-1; GSMA CLP.13 7.6; OWASP IoT I2",
        "allow it only from the controllers' addresses (profile ACLs)"},
    [K_VNC] = {"vnc-exposed", SEV_MEDIUM, "a VNC remote desktop answers",
        "ETSI EN 303 645 5.5-1, 5.6-1; GSMA CLP.13 6.12, 6.19; OWASP IoT I2",
        "turn VNC off, or tunnel it through SSH"},
    [K_MQTT_ANON] = {"mqtt-anonymous", SEV_HIGH,
        "the MQTT broker takes clients without credentials: anyone in the "
        "zone reads and publishes its topics",
        "ETSI EN 303 645 5.5-5; GSMA CLP.13 7.6; OWASP IoT I2, I9",
        "turn anonymous access off (mosquitto: allow_anonymous false); "
        "give each client its own credentials or certificate"},
    [K_OUTDATED] = {"vulnerable-version", SEV_MEDIUM,
        "the software version a banner gives has a known vulnerability",
        "ETSI EN 303 645 5.3; GSMA CLP.13 7.5; OWASP IoT I4, I5",
        "update the firmware to a version with the fix; if the vendor "
        "has none, isolate the device (a profile with only the flows it "
        "needs)"},
    [K_SMTP_RELAY] = {"smtp-open-relay", SEV_CRITICAL,
        "the mail server relays for anyone: RCPT TO an outside domain "
        "was accepted (no mail was sent)",
        "ETSI EN 303 645 5.6-1, 5.5-5; GSMA CLP.13 6.7; OWASP IoT I2",
        "turn the mail server off; if mail must leave the device, relay "
        "only its own mail, with authentication"},
    [K_TLS_LEGACY] = {"tls-legacy-version", SEV_MEDIUM,
        "the TLS server accepts TLS 1.0 or 1.1 (deprecated by RFC 8996)",
        "ETSI EN 303 645 5.5-1; GSMA CLP.13 6.19; OWASP IoT I5, I7",
        "accept TLS 1.2 and 1.3 only"},
    [K_TLS_WEAK_KEY] = {"tls-weak-key", SEV_HIGH,
        "the certificate's key is too short (RSA or DSA under 2048 bits, "
        "EC under 224): it can be broken, and the device impersonated",
        "ETSI EN 303 645 5.5-1; GSMA CLP.13 6.19; OWASP IoT I7",
        "give each device a key of its own of RSA 2048 bits or more, or "
        "EC P-256"},
    [K_TLS_WEAK_SIGNATURE] = {"tls-weak-signature", SEV_MEDIUM,
        "the certificate is signed with MD5 or SHA-1, whose collisions "
        "allow forged certificates",
        "ETSI EN 303 645 5.5-1; GSMA CLP.13 6.19; OWASP IoT I7",
        "reissue the certificate signed with SHA-256 or better"},
    [K_TLS_EXPIRED] = {"tls-expired", SEV_MEDIUM,
        "the certificate has expired, or is not valid yet: clients that "
        "check refuse it, and those that talk anyway check nothing",
        "ETSI EN 303 645 5.5-1; GSMA CLP.13 6.19; OWASP IoT I7",
        "renew the certificate, and have the device renew it before it "
        "expires"},
    [K_TLS_SELF_SIGNED] = {"tls-self-signed", SEV_LOW,
        "the certificate is self-signed: a client can only trust it by "
        "pinning it",
        "ETSI EN 303 645 5.5-1; GSMA CLP.13 6.5, 6.19; OWASP IoT I7",
        "issue device certificates from the operator's own CA, and have "
        "clients check them"},
    [K_HTTP_ADMIN] = {"http-admin-exposed", SEV_HIGH,
        "an admin page or file of the web server answers without any login",
        "ETSI EN 303 645 5.5-5, 5.6-1; GSMA CLP.13 6.12, 8.4; OWASP IoT I3, I9",
        "require authentication on every admin page and file, or remove "
        "them"},
    [K_RTSP_NO_AUTH] = {"rtsp-no-auth", SEV_HIGH,
        "the RTSP server describes its stream without a login: anyone in "
        "the zone can watch the camera",
        "ETSI EN 303 645 5.5-5, 5.8-1; GSMA CLP.13 7.6; OWASP IoT I2, I6, I9",
        "turn on RTSP authentication (Digest), with a unique password"},
    [K_COAP] = {"coap-exposed", SEV_MEDIUM,
        "CoAP answers a stranger and lists its resources: a device API "
        "without authentication or encryption",
        "ETSI EN 303 645 5.5-1, 5.5-5, 5.6-1; GSMA CLP.13 6.19, 7.6; "
        "OWASP IoT I2, I7",
        "require DTLS (coaps, udp/5684) with a key per device, or turn CoAP "
        "off where nothing in the zone uses it"},
    [K_UPNP] = {"upnp-exposed", SEV_MEDIUM,
        "UPnP answers discovery: its SOAP services take actions from anyone "
        "in the zone, without authentication",
        "ETSI EN 303 645 5.6-1; GSMA CLP.13 6.7; OWASP IoT I2, I9",
        "turn UPnP off in the device's settings"},
    [K_UPNP_IGD] = {"upnp-igd-exposed", SEV_HIGH,
        "UPnP offers an Internet gateway's port mappings "
        "(WANIPConnection, WANPPPConnection): any device in the zone can "
        "open a port through it",
        "ETSI EN 303 645 5.5-5, 5.6-1; GSMA CLP.13 6.7; OWASP IoT I2, I9",
        "turn the UPnP IGD off; if it must stay, restrict it to the LAN "
        "and to ports of the asking host (miniupnpd: secure_mode, deny "
        "rules)"},
    [K_SNMP_PUBLIC] = {"snmp-public", SEV_HIGH,
        "SNMP answers the default community \"public\": anyone in the zone "
        "reads the device's configuration",
        "ETSI EN 303 645 5.1-1, 5.5-1; GSMA CLP.13 6.9, 6.12; OWASP IoT I1, I9",
        "turn SNMP off, or use SNMPv3 with a user and keys of its own per "
        "device"},
    [K_TFTP] = {"tftp-open", SEV_MEDIUM,
        "a TFTP server answers: files move without any authentication "
        "(firmware and configuration leak)",
        "ETSI EN 303 645 5.6-1; GSMA CLP.13 6.7, 6.19; OWASP IoT I2, I7",
        "turn the TFTP server off once provisioning is done"},
    [K_SMTP] = {"smtp-exposed", SEV_MEDIUM,
        "a mail server answers: a device has no mail to receive",
        "ETSI EN 303 645 5.6-1; GSMA CLP.13 6.7; OWASP IoT I2",
        "turn the mail server off"},
};

/* Ports whose being open is a finding on its own. */
static const struct {
	uint16_t port;
	int kind;
} port_kinds[] = {
    {21, K_FTP},
    {23, K_TELNET},
    {25, K_SMTP},
    {102, K_OT},
    {502, K_OT},
    {587, K_SMTP},
    {1433, K_DATABASE},
    {2323, K_TELNET},
    {2375, K_DOCKER},
    {2404, K_OT},
    {3306, K_DATABASE},
    {5555, K_ADB},
    {5900, K_VNC},
    {6379, K_DATABASE},
    {9200, K_DATABASE},
    {20000, K_OT},
    {23231, K_TELNET},
    {32764, K_BACKDOOR},
    {37215, K_EXPLOITED},
    {44818, K_OT},
    {52869, K_EXPLOITED},
};

static const unsigned weights[SEV_COUNT] = {0, 2, 8, 20, 40};

const struct scan_finding_kind *
scan_finding_kinds(size_t *n)
{
	*n = K_COUNT;
	return kinds;
}

static struct scan_finding *
add(struct scan_verdict *v, int kind, uint16_t port)
{
	struct scan_finding *f;

	if (v->n == SCAN_FINDINGS_MAX)
		return NULL;
	f = &v->f[v->n++];
	f->kind = &kinds[kind];
	f->severity = kinds[kind].severity;
	f->port = port;
	f->proto = SCAN_TCP;
	f->cve[0] = '\0';
	f->evidence[0] = '\0';
	return f;
}

static void
port_findings(const struct scan_host *h, struct scan_verdict *v)
{
	struct scan_finding *f;

	for (size_t i = 0; i < h->n_open; i++)
		for (size_t k = 0; k < sizeof(port_kinds) / sizeof(*port_kinds);
		     k++) {
			if (port_kinds[k].port != h->open[i].port ||
			    h->open[i].proto != SCAN_TCP)
				continue;
			f = add(v, port_kinds[k].kind, h->open[i].port);
			if (f == NULL)
				return;
			snprintf(f->evidence, sizeof(f->evidence),
			    "tcp/%u (%s) open%s%s", h->open[i].port,
			    scan_port_info(h->open[i].port)->service,
			    h->open[i].banner[0] != '\0' ? ": " : "",
			    h->open[i].banner);
		}
}

/* What the probes of open ports answered. */
static void
answer_findings(const struct scan_host *h, struct scan_verdict *v)
{
	struct scan_finding *f;

	for (size_t i = 0; i < h->n_open; i++) {
		const struct scan_open_port *o = &h->open[i];

		if (o->proto != SCAN_TCP)
			continue; /* udp_findings' */

		if (scan_port_info(o->port)->probe == SCAN_PROBE_HTTP &&
		    o->answer == 401 && o->http_auth == HTTP_AUTH_BASIC) {
			f = add(v, K_HTTP_BASIC, o->port);
			if (f == NULL)
				return;
			snprintf(f->evidence, sizeof(f->evidence),
			    "tcp/%u: GET / answered 401 with a Basic challenge",
			    o->port);
			continue;
		}
		if (scan_port_info(o->port)->probe == SCAN_PROBE_SMTP &&
		    o->answer == SMTP_OPEN_RELAY) {
			f = add(v, K_SMTP_RELAY, o->port);
			if (f == NULL)
				return;
			snprintf(f->evidence, sizeof(f->evidence),
			    "tcp/%u: RCPT TO:<relay-test@example.com> accepted "
			    "after MAIL FROM:<scan@airlock-scan.invalid>",
			    o->port);
			continue;
		}
		if ((scan_port_info(o->port)->probe != SCAN_PROBE_MQTT &&
		        scan_port_info(o->port)->probe != SCAN_PROBE_MQTTS) ||
		    o->answer != MQTT_ACCEPTED)
			continue;
		f = add(v, K_MQTT_ANON, o->port);
		if (f == NULL)
			return;
		snprintf(f->evidence, sizeof(f->evidence),
		    "tcp/%u: CONNECT without user or password accepted "
		    "(CONNACK return code 0)",
		    o->port);
	}
}

/* Versions the banners give, against the ranges: a finding per CVE. */
static void
version_findings(
    const struct scan_host *h, const struct vulndb *db, struct scan_verdict *v)
{
	struct banner_version b;
	const struct vuln_range *hits[16];
	struct scan_finding *f;
	size_t n;

	for (size_t i = 0; db != NULL && i < h->n_open; i++) {
		const struct scan_open_port *o = &h->open[i];

		if (!version_from_banner(o->banner, &b))
			continue;
		n = vulndb_match(db, b.product, b.version, hits, 16);
		for (size_t k = 0; k < n; k++) {
			/* a build the file knows to carry the fix */
			if (vulndb_fixed(db, &b, hits[k]->cve))
				continue;
			f = add(v, K_OUTDATED, o->port);
			if (f == NULL)
				return;
			f->severity = hits[k]->severity;
			snprintf(f->cve, sizeof(f->cve), "%s", hits[k]->cve);
			snprintf(f->evidence, sizeof(f->evidence),
			    "%s/%u: %s %s: %s, %s%s",
			    o->proto == SCAN_UDP ? "udp" : "tcp", o->port,
			    b.product, b.version, hits[k]->cve,
			    hits[k]->summary,
			    b.distro_build ? " (a distribution build: it may "
			                     "carry the fix)"
			                   : "");
		}
	}
}

/* What the dictionary found, service by service. */
static void
login_findings(const struct scan_host *h, struct scan_verdict *v)
{
	static const int ok[SCAN_LOGIN_KINDS] = {
	    K_TELNET_DEFAULT, K_SSH_DEFAULT, K_HTTP_DEFAULT, K_HTTP_DEFAULT};
	static const int none[SCAN_LOGIN_KINDS] = {
	    K_TELNET_NO_AUTH, K_SSH_NO_AUTH, K_HTTP_ANY, K_HTTP_ANY};
	struct scan_finding *f;

	for (int k = 0; k < SCAN_LOGIN_KINDS; k++) {
		const struct scan_login_state *l = &h->login[k];

		if (l->result == SCAN_LOGIN_OK) {
			f = add(v, ok[k], l->port);
			if (f != NULL)
				snprintf(f->evidence, sizeof(f->evidence),
				    "tcp/%u: user '%s' logged in with the "
				    "password of dictionary line %u, attempt "
				    "%u",
				    l->port, l->cred->user, l->cred->line,
				    l->tries);
		} else if (l->result == SCAN_LOGIN_NO_AUTH) {
			f = add(v, none[k], l->port);
			if (f != NULL)
				snprintf(f->evidence, sizeof(f->evidence),
				    "tcp/%u: in before any credential was "
				    "asked",
				    l->port);
		} else if (l->result == SCAN_LOGIN_ANY) {
			f = add(v, none[k], l->port);
			if (f != NULL)
				snprintf(f->evidence, sizeof(f->evidence),
				    "tcp/%u: user '%s' logged in with the "
				    "password of dictionary line %u, and with "
				    "a random one too: the login checks no "
				    "password",
				    l->port, l->cred->user, l->cred->line);
		}
	}
}

/* A finding of kind on port, its evidence formatted; dropped when the
 * verdict is full. */
static void __attribute__((format(printf, 4, 5)))
note(struct scan_verdict *v, int kind, uint16_t port, const char *fmt, ...)
{
	struct scan_finding *f = add(v, kind, port);
	va_list ap;

	if (f == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(f->evidence, sizeof(f->evidence), fmt, ap);
	va_end(ap);
}

/* A TLS port's certificate and versions. */
static void
tls_findings(const struct scan_host *h, struct scan_verdict *v)
{
	for (size_t i = 0; i < h->n_open; i++) {
		const struct tls_facts *t = h->open[i].tls;
		unsigned port = h->open[i].port;

		if (t == NULL || !t->handshake)
			continue;
		if (t->legacy == TLS_LEGACY_ACCEPTED)
			note(v, K_TLS_LEGACY, (uint16_t)port,
			    "tcp/%u: a handshake offering only TLS 1.0 and 1.1 "
			    "settled on %s",
			    port, t->legacy_version);
		if (t->weak_key)
			note(v, K_TLS_WEAK_KEY, (uint16_t)port,
			    "tcp/%u: %s key of %u bits", port, t->key_type,
			    t->key_bits);
		if (t->weak_signature)
			note(v, K_TLS_WEAK_SIGNATURE, (uint16_t)port,
			    "tcp/%u: signed with %s", port, t->signature);
		if (t->validity == TLS_EXPIRED)
			note(v, K_TLS_EXPIRED, (uint16_t)port,
			    "tcp/%u: expired: valid until %s", port,
			    t->not_after);
		else if (t->validity == TLS_NOT_YET_VALID)
			note(v, K_TLS_EXPIRED, (uint16_t)port,
			    "tcp/%u: not valid before %s", port, t->not_before);
		if (t->self_signed)
			note(v, K_TLS_SELF_SIGNED, (uint16_t)port,
			    "tcp/%u: CN '%s' issued by itself (%s)", port,
			    t->subject, t->issuer);
	}
}

/* The admin paths that answered 2xx, unless a random path did too. */
static void
admin_finding(const struct scan_host *h, const struct scan_open_port *o,
    struct scan_verdict *v)
{
	char paths[sizeof(v->f[0].evidence)] = "";
	size_t at = 0;
	int n;

	if (o->admin_open == 0 || h->admin_paths == NULL ||
	    (o->admin_control >= 200 && o->admin_control < 300))
		return;
	for (size_t k = 0; k < h->admin_paths->n && k < 32; k++) {
		if (!(o->admin_open & (1u << k)) || at >= sizeof(paths))
			continue;
		n = snprintf(paths + at, sizeof(paths) - at, " %s",
		    h->admin_paths->v[k]);
		at += n > 0 ? (size_t)n : 0;
	}
	note(v, K_HTTP_ADMIN, o->port, "tcp/%u: 2xx without a login:%s",
	    o->port, paths);
}

/* Admin paths, RTSP streams and TR-069 servers. */
static void
web_findings(const struct scan_host *h, struct scan_verdict *v)
{
	for (size_t i = 0; i < h->n_open; i++) {
		const struct scan_open_port *o = &h->open[i];
		enum scan_probe p = scan_port_info(o->port)->probe;
		const char *sep = o->banner[0] != '\0' ? ", Server: " : "";

		if (o->proto != SCAN_TCP)
			continue;
		admin_finding(h, o, v);
		if (p == SCAN_PROBE_RTSP && o->answer >= 200 && o->answer < 300)
			note(v, K_RTSP_NO_AUTH, o->port,
			    "tcp/%u: DESCRIBE %s without credentials answered "
			    "%d%s%s",
			    o->port, o->detail[0] != '\0' ? o->detail : "/",
			    o->answer, sep, o->banner);
		if (p != SCAN_PROBE_CWMP)
			continue;
		if (o->answer >= 100)
			note(v, K_CWMP, o->port,
			    "tcp/%u (%s): GET / answered %d%s%s", o->port,
			    scan_port_info(o->port)->service, o->answer, sep,
			    o->banner);
		else if (o->port == 7547) /* open: its being so is enough */
			note(v, K_CWMP, o->port, "tcp/%u (%s) open", o->port,
			    scan_port_info(o->port)->service);
	}
}

static int
more_severe(const struct scan_finding *a, const struct scan_finding *b)
{
	if (a->severity != b->severity)
		return a->severity > b->severity;
	if (a->port != b->port)
		return a->port < b->port;
	return strcmp(a->cve, b->cve) < 0;
}

/* The evidence of a UDP port's finding: "udp/PORT: " and the text. */
static void
udp_note(struct scan_verdict *v, int kind, const struct scan_open_port *o,
    const char *what, const char *text)
{
	struct scan_finding *f = add(v, kind, o->port);

	if (f == NULL)
		return;
	f->proto = SCAN_UDP;
	/* cut to fit: the evidence sums up, the port keeps the rest */
	if (snprintf(f->evidence, sizeof(f->evidence), "udp/%u: %s%s", o->port,
	        what, text) < 0)
		f->evidence[0] = '\0';
}

/* What the UDP probes got: every one that answered. */
static void
udp_findings(const struct scan_host *h, struct scan_verdict *v)
{
	char text[SCAN_BANNER_MAX + SCAN_DETAIL_MAX + 8];

	for (size_t i = 0; i < h->n_open; i++) {
		const struct scan_open_port *o = &h->open[i];
		enum scan_probe p = scan_udp_port_info(o->port)->probe;

		if (o->proto != SCAN_UDP)
			continue;
		if (p == SCAN_PROBE_COAP && o->answer == COAP_CONTENT &&
		    o->detail[0] != '\0')
			udp_note(v, K_COAP, o,
			    "GET /.well-known/core answered 2.05: ", o->detail);
		if (p == SCAN_PROBE_SSDP && (o->answer & SSDP_ANSWERED)) {
			if (o->answer & SSDP_IGD)
				udp_note(v, K_UPNP_IGD, o,
				    "port mappings offered: ", o->detail);
			snprintf(text, sizeof(text), "%s%s; %s",
			    o->banner[0] ? " by " : "", o->banner, o->detail);
			udp_note(v, K_UPNP, o, "M-SEARCH answered", text);
		}
		if (p == SCAN_PROBE_SNMP)
			udp_note(v, K_SNMP_PUBLIC, o,
			    "community 'public' answered a GetRequest of "
			    "sysDescr.0: ",
			    o->banner[0] ? o->banner : "(no value)");
		if (p == SCAN_PROBE_TFTP)
			udp_note(v, K_TFTP, o,
			    "a read request for a random name was answered: ",
			    o->detail);
	}
}

void
scan_verdict(const struct scan_host *h, const struct vulndb *vulns,
    struct scan_verdict *v)
{
	int critical = 0;

	memset(v, 0, sizeof(*v));
	login_findings(h, v);
	answer_findings(h, v);
	udp_findings(h, v);
	tls_findings(h, v);
	web_findings(h, v);
	port_findings(h, v);
	version_findings(h, vulns, v);
	for (size_t j = 1; j < v->n; j++)
		for (size_t k = j; k > 0 && more_severe(&v->f[k], &v->f[k - 1]);
		     k--) {
			struct scan_finding t = v->f[k];

			v->f[k] = v->f[k - 1];
			v->f[k - 1] = t;
		}
	for (size_t i = 0; i < v->n; i++) {
		v->score += weights[v->f[i].severity];
		critical |= v->f[i].severity == SEV_CRITICAL;
	}
	if (v->score > 100)
		v->score = 100;
	if (critical)
		v->grade = 'F';
	else
		v->grade = v->score == 0    ? 'A'
		           : v->score <= 10 ? 'B'
		           : v->score <= 25 ? 'C'
		           : v->score <= 50 ? 'D'
		                            : 'E';
}
