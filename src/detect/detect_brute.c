#include "detect/detect_brute.h"

#include <string.h>

#include "detect/detect_event.h"

#define TELNET_IAC 0xff

int
brute_classify(const uint8_t *data, size_t len, int *refused)
{
	*refused = 0;
	if (len >= 4 && memcmp(data, "SSH-", 4) == 0)
		return LOGIN_SSH;
	/* IAC, then DO, DONT, WILL or WONT: telnet option negotiation */
	if (len >= 2 && data[0] == TELNET_IAC && data[1] >= 251)
		return LOGIN_TELNET;
	if (len >= 12 && memcmp(data, "HTTP/1.", 7) == 0 &&
	    memcmp(data + 8, " 401", 4) == 0) {
		*refused = 1;
		return LOGIN_HTTP;
	}
	return LOGIN_NONE;
}

int
brute_port_login(const struct detect_conf *c, uint16_t port)
{
	return detect_port_listed(c->login_ports, c->n_login_ports, port)
	           ? LOGIN_PORT
	           : LOGIN_NONE;
}

const char *
brute_service_name(int login, uint16_t port)
{
	switch (login) {
	case LOGIN_SSH:
		return "ssh";
	case LOGIN_TELNET:
		return "telnet";
	case LOGIN_HTTP:
		return "http";
	}
	switch (port) {
	case 21:
		return "ftp";
	case 22:
		return "ssh";
	case 23:
	case 2323:
		return "telnet";
	case 110:
		return "pop3";
	case 143:
		return "imap";
	case 3389:
		return "rdp";
	case 5900:
		return "vnc";
	default:
		return "login";
	}
}

int
brute_force(const struct detect_conf *c, const struct dev_state *dev,
    const struct svc_state *svc, const struct ipaddr *remote, uint16_t port,
    struct detection *out)
{
	int by_sessions = svc->login != LOGIN_NONE &&
	                  svc->login != LOGIN_HTTP &&
	                  svc->sessions >= c->brute_sessions;

	if (!by_sessions && svc->refused < c->brute_sessions)
		return 0;
	detect_event_start(out, DT_BRUTE_FORCE, SEV_HIGH, dev);
	out->service = brute_service_name(svc->login, port);
	out->count = svc->sessions;
	out->answered = svc->refused;
	out->level =
	    svc->sessions > svc->refused ? svc->sessions : svc->refused;
	out->has_target = 1;
	out->target = *remote;
	out->target_port = port;
	return 1;
}
