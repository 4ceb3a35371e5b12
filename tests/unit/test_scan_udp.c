/*
 * The scanner's UDP probes: each parser fed answers as real servers send
 * them (libcoap's coap-server, miniupnpd, Net-SNMP's snmpd, busybox
 * tftpd), cut and corrupt ones too; the findings they lead to; then the
 * engine's UDP against responders of its own on loopback: answers, a
 * TFTP answer from another port, a silent port resent once, a closed
 * port, and an SSDP LOCATION on another address, which is never fetched.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "scan/probe_coap.h"
#include "scan/probe_snmp.h"
#include "scan/probe_ssdp.h"
#include "scan/probe_tftp.h"
#include "scan/probe_upnp.h"
#include "scan/scan_finding.h"
#include "scan/scan_ports.h"
#include "scan/scan_udp.h"
#include "scan/scanner.h"

/* --- CoAP ----------------------------------------------------------------- */

static const uint8_t token[COAP_TOKEN_LEN] = {0xde, 0xad, 0xbe, 0xef};

/* coap-server (libcoap 4.3.1)'s answer to GET /.well-known/core: ACK
 * 2.05, the token, Content-Format 40, Max-Age... then the links. */
static const char links[] =
    "</>;title=\"General Info\";ct=0,</time>;if=\"clock\";rt=\"ticks\";"
    "title=\"Internal Clock\";ct=0;obs,</async>;ct=0,</example_data>;"
    "title=\"Example Data\";ct=0;obs";

static size_t
coap_answer(
    uint8_t *out, uint8_t type, uint8_t code, uint16_t mid, const char *payload)
{
	size_t n = 0;

	out[n++] = (uint8_t)(0x40 | type << 4 | COAP_TOKEN_LEN);
	out[n++] = code;
	out[n++] = (uint8_t)(mid >> 8);
	out[n++] = (uint8_t)mid;
	memcpy(out + n, token, COAP_TOKEN_LEN);
	n += COAP_TOKEN_LEN;
	out[n++] = 0xc1; /* Content-Format (12), 1 byte */
	out[n++] = COAP_LINK_FORMAT;
	out[n++] = 0x21; /* Max-Age (14), 1 byte */
	out[n++] = 60;
	if (payload != NULL) {
		out[n++] = 0xff;
		memcpy(out + n, payload, strlen(payload));
		n += strlen(payload);
	}
	return n;
}

static void
test_coap(void **state)
{
	uint8_t req[COAP_REQUEST_MAX], ans[512];
	struct coap_msg m;
	char out[160];
	size_t n;

	(void)state;
	n = coap_probe_request(req, 0x1234, token);
	/* CON GET, mid, token, Uri-Path ".well-known", Uri-Path "core" */
	assert_int_equal(n, 4 + 4 + 12 + 5);
	assert_memory_equal(req, "\x44\x01\x12\x34\xde\xad\xbe\xef\xbb", 9);
	assert_memory_equal(req + 9,
	    ".well-known\x04"
	    "core",
	    16);
	assert_int_equal(coap_probe_parse(req, n, &m), 0);
	assert_int_equal(m.type, COAP_CON);
	assert_int_equal(m.code, 0x01);

	n = coap_answer(ans, COAP_ACK, COAP_CONTENT, 0x1234, links);
	assert_int_equal(coap_probe_parse(ans, n, &m), 0);
	assert_int_equal(m.type, COAP_ACK);
	assert_int_equal(m.code, COAP_CONTENT);
	assert_int_equal(m.content_format, COAP_LINK_FORMAT);
	assert_int_equal(m.payload_len, strlen(links));
	assert_true(coap_probe_matches(&m, 0x1234, token));
	assert_false(coap_probe_matches(&m, 0x1235, token));
	assert_int_equal(
	    coap_probe_links(m.payload, m.payload_len, out, sizeof(out)), 4);
	assert_string_equal(out, "/, /time, /async, /example_data");
	/* a comma inside a quoted attribute does not end a link */
	assert_int_equal(
	    coap_probe_links((const uint8_t *)"</a>;title=\"x,<y>\","
	                                      "</b>",
	        23, out, sizeof(out)),
	    2);
	assert_string_equal(out, "/a, /b");
	/* cut to fit, always terminated */
	assert_int_equal(coap_probe_links(m.payload, m.payload_len, out, 8), 4);
	assert_string_equal(out, "/, /tim");
	/* not link format */
	assert_int_equal(
	    coap_probe_links((const uint8_t *)"hello", 5, out, sizeof(out)), 0);
	assert_string_equal(out, "");

	/* an empty ACK (a separate answer follows), a reset */
	assert_int_equal(
	    coap_probe_parse((const uint8_t *)"\x60\x00\x12\x34", 4, &m), 0);
	assert_true(coap_probe_matches(&m, 0x1234, token));
	assert_int_equal(
	    coap_probe_parse((const uint8_t *)"\x70\x00\x12\x34", 4, &m), 0);
	assert_int_equal(m.type, COAP_RST);
	/* refused: version 2, a token of 9, a cut token, a payload marker
	 * with nothing after it, an option running past the end, an option
	 * nibble of 15, an empty message with a token */
	assert_int_equal(
	    coap_probe_parse((const uint8_t *)"\x80\x45\0\0", 4, &m), -1);
	assert_int_equal(
	    coap_probe_parse((const uint8_t *)"\x49\x45\0\0", 4, &m), -1);
	assert_int_equal(coap_probe_parse(ans, 6, &m), -1);
	assert_int_equal(coap_probe_parse(ans, 9, &m), -1);
	assert_int_equal(coap_probe_parse(ans, 13, &m), -1);
	assert_int_equal(
	    coap_probe_parse((const uint8_t *)"\x40\x45\0\0\xf1x", 6, &m), -1);
	assert_int_equal(
	    coap_probe_parse((const uint8_t *)"\x44\x00\0\0abcd", 8, &m), -1);
	/* a token of another request is not our answer */
	ans[4] ^= 1;
	assert_int_equal(coap_probe_parse(ans, n, &m), 0);
	assert_false(coap_probe_matches(&m, 0x1234, token));
}

/* --- SSDP and the UPnP description ------------------------------------- */

/* miniupnpd 2.3.1's answer to M-SEARCH ssdp:all, as captured in the lab */
static const char ssdp_answer[] =
    "HTTP/1.1 200 OK\r\n"
    "CACHE-CONTROL: max-age=120\r\n"
    "ST: urn:schemas-upnp-org:service:WANIPConnection:1\r\n"
    "USN: uuid:4d696e69-5550-6e50-0000-000000000013::urn:schemas-upnp-org:"
    "service:WANIPConnection:1\r\n"
    "EXT:\r\n"
    "SERVER: Debian/12 UPnP/1.1 MiniUPnPd/2.3.1\r\n"
    "LOCATION: http://10.64.0.13:5000/rootDesc.xml\r\n"
    "OPT: \"http://schemas.upnp.org/upnp/1/0/\"; ns=01\r\n"
    "01-NLS: 1701234567\r\n"
    "BOOTID.UPNP.ORG: 1701234567\r\n"
    "CONFIGID.UPNP.ORG: 1337\r\n"
    "\r\n";

static void
test_ssdp(void **state)
{
	struct ssdp_answer a;
	struct ipaddr where, want;
	char req[SSDP_REQUEST_MAX], path[SSDP_PATH_MAX];
	uint16_t port;

	(void)state;
	assert_int_equal(ssdp_probe_request(req, "10.64.0.13"), 89);
	assert_string_equal(req, "M-SEARCH * HTTP/1.1\r\nHOST: 10.64.0.13:1900"
	                         "\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\nST: "
	                         "ssdp:all\r\n\r\n");
	assert_int_equal(
	    ssdp_probe_parse(ssdp_answer, strlen(ssdp_answer), &a), 0);
	assert_int_equal(a.status, 200);
	assert_string_equal(a.server, "Debian/12 UPnP/1.1 MiniUPnPd/2.3.1");
	assert_string_equal(a.location, "http://10.64.0.13:5000/rootDesc.xml");
	assert_string_equal(
	    a.st, "urn:schemas-upnp-org:service:WANIPConnection:1");
	assert_true(ssdp_is_igd_type(a.st));
	assert_false(ssdp_is_igd_type(
	    "urn:schemas-upnp-org:service:Layer3Forwarding:1"));
	/* header names in any case, blanks trimmed, control bytes as "?" */
	assert_int_equal(ssdp_probe_parse("HTTP/1.1 200 OK\nserver:  x\ty \n"
	                                  "Location:\x01u\n\nSERVER: no",
	                     53, &a),
	    0);
	assert_string_equal(a.server, "x?y");
	assert_string_equal(a.location, "?u");
	/* not an answer: a request, a cut status line, a bad status */
	assert_int_equal(
	    ssdp_probe_parse("NOTIFY * HTTP/1.1\r\n\r\n", 21, &a), -1);
	assert_int_equal(ssdp_probe_parse("HTTP/1.1 20", 11, &a), -1);
	assert_int_equal(ssdp_probe_parse("HTTP/1.1 2x0 OK\r\n", 17, &a), -1);

	assert_int_equal(
	    ssdp_location_parse("", &where, &port, path, sizeof(path)), -1);
	assert_int_equal(
	    ssdp_location_parse("http://10.64.0.13:5000/rootDesc.xml", &where,
	        &port, path, sizeof(path)),
	    0);
	assert_int_equal(ipaddr_parse("10.64.0.13", &want), 0);
	assert_true(ipaddr_equal(&where, &want));
	assert_int_equal(port, 5000);
	assert_string_equal(path, "/rootDesc.xml");
	assert_int_equal(ssdp_location_parse("HTTP://[fd64::13]", &where, &port,
	                     path, sizeof(path)),
	    0);
	assert_int_equal(where.family, AF_INET6);
	assert_int_equal(port, 80);
	assert_string_equal(path, "/");
	/* refused: HTTPS, a name, a bad port, a path that would break the
	 * request line */
	assert_int_equal(ssdp_location_parse("https://10.0.0.1/", &where, &port,
	                     path, sizeof(path)),
	    -1);
	assert_int_equal(ssdp_location_parse("http://router.lan/d.xml", &where,
	                     &port, path, sizeof(path)),
	    -1);
	assert_int_equal(ssdp_location_parse("http://10.0.0.1:0/", &where,
	                     &port, path, sizeof(path)),
	    -1);
	assert_int_equal(ssdp_location_parse("http://10.0.0.1:70000/", &where,
	                     &port, path, sizeof(path)),
	    -1);
	assert_int_equal(ssdp_location_parse("http://10.0.0.1/a b", &where,
	                     &port, path, sizeof(path)),
	    -1);
	assert_int_equal(ssdp_location_parse("http://10.0.0.1/a\r\nX: y",
	                     &where, &port, path, sizeof(path)),
	    -1);
}

/* miniupnpd's rootDesc.xml, shortened: the root device, then the WAN
 * device and its connection device with WANIPConnection. */
static const char desc[] =
    "<?xml version=\"1.0\"?>\r\n"
    "<root xmlns=\"urn:schemas-upnp-org:device-1-0\" configId=\"1337\">"
    "<specVersion><major>1</major><minor>1</minor></specVersion>"
    "<device><deviceType>urn:schemas-upnp-org:device:"
    "InternetGatewayDevice:1</deviceType>"
    "<friendlyName>Debian router</friendlyName>"
    "<manufacturer>Debian</manufacturer>"
    "<manufacturerURL>https://www.debian.org/</manufacturerURL>"
    "<modelDescription>MiniUPnP daemon</modelDescription>"
    "<modelName>MiniUPnPd</modelName>"
    "<modelNumber>2.3.1</modelNumber>"
    "<!-- a comment with <friendlyName>not me</friendlyName> -->"
    "<serviceList><service><serviceType>urn:schemas-upnp-org:service:"
    "Layer3Forwarding:1</serviceType></service></serviceList>"
    "<deviceList><device><deviceType>urn:schemas-upnp-org:device:"
    "WANDevice:1</deviceType><friendlyName>WANDevice</friendlyName>"
    "<serviceList><service><serviceType>urn:schemas-upnp-org:service:"
    "WANCommonInterfaceConfig:1</serviceType></service></serviceList>"
    "<deviceList><device><serviceList><service>"
    "<serviceType>\r\n  urn:schemas-upnp-org:service:WANIPConnection:1  "
    "</serviceType></service></serviceList></device></deviceList>"
    "</device></deviceList></device></root>";

static void
test_upnp(void **state)
{
	static struct upnp_desc d, e;
	char out[SCAN_DETAIL_MAX];

	(void)state;
	upnp_desc_init(&d);
	upnp_desc_feed(&d, desc, strlen(desc));
	assert_string_equal(d.friendly_name, "Debian router");
	assert_string_equal(d.manufacturer, "Debian");
	assert_string_equal(d.model_name, "MiniUPnPd");
	assert_string_equal(d.model_number, "2.3.1");
	assert_int_equal(d.n_services, 3);
	assert_string_equal(
	    d.services[2], "urn:schemas-upnp-org:service:WANIPConnection:1");
	assert_true(d.igd);
	upnp_desc_summary(&d, out, sizeof(out));
	assert_string_equal(out,
	    "Debian router (Debian MiniUPnPd 2.3.1); "
	    "services: Layer3Forwarding:1, "
	    "WANCommonInterfaceConfig:1, WANIPConnection:1");
	/* fed a byte at a time: the same */
	upnp_desc_init(&e);
	for (size_t i = 0; i < strlen(desc); i++)
		upnp_desc_feed(&e, desc + i, 1);
	assert_memory_equal(&e, &d, offsetof(struct upnp_desc, state));
	/* a namespace prefix, and no IGD */
	upnp_desc_init(&d);
	upnp_desc_feed(&d,
	    "<d:friendlyName>Lamp</d:friendlyName><serviceType>urn:x:"
	    "service:SwitchPower:1</serviceType>",
	    91);
	assert_string_equal(d.friendly_name, "Lamp");
	assert_false(d.igd);
	/* garbage: no field, no crash */
	upnp_desc_init(&d);
	upnp_desc_feed(&d, "<<<>>><!--", 10);
	assert_int_equal(d.n_services, 0);
	assert_string_equal(d.friendly_name, "");
}

/* --- SNMP and TFTP ------------------------------------------------------- */

/* A GetResponse as snmpd 5.9.3 sends it: v2c, "public", the id, no
 * error, sysDescr.0 = the uname line. */
static size_t
snmp_answer(uint8_t *out, uint32_t id, const char *descr)
{
	size_t d = strlen(descr), n = 0;

	out[n++] = 0x30;
	out[n++] = (uint8_t)(41 + d);
	memcpy(out + n, "\x02\x01\x01\x04\x06public\xa2", 12);
	n += 12;
	out[n++] = (uint8_t)(28 + d);
	out[n++] = 0x02;
	out[n++] = 4;
	out[n++] = (uint8_t)(id >> 24);
	out[n++] = (uint8_t)(id >> 16);
	out[n++] = (uint8_t)(id >> 8);
	out[n++] = (uint8_t)id;
	memcpy(out + n, "\x02\x01\x00\x02\x01\x00\x30", 7);
	n += 7;
	out[n++] = (uint8_t)(14 + d);
	out[n++] = 0x30;
	out[n++] = (uint8_t)(12 + d);
	memcpy(out + n, "\x06\x08\x2b\x06\x01\x02\x01\x01\x01\x00\x04", 11);
	n += 11;
	out[n++] = (uint8_t)d;
	memcpy(out + n, descr, d);
	return n + d;
}

static void
test_snmp(void **state)
{
	static const uint8_t want[] = {0x30, 0x29, 0x02, 0x01, 0x01, 0x04, 0x06,
	    'p', 'u', 'b', 'l', 'i', 'c', 0xa0, 0x1c, 0x02, 0x04, 0x11, 0x34,
	    0x56, 0x78, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00, 0x30, 0x0e, 0x30,
	    0x0c, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00,
	    0x05, 0x00};
	uint8_t req[SNMP_REQUEST_MAX], ans[256];
	struct snmp_answer a;
	size_t n;

	(void)state;
	assert_int_equal(snmp_probe_request(req, 0x11345678), sizeof(want));
	assert_memory_equal(req, want, sizeof(want));
	/* the request is no response */
	assert_int_equal(snmp_probe_parse(req, sizeof(want), &a), -1);
	n = snmp_answer(
	    ans, 0x11345678, "Linux dev3 6.1.0-18-amd64 #1 SMP\r\n");
	assert_int_equal(snmp_probe_parse(ans, n, &a), 0);
	assert_int_equal(a.version, 1);
	assert_int_equal(a.request_id, 0x11345678);
	assert_int_equal(a.error_status, 0);
	assert_true(a.has_value);
	assert_string_equal(a.descr, "Linux dev3 6.1.0-18-amd64 #1 SMP  ");
	/* noSuchObject instead of a string: still an answer */
	{
		uint8_t e[] = {0x30, 0x1f, 0x02, 0x01, 0x01, 0x04, 0x06, 'p',
		    'u', 'b', 'l', 'i', 'c', 0xa2, 0x12, 0x02, 0x01, 0x07, 0x02,
		    0x01, 0x00, 0x02, 0x01, 0x00, 0x30, 0x07, 0x30, 0x05, 0x06,
		    0x01, 0x2b, 0x80, 0x00};

		assert_int_equal(snmp_probe_parse(e, sizeof(e), &a), 0);
		assert_int_equal(a.request_id, 7);
		assert_false(a.has_value);
		/* cut anywhere: refused */
		for (size_t k = 0; k < sizeof(e); k++)
			assert_int_equal(snmp_probe_parse(e, k, &a), -1);
		/* a length past the end */
		e[1] = 0x84;
		assert_int_equal(snmp_probe_parse(e, sizeof(e), &a), -1);
	}
}

static void
test_tftp(void **state)
{
	uint8_t req[TFTP_REQUEST_MAX];
	struct tftp_answer a;

	(void)state;
	assert_int_equal(tftp_probe_request(req, "airlock-scan-0a1b"), 26);
	assert_memory_equal(req, "\0\1airlock-scan-0a1b\0octet\0", 26);
	assert_int_equal(tftp_probe_request(req, "../etc/passwd"), -1);
	assert_int_equal(tftp_probe_request(req, ""), -1);
	/* busybox tftpd: ERROR 1, "file not found" */
	assert_int_equal(tftp_probe_parse((const uint8_t *)"\0\5\0\1file not "
	                                                   "found\0",
	                     19, &a),
	    0);
	assert_int_equal(a.opcode, TFTP_ERROR);
	assert_int_equal(a.error_code, 1);
	assert_string_equal(a.message, "file not found");
	/* without the final zero */
	assert_int_equal(
	    tftp_probe_parse((const uint8_t *)"\0\5\0\2no\x01", 7, &a), 0);
	assert_string_equal(a.message, "no?");
	assert_int_equal(
	    tftp_probe_parse((const uint8_t *)"\0\3\0\1data", 8, &a), 0);
	assert_int_equal(a.opcode, TFTP_DATA);
	/* a request, an ACK, a cut header: no server's answer */
	assert_int_equal(tftp_probe_parse(req, 26, &a), -1);
	assert_int_equal(
	    tftp_probe_parse((const uint8_t *)"\0\4\0\1", 4, &a), -1);
	assert_int_equal(
	    tftp_probe_parse((const uint8_t *)"\0\5\0", 3, &a), -1);
}

/* --- findings ------------------------------------------------------------- */

static void
test_udp_findings(void **state)
{
	struct scan_open_port open[5] = {
	    {.port = 69,
	        .proto = SCAN_UDP,
	        .answer = TFTP_ERROR,
	        .detail = "ERROR 1: file not found"},
	    {.port = 161, .proto = SCAN_UDP, .banner = "Linux dev3"},
	    {.port = 1900,
	        .proto = SCAN_UDP,
	        .answer = SSDP_ANSWERED | SSDP_IGD | SSDP_DESCRIBED,
	        .banner = "Debian/12 UPnP/1.1 MiniUPnPd/2.3.1",
	        .detail = "r (Debian MiniUPnPd 2.3.1)"},
	    {.port = 5683,
	        .proto = SCAN_UDP,
	        .answer = COAP_CONTENT,
	        .detail = "/time, /async"},
	    /* a TCP port of a UDP probe's number is not the UDP one */
	    {.port = 5683, .proto = SCAN_TCP, .answer = COAP_CONTENT}};
	struct scan_host h = {.state = SCAN_HOST_UP, .open = open, .n_open = 5};
	struct scan_verdict v;
	const char *want[][3] = {
	    {"snmp-public", "161",
	        "udp/161: community 'public' answered a GetRequest of "
	        "sysDescr.0: Linux dev3"},
	    {"upnp-igd-exposed", "1900",
	        "udp/1900: port mappings offered: r (Debian MiniUPnPd 2.3.1)"},
	    {"tftp-open", "69",
	        "udp/69: a read request for a random name was answered: ERROR "
	        "1: file not found"},
	    {"upnp-exposed", "1900",
	        "udp/1900: M-SEARCH answered by Debian/12 UPnP/1.1 "
	        "MiniUPnPd/2.3.1; r (Debian MiniUPnPd 2.3.1)"},
	    {"coap-exposed", "5683",
	        "udp/5683: GET /.well-known/core answered 2.05: /time, /async"},
	};

	(void)state;
	scan_verdict(&h, NULL, &v);
	assert_int_equal(v.n, 5);
	for (size_t i = 0; i < 5; i++) {
		assert_string_equal(v.f[i].kind->id, want[i][0]);
		assert_int_equal(v.f[i].port, atoi(want[i][1]));
		assert_int_equal(v.f[i].proto, SCAN_UDP);
		assert_string_equal(v.f[i].evidence, want[i][2]);
	}
	assert_int_equal(v.score, 20 + 20 + 8 + 8 + 8);
	assert_int_equal(v.grade, 'E');
	/* no IGD: upnp-exposed alone; CoAP without resources, or a reset:
	 * nothing */
	open[2].answer = SSDP_ANSWERED;
	open[3].detail[0] = '\0';
	h.open = &open[2];
	h.n_open = 2;
	scan_verdict(&h, NULL, &v);
	assert_int_equal(v.n, 1);
	assert_string_equal(v.f[0].kind->id, "upnp-exposed");
	{
		char text[64];

		assert_string_equal(
		    scan_udp_answer_text(&open[2], text, sizeof(text)), "upnp");
		open[3].answer = -1;
		assert_string_equal(
		    scan_udp_answer_text(&open[3], text, sizeof(text)),
		    "reset");
		open[3].answer = COAP_CONTENT;
		assert_string_equal(
		    scan_udp_answer_text(&open[3], text, sizeof(text)), "2.05");
		assert_string_equal(scan_udp_service(&open[3]), "coap");
		assert_string_equal(scan_udp_service(&open[4]), "coap-tcp");
	}
}

static void
test_udp_ports(void **state)
{
	const struct scan_port_info *p;
	size_t n;

	(void)state;
	p = scan_udp_ports_default(&n);
	assert_int_equal(n, 4);
	for (size_t i = 1; i < n; i++)
		assert_true(p[i - 1].port < p[i].port);
	assert_int_equal(scan_udp_port_info(161)->probe, SCAN_PROBE_SNMP);
	assert_int_equal(scan_udp_port_info(1900)->probe, SCAN_PROBE_SSDP);
	assert_string_equal(scan_udp_port_info(7)->service, "unknown");
	assert_int_equal(scan_udp_port_info(7)->probe, SCAN_PROBE_CONNECT);
}

/* --- the engine, on loopback --------------------------------------------- */

static int
udp_at(const char *addr, uint16_t port)
{
	struct sockaddr_in sin = {.sin_family = AF_INET};
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = inet_addr(addr);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int
tcp_at(const char *addr, uint16_t *port)
{
	struct sockaddr_in sin = {.sin_family = AF_INET};
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sin.sin_addr.s_addr = inet_addr(addr);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    listen(fd, 8) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) < 0) {
		close(fd);
		return -1;
	}
	*port = ntohs(sin.sin_port);
	return fd;
}

enum {
	COAP121,
	SNMP121,
	TFTP121,
	SSDP121,
	DESC121,
	SSDP122,
	COAP122,
	DESC123,
	N_FDS
};

struct responders {
	int fd[N_FDS];
	uint16_t desc121, desc123;
	unsigned got[N_FDS]; /* datagrams or connections each received */
};

static void
answer(struct responders *r, int i)
{
	uint8_t in[2048], out[2048];
	struct sockaddr_in from;
	socklen_t len = sizeof(from);
	struct coap_msg m;
	ssize_t n;
	size_t k = 0;
	int c, t;

	if (i == DESC121 || i == DESC123) {
		c = accept(r->fd[i], NULL, NULL);
		r->got[i]++;
		if (c < 0)
			return;
		(void)!read(c, in, sizeof(in));
		k = (size_t)snprintf((char *)out, sizeof(out),
		    "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n\r\n");
		(void)!write(c, out, k);
		(void)!write(c, desc, strlen(desc));
		close(c);
		return;
	}
	n = recvfrom(
	    r->fd[i], in, sizeof(in), 0, (struct sockaddr *)&from, &len);
	if (n <= 0)
		return;
	r->got[i]++;
	switch (i) {
	case COAP121:
		if (coap_probe_parse(in, (size_t)n, &m) < 0)
			return;
		k = coap_answer(out, COAP_ACK, COAP_CONTENT, m.message_id,
		    "</sensors/temp>;rt=\"t\",</light>");
		memcpy(out + 4, m.token, COAP_TOKEN_LEN);
		break;
	case SNMP121:
		k = snmp_answer(out,
		    (uint32_t)(in[17] << 24 | in[18] << 16 | in[19] << 8 |
		               in[20]),
		    "Linux loopback");
		break;
	case TFTP121: /* from a port of its own, as RFC 1350 has it */
		t = udp_at("127.0.0.121", 0);
		(void)!sendto(t, "\0\5\0\1file not found\0", 19, 0,
		    (struct sockaddr *)&from, len);
		close(t);
		return;
	case SSDP121:
	case SSDP122:
		k = (size_t)snprintf((char *)out, sizeof(out),
		    "HTTP/1.1 200 OK\r\nST: upnp:rootdevice\r\nSERVER: Linux "
		    "UPnP/1.1 test/1\r\nLOCATION: http://127.0.0.%d:%u/d.xml"
		    "\r\n\r\n",
		    i == SSDP121 ? 121 : 123,
		    i == SSDP121 ? r->desc121 : r->desc123);
		if (i == SSDP122)
			break;
		/* .121 answers from a socket of its own, as libupnp does */
		t = udp_at("127.0.0.121", 0);
		(void)!sendto(t, out, k, 0, (struct sockaddr *)&from, len);
		close(t);
		return;
	default: /* COAP122: silent */
		return;
	}
	(void)!sendto(r->fd[i], out, k, 0, (struct sockaddr *)&from, len);
}

/* The responders until the parent closes ctl; then what each got, to
 * out. */
static void
serve(struct responders *r, int ctl, int out)
{
	struct pollfd p[N_FDS + 1];

	alarm(30);
	for (;;) {
		for (int i = 0; i < N_FDS; i++)
			p[i] =
			    (struct pollfd){.fd = r->fd[i], .events = POLLIN};
		p[N_FDS] = (struct pollfd){.fd = ctl, .events = POLLIN};
		if (poll(p, N_FDS + 1, -1) < 0)
			continue;
		if (p[N_FDS].revents)
			break;
		for (int i = 0; i < N_FDS; i++)
			if (p[i].revents & POLLIN)
				answer(r, i);
	}
	(void)!write(out, r->got, sizeof(r->got));
	_exit(0);
}

static const struct scan_open_port *
open_port(const struct scan_host *h, uint16_t port)
{
	for (size_t i = 0; i < h->n_open; i++)
		if (h->open[i].port == port && h->open[i].proto == SCAN_UDP)
			return &h->open[i];
	return NULL;
}

static void
test_engine_udp(void **state)
{
	static struct scan_conf c;
	static struct responders r;
	const struct scan_host *h;
	const struct scan_open_port *o;
	struct ipaddr targets[2];
	unsigned got[N_FDS];
	int ctl[2], res[2];
	struct scan *s;
	char err[256];
	size_t n;
	pid_t pid;

	(void)state;
	r.fd[COAP121] = udp_at("127.0.0.121", 5683);
	r.fd[SNMP121] = udp_at("127.0.0.121", 161);
	r.fd[TFTP121] = udp_at("127.0.0.121", 69);
	r.fd[SSDP121] = udp_at("127.0.0.121", 1900);
	r.fd[DESC121] = tcp_at("127.0.0.121", &r.desc121);
	r.fd[SSDP122] = udp_at("127.0.0.122", 1900);
	r.fd[COAP122] = udp_at("127.0.0.122", 5683);
	r.fd[DESC123] = tcp_at("127.0.0.123", &r.desc123);
	for (int i = 0; i < N_FDS; i++)
		if (r.fd[i] < 0) {
			skip(); /* not root (ports 69, 161), or taken */
			return;
		}
	assert_int_equal(pipe(ctl), 0);
	assert_int_equal(pipe(res), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(ctl[1]);
		serve(&r, ctl[0], res[1]);
	}
	close(ctl[0]);
	close(res[1]);
	scan_conf_defaults(&c);
	c.n_ports = 0; /* UDP only */
	c.read_ms = 400;
	assert_int_equal(cidr_parse("127.0.0.0/8", &c.zone.nets[0]), 0);
	c.zone.n = 1;
	assert_int_equal(ipaddr_parse("127.0.0.121", &targets[0]), 0);
	assert_int_equal(ipaddr_parse("127.0.0.122", &targets[1]), 0);
	s = scan_new(&c, targets, 2, err, sizeof(err));
	assert_non_null(s);
	assert_int_equal(scan_run(s, NULL, NULL, err, sizeof(err)), 0);
	close(ctl[1]);
	assert_int_equal(read(res[0], got, sizeof(got)), sizeof(got));
	waitpid(pid, NULL, 0);
	h = scan_hosts(s, &n);
	assert_int_equal(n, 2);

	/* .121: every probe answered */
	assert_int_equal(h[0].n_open, 4);
	o = open_port(&h[0], 5683);
	assert_non_null(o);
	assert_int_equal(o->answer, COAP_CONTENT);
	assert_string_equal(o->detail, "/sensors/temp, /light");
	o = open_port(&h[0], 161);
	assert_non_null(o);
	assert_string_equal(o->banner, "Linux loopback");
	o = open_port(&h[0], 69);
	assert_non_null(o);
	assert_string_equal(o->detail, "ERROR 1: file not found");
	o = open_port(&h[0], 1900);
	assert_non_null(o);
	assert_int_equal(o->answer, SSDP_ANSWERED | SSDP_IGD | SSDP_DESCRIBED);
	assert_string_equal(o->banner, "Linux UPnP/1.1 test/1");
	assert_non_null(strstr(o->detail, "Debian router (Debian MiniUPnPd"));
	assert_int_equal(got[DESC121], 1);
	/* sorted, TCP before UDP, by port */
	assert_int_equal(h[0].open[0].port, 69);
	assert_int_equal(h[0].open[3].port, 5683);

	/* .122: SSDP alone; its LOCATION on .123 never fetched; the silent
	 * CoAP port had one resend, then was given up; SNMP and TFTP were
	 * refused (port unreachable) */
	assert_int_equal(h[1].n_open, 1);
	o = open_port(&h[1], 1900);
	assert_non_null(o);
	assert_int_equal(o->answer, SSDP_ANSWERED | SSDP_ELSEWHERE);
	assert_non_null(strstr(o->detail, "LOCATION http://127.0.0.123:"));
	assert_non_null(strstr(o->detail, "not fetched"));
	assert_int_equal(got[DESC123], 0);
	assert_int_equal(got[COAP122], 2);
	assert_int_equal(got[SSDP122], 1);
	assert_int_equal(got[COAP121], 1);
	assert_int_equal(scan_stats(s)->refused, 2);
	assert_int_equal(scan_stats(s)->timeouts, 1);
	/* 8 datagrams, 1 resend, 1 description */
	assert_int_equal(scan_stats(s)->connections, 10);
	scan_free(s);
	for (int i = 0; i < N_FDS; i++)
		close(r.fd[i]);
	close(res[0]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_coap),
	    cmocka_unit_test(test_ssdp),
	    cmocka_unit_test(test_upnp),
	    cmocka_unit_test(test_snmp),
	    cmocka_unit_test(test_tftp),
	    cmocka_unit_test(test_udp_findings),
	    cmocka_unit_test(test_udp_ports),
	    cmocka_unit_test(test_engine_udp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
