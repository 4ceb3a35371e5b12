/*
 * The default port list (scan_ports.h). A port is on it when a device
 * that exposes it gives the operator something to act on, or when
 * botnets are known to come in through it; its comment says which.
 */
#include <stdlib.h>

#include "scan/scan_ports.h"

#define CONNECT SCAN_PROBE_CONNECT
#define BANNER SCAN_PROBE_BANNER
#define TELNET SCAN_PROBE_TELNET
#define MQTT SCAN_PROBE_MQTT
#define SSH SCAN_PROBE_SSH
#define HTTP SCAN_PROBE_HTTP
#define SMTP SCAN_PROBE_SMTP
#define TLS SCAN_PROBE_TLS
#define HTTPS SCAN_PROBE_HTTPS
#define MQTTS SCAN_PROBE_MQTTS
#define RTSP SCAN_PROBE_RTSP
#define CWMP SCAN_PROBE_CWMP

static const struct scan_port_info ports[] = {
    {21, "ftp", BANNER}, {22, "ssh", SSH},
    {23, "telnet", TELNET}, /* Mirai's first port */
    {25, "smtp", SMTP},     /* a device has no mail to send */
    {53, "domain", CONNECT}, {80, "http", HTTP},
    {81, "http-alt", HTTP},     /* cameras' admin pages */
    {102, "iso-tsap", CONNECT}, /* Siemens S7 */
    {110, "pop3", BANNER}, {111, "rpcbind", CONNECT}, {135, "msrpc", CONNECT},
    {139, "netbios-ssn", CONNECT}, {143, "imap", BANNER}, {443, "https", HTTPS},
    {445, "microsoft-ds", CONNECT}, {465, "smtps", TLS},
    {502, "modbus", CONNECT}, {554, "rtsp", RTSP}, {587, "submission", SMTP},
    {631, "ipp", CONNECT}, {993, "imaps", TLS}, {995, "pop3s", TLS},
    {1080, "socks", CONNECT}, /* proxies botnets rent out */
    {1433, "ms-sql-s", CONNECT}, {1723, "pptp", CONNECT}, {1883, "mqtt", MQTT},
    {1911, "fox", CONNECT}, /* Niagara building automation */
    {2000, "cisco-sccp", CONNECT},
    {2323, "telnet-alt", TELNET}, /* Mirai's second port */
    {2375, "docker", CONNECT}, {2404, "iec-104", CONNECT},
    {3306, "mysql", BANNER}, {3389, "ms-wbt-server", CONNECT},
    {4444, "krb524", CONNECT}, /* and many a backdoor */
    {4567, "tram", CWMP},      /* TR-069 on some gateways */
    {5000, "upnp", CONNECT}, {5001, "commplex-link", CONNECT},
    {5060, "sip", CONNECT},
    {5431, "park-agent", CONNECT}, /* UPnP on Broadcom gateways */
    {5555, "adb", CONNECT},        /* Android debug bridge */
    {5683, "coap-tcp", CONNECT}, {5900, "vnc", BANNER},
    {6379, "redis", CONNECT},
    {6667, "irc", CONNECT}, /* botnet command channels */
    {7547, "cwmp", CWMP},   /* TR-069: the 2016 Mirai variant's way in */
    {8000, "http-alt", HTTP}, {8008, "http", HTTP}, {8080, "http-proxy", HTTP},
    {8081, "blackice-icecap", HTTP},
    {8291, "winbox", CONNECT}, /* MikroTik management */
    {8443, "https-alt", HTTPS},
    {8554, "rtsp-alt", RTSP}, /* cameras' second stream server */
    {8728, "mikrotik-api", CONNECT}, {8883, "secure-mqtt", MQTTS},
    {8888, "sun-answerbook", HTTP}, {9000, "cslistener", CONNECT},
    {9100, "jetdirect", CONNECT}, {9200, "elasticsearch", CONNECT},
    {9999, "abyss", CONNECT}, /* TP-Link smart plugs' local protocol */
    {10000, "snet-sensor-mgmt", CONNECT}, {20000, "dnp3", CONNECT},
    {23231, "telnet-alt", TELNET},
    {32764, "sercomm-backdoor", CONNECT}, /* routers' test backdoor */
    {37215, "huawei-upnp", CONNECT},      /* CVE-2017-17215 (Satori) */
    {37777, "dahua-dvr", CONNECT}, {44818, "ethernet-ip", CONNECT},
    {49152, "upnp", CONNECT},
    {52869, "realtek-upnp", CONNECT}, /* CVE-2014-8361 */
};

static const struct scan_port_info unknown = {0, "unknown", CONNECT};

const struct scan_port_info *
scan_ports_default(size_t *n)
{
	*n = sizeof(ports) / sizeof(ports[0]);
	return ports;
}

static int
by_port(const void *key, const void *elem)
{
	uint16_t k = *(const uint16_t *)key;
	const struct scan_port_info *p = elem;

	return (k > p->port) - (k < p->port);
}

const struct scan_port_info *
scan_port_info(uint16_t port)
{
	const struct scan_port_info *p = bsearch(&port, ports,
	    sizeof(ports) / sizeof(ports[0]), sizeof(ports[0]), by_port);

	return p != NULL ? p : &unknown;
}

/* The UDP ports probed by default: a UDP service is there only if it
 * answers, so each has a probe that a real server answers. */
static const struct scan_port_info udp_ports[] = {
    /* unauthenticated file transfer: firmware and configuration leak
     * from TFTP servers left on after provisioning */
    {69, "tftp", SCAN_PROBE_TFTP},
    /* SNMP's default community reads the device's configuration (and on
     * many, "private" writes it) */
    {161, "snmp", SCAN_PROBE_SNMP},
    /* UPnP discovery: the entry to SOAP services, an Internet gateway's
     * port mappings among them (CallStranger, botnets' proxies) */
    {1900, "ssdp", SCAN_PROBE_SSDP},
    /* CoAP: constrained devices' REST API, in clear and often without
     * any authentication */
    {5683, "coap", SCAN_PROBE_COAP},
};

static const struct scan_port_info udp_unknown = {
    0, "unknown", SCAN_PROBE_CONNECT};

const struct scan_port_info *
scan_udp_ports_default(size_t *n)
{
	*n = sizeof(udp_ports) / sizeof(udp_ports[0]);
	return udp_ports;
}

const struct scan_port_info *
scan_udp_port_info(uint16_t port)
{
	const struct scan_port_info *p =
	    bsearch(&port, udp_ports, sizeof(udp_ports) / sizeof(udp_ports[0]),
	        sizeof(udp_ports[0]), by_port);

	return p != NULL ? p : &udp_unknown;
}
