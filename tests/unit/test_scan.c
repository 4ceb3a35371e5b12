/*
 * The scanner's pure core: the credential dictionary's parser (every
 * refusal with its line), the zone check and the expansion of targets,
 * the telnet login attempt fed the bytes real servers send (busybox
 * telnetd's negotiation, issue, prompts, a shell's cursor query), the
 * findings and the grade. Then the engine itself, against listeners of
 * its own on loopback: open, closed, and a target outside the zone.
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
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "scan/creds.h"
#include "scan/probe_http.h"
#include "scan/probe_mqtt.h"
#include "scan/probe_smtp.h"
#include "scan/probe_telnet.h"
#include "scan/scan_finding.h"
#include "scan/scan_ports.h"
#include "scan/scan_target.h"
#include "scan/scanner.h"
#include "scan/versions.h"

/* --- the dictionary ------------------------------------------------------ */

static char last_error[256];
static unsigned last_line;

static void
keep_error(void *arg, const char *file, unsigned line, const char *msg)
{
	(void)arg;
	last_line = line;
	snprintf(last_error, sizeof(last_error), "%s:%u: %s", file, line, msg);
}

static int
parse(struct creds *c, const char *text)
{
	last_error[0] = '\0';
	return creds_parse(c, text, strlen(text), "d.txt", keep_error, NULL);
}

static void
test_creds_good(void **state)
{
	static struct creds c;

	(void)state;
	assert_int_equal(parse(&c, "# comment\n\nroot\txc3511\n  admin  "
	                           "(none)\r\n(none) 1234"),
	    0);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.v[0].user, "root");
	assert_string_equal(c.v[0].pass, "xc3511");
	assert_int_equal(c.v[0].line, 3);
	assert_string_equal(c.v[1].pass, "");
	assert_string_equal(c.v[2].user, "");
	assert_int_equal(c.v[2].line, 5);
}

static void
test_creds_errors(void **state)
{
	static struct creds c;
	char longer[2 + CREDS_FIELD_MAX + 2];

	(void)state;
	assert_int_equal(parse(&c, "root\n"), 1);
	assert_string_equal(last_error, "d.txt:1: a password is missing after "
	                                "user 'root' (write (none) for an "
	                                "empty one)");
	assert_int_equal(parse(&c, "a b\nroot x y\n"), 1);
	assert_int_equal(last_line, 2);
	assert_int_equal(parse(&c, "a b\n\na b\n"), 1);
	assert_string_equal(last_error, "d.txt:3: the same pair as line 1");
	assert_int_equal(parse(&c, "a b\xc3\xa9\n"), 1);
	assert_non_null(strstr(last_error, "byte 0xc3 at column 4"));
	memset(longer, 'x', sizeof(longer) - 1);
	memcpy(longer, "a ", 2); /* a password of 65 bytes */
	longer[sizeof(longer) - 1] = '\0';
	assert_int_equal(parse(&c, longer), 1);
	assert_non_null(strstr(last_error, "longer than 64 bytes"));
	assert_int_equal(parse(&c, "# nothing\n"), 1);
	assert_string_equal(last_error, "d.txt:0: no credential pairs");
	/* every error is reported, not just the first */
	assert_int_equal(parse(&c, "x\ny\nz\n"), 3);
	assert_int_equal(
	    creds_load(&c, "/nonexistent/d.txt", keep_error, NULL), 1);
	assert_non_null(strstr(last_error, "cannot open"));
}

/* --- the zone and the targets ------------------------------------------- */

static void
zone_of(struct scan_zone *z, const char *a, const char *b)
{
	memset(z, 0, sizeof(*z));
	assert_int_equal(cidr_parse(a, &z->nets[z->n++]), 0);
	if (b != NULL)
		assert_int_equal(cidr_parse(b, &z->nets[z->n++]), 0);
}

static void
test_targets(void **state)
{
	static struct ipaddr out[SCAN_TARGETS_MAX];
	struct scan_zone z;
	char err[512], text[ADDR_STRLEN];
	size_t n = 0;

	(void)state;
	zone_of(&z, "10.64.0.0/10", "fd64::/48");
	assert_int_equal(scan_target_expand(&z, "10.64.0.0/30", out,
	                     SCAN_TARGETS_MAX, &n, err, sizeof(err)),
	    0);
	assert_int_equal(n, 2); /* .1 and .2: no network, no broadcast */
	ipaddr_format(&out[0], text, sizeof(text));
	assert_string_equal(text, "10.64.0.1");
	ipaddr_format(&out[1], text, sizeof(text));
	assert_string_equal(text, "10.64.0.2");
	assert_int_equal(scan_target_expand(&z, "10.64.1.0/24", out,
	                     SCAN_TARGETS_MAX, &n, err, sizeof(err)),
	    0);
	assert_int_equal(n, 2 + 254);
	assert_int_equal(scan_target_expand(&z, "fd64::ff", out,
	                     SCAN_TARGETS_MAX, &n, err, sizeof(err)),
	    0);
	assert_int_equal(n, 257);
	assert_int_equal(scan_target_expand(&z, "fd64::100/126", out,
	                     SCAN_TARGETS_MAX, &n, err, sizeof(err)),
	    0);
	assert_int_equal(n, 260); /* ::101 to ::103 */
	/* outside, in part or whole, and the family's other half */
	assert_int_equal(scan_target_expand(&z, "10.0.0.0/8", out,
	                     SCAN_TARGETS_MAX, &n, err, sizeof(err)),
	    -EPERM);
	assert_string_equal(err, "target 10.0.0.0/8 is outside the device "
	                         "networks (10.64.0.0/10, fd64::/48): the "
	                         "scanner probes nothing else");
	assert_int_equal(scan_target_expand(&z, "192.168.1.1", out,
	                     SCAN_TARGETS_MAX, &n, err, sizeof(err)),
	    -EPERM);
	assert_int_equal(scan_target_expand(&z, "::ffff:10.64.0.1", out,
	                     SCAN_TARGETS_MAX, &n, err, sizeof(err)),
	    -EPERM);
	/* even with every IPv6 address in the zone, none that carries an
	 * IPv4 one: the socket would reach the IPv4 address */
	zone_of(&z, "10.64.0.0/10", "::/0");
	assert_int_equal(scan_target_expand(&z, "::ffff:127.0.0.1", out,
	                     SCAN_TARGETS_MAX, &n, err, sizeof(err)),
	    -EPERM);
	assert_non_null(strstr(err, "carry an IPv4 one"));
	assert_int_equal(scan_target_expand(&z, "64:ff9b::7f00:1", out,
	                     SCAN_TARGETS_MAX, &n, err, sizeof(err)),
	    -EPERM);
	assert_int_equal(scan_target_expand(&z, "::/64", out, SCAN_TARGETS_MAX,
	                     &n, err, sizeof(err)),
	    -EPERM);
	assert_int_equal(ipaddr_parse("::ffff:127.0.0.1", &out[n]), 0);
	assert_false(scan_zone_contains(&z, &out[n]));
	zone_of(&z, "10.64.0.0/10", "fd64::/48");
	assert_int_equal(scan_target_expand(&z, "10.64.0.1/24", out,
	                     SCAN_TARGETS_MAX, &n, err, sizeof(err)),
	    -EINVAL);
	assert_non_null(strstr(err, "host bits"));
	assert_int_equal(scan_target_expand(&z, "dev1", out, SCAN_TARGETS_MAX,
	                     &n, err, sizeof(err)),
	    -EINVAL);
	assert_int_equal(scan_target_expand(&z, "10.64.0.0/10", out,
	                     SCAN_TARGETS_MAX, &n, err, sizeof(err)),
	    -E2BIG);
	assert_non_null(strstr(err, "more addresses than"));
	assert_int_equal(scan_target_expand(&z, "fd64::/64", out,
	                     SCAN_TARGETS_MAX, &n, err, sizeof(err)),
	    -E2BIG);
	assert_int_equal(n, 260); /* nothing added by a refusal */
}

/* --- the telnet login --------------------------------------------------- */

/* What busybox telnetd 1.35 sends first: DO ECHO, DO NAWS, WILL ECHO,
 * WILL SGA, the issue file, the login program's prompt. */
static const char busybox_hello[] =
    "\xff\xfd\x01\xff\xfd\x1f\xff\xfb\x01\xff\xfb\x03\r\r\n"
    "BusyBox v1.35.0 built-in shell\r\r\n\r\r\r\n(none) login: ";

static enum telnet_result
feed(struct telnet_probe *t, const char *s, char *out, size_t *outlen)
{
	uint8_t buf[TELNET_OUT_MAX];
	enum telnet_result r =
	    telnet_probe_feed(t, (const uint8_t *)s, strlen(s), buf, outlen);

	memcpy(out, buf, *outlen);
	out[*outlen] = '\0';
	return r;
}

static void
test_telnet_login_ok(void **state)
{
	struct telnet_probe t;
	char out[TELNET_OUT_MAX + 1];
	size_t n;

	(void)state;
	telnet_probe_init(&t, "root", "xmhdipc");
	/* the options answered once each: WONT ECHO, WONT NAWS, DO ECHO,
	 * DO SGA, then the user at the prompt */
	assert_int_equal(feed(&t, busybox_hello, out, &n), TELNET_PENDING);
	assert_int_equal(n, 12 + 6);
	assert_memory_equal(out,
	    "\xff\xfc\x01\xff\xfc\x1f\xff\xfd\x01\xff\xfd\x03root\r\n", 18);
	assert_string_equal(telnet_probe_banner(&t),
	    "BusyBox v1.35.0 built-in shell (none) login:");
	assert_int_equal(feed(&t, "root\r\nPass", out, &n), TELNET_PENDING);
	assert_int_equal(n, 0);
	assert_int_equal(feed(&t, "word: ", out, &n), TELNET_PENDING);
	assert_string_equal(out, "xmhdipc\r\n");
	assert_int_equal(feed(&t,
	                     "\r\n\r\nBusyBox v1.35.0 (Debian) built-in "
	                     "shell (ash)\r\nEnter 'help' for a list of "
	                     "built-in commands.\r\n\r\n/tmp # \x1b[6n",
	                     out, &n),
	    TELNET_QUIET_WAIT);
	assert_int_equal(n, 0); /* nothing typed after the login */
	assert_int_equal(telnet_probe_quiet(&t), TELNET_LOGIN_OK);
}

static void
test_telnet_login_failed(void **state)
{
	struct telnet_probe t;
	char out[TELNET_OUT_MAX + 1];
	size_t n;

	(void)state;
	telnet_probe_init(&t, "admin", "admin");
	feed(&t, busybox_hello, out, &n);
	/* the same options again: no second answer */
	assert_int_equal(feed(&t, "\xff\xfd\x01", out, &n), TELNET_PENDING);
	assert_int_equal(n, 0);
	feed(&t, "admin\r\nPassword: ", out, &n);
	assert_string_equal(out, "admin\r\n");
	assert_int_equal(feed(&t, "\r\n", out, &n), TELNET_PENDING);
	assert_int_equal(
	    feed(&t, "Login incorrect\r\n", out, &n), TELNET_LOGIN_FAILED);
	/* a device that asks again, without a word */
	telnet_probe_init(&t, "admin", "admin");
	feed(&t, "Username:", out, &n);
	assert_string_equal(out, "admin\r\n");
	feed(&t, "Password:", out, &n);
	assert_int_equal(
	    feed(&t, "\r\nUsername: ", out, &n), TELNET_LOGIN_FAILED);
}

static void
test_telnet_no_auth(void **state)
{
	struct telnet_probe t;
	char out[TELNET_OUT_MAX + 1];
	size_t n;

	(void)state;
	telnet_probe_init(&t, "root", "x");
	assert_int_equal(feed(&t,
	                     "\xff\xfb\x01\r\nDebian GNU/Linux 12\r\n"
	                     "gw:~# ",
	                     out, &n),
	    TELNET_QUIET_WAIT);
	assert_int_equal(telnet_probe_quiet(&t), TELNET_NO_AUTH);
	/* looking only: a prompt is all it needs */
	telnet_probe_init(&t, NULL, NULL);
	assert_int_equal(feed(&t, "login: ", out, &n), TELNET_LOGIN_FAILED);
	assert_int_equal(n, 0);
	/* a password-only device */
	telnet_probe_init(&t, "root", "1234");
	assert_int_equal(feed(&t, "Password: ", out, &n), TELNET_PENDING);
	assert_string_equal(out, "1234\r\n");
	assert_int_equal(telnet_probe_typed(&t), 1);
	assert_int_equal(feed(&t, "\r\n> ", out, &n), TELNET_QUIET_WAIT);
	assert_int_equal(telnet_probe_quiet(&t), TELNET_LOGIN_OK);
}

/* What a review found hostile servers could make of earlier versions:
 * a banner line ending in '#' taken for a shell, a failure message in
 * brackets taken for a prompt, a "failed attempts" notice hiding a login
 * that worked, the password typed into a shell. */
static void
test_telnet_not_fooled(void **state)
{
	struct telnet_probe t;
	char out[TELNET_OUT_MAX + 1];
	size_t n;

	(void)state;
	telnet_probe_init(&t, "root", "admin");
	assert_int_equal(
	    feed(&t, "###### Welcome ######\r\n", out, &n), TELNET_PENDING);
	assert_int_equal(telnet_probe_quiet(&t), TELNET_PENDING);
	assert_int_equal(feed(&t, "cam login: ", out, &n), TELNET_PENDING);
	assert_string_equal(out, "root\r\n");
	feed(&t, "Password: ", out, &n);
	assert_int_equal(feed(&t, "\r\n<Authentication error>\r\n", out, &n),
	    TELNET_LOGIN_FAILED);
	/* a login that worked, after the scanner's own failures */
	telnet_probe_init(&t, "root", "admin");
	feed(&t, "login: ", out, &n);
	feed(&t, "Password: ", out, &n);
	assert_int_equal(feed(&t,
	                     "\r\nThere were 2 failed login attempts "
	                     "since the last successful login.\r\n# ",
	                     out, &n),
	    TELNET_QUIET_WAIT);
	assert_int_equal(telnet_probe_quiet(&t), TELNET_LOGIN_OK);
	/* a user that needs no password, whose motd mentions one */
	telnet_probe_init(&t, "guest", "guest");
	feed(&t, "login: ", out, &n);
	assert_int_equal(
	    feed(&t, "Change your password:\r\n", out, &n), TELNET_PENDING);
	assert_int_equal(n, 0);
	assert_int_equal(feed(&t, "$ ", out, &n), TELNET_QUIET_WAIT);
	/* a prompt followed by more text is no prompt any more */
	assert_int_equal(
	    feed(&t, "\r\nmore motd\r\n", out, &n), TELNET_PENDING);
	assert_int_equal(telnet_probe_quiet(&t), TELNET_PENDING);
}

/* A subnegotiation, an escaped 255 and a prompt split over feeds. */
static void
test_telnet_framing(void **state)
{
	struct telnet_probe t;
	char out[TELNET_OUT_MAX + 1];
	size_t n;

	(void)state;
	telnet_probe_init(&t, "u", "p");
	assert_int_equal(
	    feed(&t, "\xff\xfa\x18\x01login:\xff\xff\xff\xf0lo", out, &n),
	    TELNET_PENDING);
	assert_int_equal(n, 0); /* "login:" was inside the subnegotiation */
	assert_int_equal(feed(&t, "gin", out, &n), TELNET_PENDING);
	assert_int_equal(feed(&t, ": ", out, &n), TELNET_PENDING);
	assert_string_equal(out, "u\r\n");
}

/* --- MQTT ------------------------------------------------------------------
 */

static void
test_mqtt(void **state)
{
	static const uint8_t connect[] = {0x10, 0x18, 0, 4, 'M', 'Q', 'T', 'T',
	    4, 2, 0, 30, 0, 12, 'a', 'i', 'r', 'l', 'o', 'c', 'k', '-', 's',
	    'c', 'a', 'n'};
	uint8_t out[MQTT_CONNECT_MAX];

	(void)state;
	assert_int_equal(mqtt_probe_connect(out), sizeof(connect));
	assert_memory_equal(out, connect, sizeof(connect));
	/* mosquitto 2 with allow_anonymous true, and false */
	assert_int_equal(
	    mqtt_probe_answer((const uint8_t *)"\x20\x02\x00\x00", 4),
	    MQTT_ACCEPTED);
	assert_int_equal(
	    mqtt_probe_answer((const uint8_t *)"\x20\x02\x00\x05", 4),
	    MQTT_AUTH_REQUIRED);
	assert_int_equal(
	    mqtt_probe_answer((const uint8_t *)"\x20\x02\x00\x04", 4),
	    MQTT_AUTH_REQUIRED);
	assert_int_equal(
	    mqtt_probe_answer((const uint8_t *)"\x20\x02\x00\x01", 4),
	    MQTT_REFUSED);
	/* in pieces, and not MQTT at all */
	assert_int_equal(
	    mqtt_probe_answer((const uint8_t *)"\x20", 1), MQTT_MORE);
	assert_int_equal(
	    mqtt_probe_answer((const uint8_t *)"\x20\x02\x01", 3), MQTT_MORE);
	assert_int_equal(mqtt_probe_answer((const uint8_t *)"HTTP/1.0 400", 12),
	    MQTT_NOT_MQTT);
	assert_int_equal(
	    mqtt_probe_answer((const uint8_t *)"\x20\x02\x02\x00", 4),
	    MQTT_NOT_MQTT); /* a reserved flag */
	assert_int_equal(
	    mqtt_probe_answer((const uint8_t *)"\x20\x02\x00\x06", 4),
	    MQTT_NOT_MQTT);
}

/* --- HTTP ------------------------------------------------------------------
 */

static enum http_read
http_read(const char *s, struct http_answer *a)
{
	return http_probe_answer(s, strlen(s), a);
}

static void
test_http(void **state)
{
	/* what lighttpd 1.4 answers a GET of / behind mod_auth */
	static const char lighttpd[] =
	    "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic "
	    "realm=\"device\", charset=\"UTF-8\"\r\nContent-Type: text/html\r\n"
	    "Content-Length: 351\r\nDate: Sun, 29 Nov 2026 22:00:00 GMT\r\n"
	    "Server: lighttpd/1.4.69\r\n\r\n<?xml";
	char req[HTTP_REQUEST_MAX];
	struct http_answer a;

	(void)state;
	assert_int_equal(http_read(lighttpd, &a), HTTP_DONE);
	assert_int_equal(a.status, 401);
	assert_int_equal(a.auth, HTTP_AUTH_BASIC);
	assert_string_equal(a.realm, "device");
	assert_string_equal(a.server, "lighttpd/1.4.69");
	/* the head in pieces: more until its empty line */
	assert_int_equal(http_probe_answer(lighttpd, 40, &a), HTTP_MORE);
	assert_int_equal(http_probe_answer(lighttpd, 5, &a), HTTP_MORE);
	/* busybox httpd: LF-only is taken too, no Server header */
	assert_int_equal(
	    http_read("HTTP/1.0 200 OK\nContent-type: text/html\n\n"
	              "dev1\n",
	        &a),
	    HTTP_DONE);
	assert_int_equal(a.status, 200);
	assert_int_equal(a.auth, HTTP_AUTH_NONE);
	assert_string_equal(a.server, "");
	assert_int_equal(
	    http_read("HTTP/1.1 401 x\r\nwww-authenticate: Digest realm=\"r\", "
	              "nonce=\"n\"\r\nSERVER: a\x01"
	              "b\r\n\r\n",
	        &a),
	    HTTP_DONE);
	assert_int_equal(a.auth, HTTP_AUTH_DIGEST);
	assert_string_equal(a.server, "a?b");
	/* not HTTP */
	assert_int_equal(http_read("SSH-2.0-dropbear\r\n", &a), HTTP_NOT_HTTP);
	assert_int_equal(
	    http_read("HTTP/1.1 999 no\r\n\r\n", &a), HTTP_NOT_HTTP);
	assert_int_equal(http_read("HTTP/1.1 20x\r\n\r\n", &a), HTTP_NOT_HTTP);
	/* the requests: Basic is base64 of user:password */
	assert_true(http_probe_request(req, "10.64.0.12", NULL, NULL) > 0);
	assert_string_equal(req, "GET / HTTP/1.1\r\nHost: 10.64.0.12\r\n"
	                         "User-Agent: airlock-scan\r\nAccept: */*\r\n"
	                         "Connection: close\r\n\r\n");
	assert_true(
	    http_probe_request(req, "[fd64::12]", "admin", "admin") > 0);
	assert_non_null(
	    strstr(req, "\r\nAuthorization: Basic YWRtaW46YWRtaW4=\r\n"));
	assert_non_null(strstr(req, "Host: [fd64::12]\r\n"));
}

/* --- SMTP ------------------------------------------------------------------
 */

static enum smtp_result
smtp_feed(struct smtp_probe *p, const char *in, char *out)
{
	size_t n;
	enum smtp_result r = smtp_probe_feed(p, in, strlen(in), out, &n);

	out[n] = '\0';
	return r;
}

static void
test_smtp(void **state)
{
	struct smtp_probe p;
	char out[SMTP_OUT_MAX + 1];

	(void)state;
	/* OpenSMTPD 6.8 with "match from any for any action relay" */
	smtp_probe_init(&p);
	assert_int_equal(
	    smtp_feed(&p, "220 lab ESMTP OpenSMTPD\r\n", out), SMTP_PENDING);
	assert_string_equal(out, "EHLO airlock-scan.invalid\r\n");
	assert_string_equal(p.greeting, "220 lab ESMTP OpenSMTPD");
	/* a multi-line reply, split mid-line */
	assert_int_equal(
	    smtp_feed(&p, "250-lab Hello\r\n250-8BITMIME\r\n25", out),
	    SMTP_PENDING);
	assert_string_equal(out, "");
	assert_int_equal(smtp_feed(&p, "0 HELP\r\n", out), SMTP_PENDING);
	assert_string_equal(out, "MAIL FROM:<scan@airlock-scan.invalid>\r\n");
	assert_int_equal(smtp_feed(&p, "250 2.0.0 Ok\r\n", out), SMTP_PENDING);
	assert_string_equal(out, "RCPT TO:<relay-test@example.com>\r\n");
	assert_int_equal(smtp_feed(&p,
	                     "250 2.1.5 Destination address valid: "
	                     "Recipient ok\r\n",
	                     out),
	    SMTP_OPEN_RELAY);
	/* a server that relays for nobody; one that wants HELO */
	smtp_probe_init(&p);
	smtp_feed(&p, "220 x\r\n", out);
	assert_int_equal(smtp_feed(&p, "502 no EHLO\r\n", out), SMTP_PENDING);
	assert_string_equal(out, "HELO airlock-scan.invalid\r\n");
	smtp_feed(&p, "250 x\r\n", out);
	smtp_feed(&p, "250 x\r\n", out);
	assert_int_equal(
	    smtp_feed(&p, "550 5.7.1 Relaying denied\r\n", out), SMTP_NO_RELAY);
	/* not SMTP, and replies that break the rules */
	smtp_probe_init(&p);
	assert_int_equal(smtp_feed(&p, "SSH-2.0-x\r\n", out), SMTP_NOT_SMTP);
	smtp_probe_init(&p);
	assert_int_equal(smtp_feed(&p, "554 go away\r\n", out), SMTP_NOT_SMTP);
	smtp_probe_init(&p);
	smtp_feed(&p, "220 x\r\n", out);
	assert_int_equal(smtp_feed(&p, "250-a\r\n251 b\r\n", out),
	    SMTP_NOT_SMTP); /* the code changed mid-reply */
	smtp_probe_init(&p);
	smtp_feed(&p, "220 x\r\n", out);
	smtp_feed(&p, "250 x\r\n", out);
	assert_int_equal(smtp_feed(&p, "421 busy\r\n", out), SMTP_CLOSED);
}

/* --- versions ------------------------------------------------------------ */

static int
vparse(struct vulndb *db, const char *text)
{
	last_error[0] = '\0';
	return vulndb_parse(db, text, strlen(text), "v.txt", keep_error, NULL);
}

static void
test_version_compare(void **state)
{
	(void)state;
	assert_true(version_compare("1.35.0", "1.4.99") > 0);
	assert_true(version_compare("2022.83", "2020.81") > 0);
	assert_true(version_compare("9.2p1", "9.8p1") < 0);
	assert_true(version_compare("8.5p1", "8.5") > 0);
	assert_true(version_compare("7.7p1", "7.8") < 0);
	assert_int_equal(version_compare("1.2.3", "1.2.3"), 0);
	assert_true(version_compare("1.0.1", "1.0a") > 0);
}

static void
test_version_banners(void **state)
{
	struct banner_version b;

	(void)state;
	assert_int_equal(
	    version_from_banner("SSH-2.0-dropbear_2022.83", &b), 1);
	assert_string_equal(b.product, "dropbear");
	assert_string_equal(b.version, "2022.83");
	assert_int_equal(b.distro_build, 0);
	assert_int_equal(
	    version_from_banner("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3", &b),
	    1);
	assert_string_equal(b.version, "9.2p1");
	assert_int_equal(b.distro_build, 1);
	assert_string_equal(b.distro, "Debian");
	assert_string_equal(b.revision, "2+deb12u3");
	assert_int_equal(version_from_banner("SSH-2.0-OpenSSH_8.9p1 "
	                                     "Ubuntu-3ubuntu0.10\r",
	                     &b),
	    1);
	assert_string_equal(b.distro, "Ubuntu");
	assert_string_equal(b.revision, "3ubuntu0.10");
	/* a distribution named without a revision: a build, of no revision */
	assert_int_equal(
	    version_from_banner("SSH-2.0-OpenSSH_9.2p1 Debian", &b), 1);
	assert_int_equal(b.distro_build, 1);
	assert_string_equal(b.revision, "");
	assert_int_equal(version_from_banner("BusyBox v1.35.0 built-in shell "
	                                     "(none) login:",
	                     &b),
	    1);
	assert_string_equal(b.product, "busybox");
	assert_string_equal(b.version, "1.35.0");
	assert_int_equal(version_from_banner("220 mail ESMTP", &b), 0);
	assert_int_equal(version_from_banner("BusyBox vX", &b), 0);
}

/* A distribution's fixed build hides its CVE from that revision on, for
 * that upstream version and that distribution only. */
static void
test_vulndb_fixed(void **state)
{
	static struct vulndb db;
	struct banner_version b;

	(void)state;
	assert_int_equal(vparse(&db, "openssh\t>=8.5,<9.8\tCVE-2024-6387\t"
	                             "critical\tx\nfixed\topenssh\tDebian\t"
	                             "9.2p1-2+deb12u3\tCVE-2024-6387\n"),
	    0);
	assert_int_equal(db.n_fixes, 1);
	version_from_banner("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10", &b);
	assert_true(vulndb_fixed(&db, &b, "CVE-2024-6387"));
	assert_false(vulndb_fixed(&db, &b, "CVE-2023-48795"));
	version_from_banner("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3", &b);
	assert_true(vulndb_fixed(&db, &b, "CVE-2024-6387"));
	version_from_banner("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u2", &b);
	assert_false(vulndb_fixed(&db, &b, "CVE-2024-6387"));
	version_from_banner("SSH-2.0-OpenSSH_9.2p1 Debian-2", &b);
	assert_false(vulndb_fixed(&db, &b, "CVE-2024-6387"));
	version_from_banner("SSH-2.0-OpenSSH_9.3p1 Debian-2+deb12u9", &b);
	assert_false(vulndb_fixed(&db, &b, "CVE-2024-6387"));
	version_from_banner("SSH-2.0-OpenSSH_9.2p1 Ubuntu-2+deb12u9", &b);
	assert_false(vulndb_fixed(&db, &b, "CVE-2024-6387"));
	version_from_banner("SSH-2.0-OpenSSH_9.2p1 Debian", &b);
	assert_false(vulndb_fixed(&db, &b, "CVE-2024-6387"));
	/* every error, with its line */
	assert_int_equal(
	    vparse(&db, "fixed\ttoaster\tDebian\t1-2\tCVE-2020-1234\n"
	                "fixed\topenssh\tFedora\t1-2\tCVE-2020-1234\n"
	                "fixed\topenssh\tDebian\t9.2p1\tCVE-2020-1234\n"
	                "fixed\topenssh\tDebian\t9.2p1-x\tCVE-2020-1234\n"
	                "fixed\topenssh\tDebian\t9.2p1-2\tCVE-1\n"),
	    5);
	assert_int_equal(last_line, 5);
	assert_int_equal(db.n_fixes, 0);
}

static void
test_vulndb(void **state)
{
	static struct vulndb db;
	const struct vuln_range *hit[4];

	(void)state;
	assert_int_equal(vparse(&db, "# c\nopenssh\t>=8.5p1,<9.8p1\tCVE-2024-"
	                             "6387\tcritical\trace\nbusybox\t<=1.35."
	                             "0\tCVE-2022-28391\tlow\tnetstat\r\n"),
	    0);
	assert_int_equal(db.n, 2);
	assert_int_equal(vulndb_match(&db, "openssh", "9.2p1", hit, 4), 1);
	assert_string_equal(hit[0]->cve, "CVE-2024-6387");
	assert_int_equal(vulndb_match(&db, "openssh", "9.8p1", hit, 4), 0);
	assert_int_equal(vulndb_match(&db, "openssh", "8.4p1", hit, 4), 0);
	assert_int_equal(vulndb_match(&db, "busybox", "1.35.0", hit, 4), 1);
	assert_int_equal(vulndb_match(&db, "busybox", "1.36.0", hit, 4), 0);
	assert_int_equal(vulndb_match(&db, "dropbear", "1.0", hit, 4), 0);
	/* bounds without the portable suffix: 9.8 is the fixed release */
	assert_int_equal(vparse(&db, "openssh\t>=8.5,<9.8\tCVE-2024-6387\t"
	                             "critical\tx\n"),
	    0);
	assert_int_equal(vulndb_match(&db, "openssh", "9.8", hit, 4), 0);
	assert_int_equal(vulndb_match(&db, "openssh", "9.8p1", hit, 4), 0);
	assert_int_equal(vulndb_match(&db, "openssh", "9.7p1", hit, 4), 1);
	assert_int_equal(vulndb_match(&db, "openssh", "8.5", hit, 4), 1);
	assert_int_equal(vulndb_match(&db, "openssh", "8.4p1", hit, 4), 0);
	/* every error, with its line */
	assert_int_equal(vparse(&db, "busybox\t<1\tCVE-1\tlow\tx\n"
	                             "toaster\t<1\tCVE-2020-1234\tlow\tx\n"
	                             "busybox\t=1\tCVE-2020-1234\tlow\tx\n"
	                             "busybox\t>2,<1\tCVE-2020-1234\tlow\tx\n"
	                             "busybox\t<1\tCVE-2020-1234\tinfo\tx\n"
	                             "busybox\t<1\tCVE-2020-1234\tlow\n"
	                             "busybox\t<1,<2\tCVE-2020-1234\tlow\tx\n"),
	    7);
	assert_string_equal(last_error, "v.txt:7: range: two upper bounds");
	assert_int_equal(vparse(&db, "busybox\t<1\tCVE-1\tlow\tx\n"), 1);
	assert_string_equal(last_error, "v.txt:1: 'CVE-1' is not a CVE "
	                                "identifier (CVE-2024-6387)");
}

/* --- findings ------------------------------------------------------------ */

static void
test_verdict(void **state)
{
	static struct creds c = {.n = 1, .v = {{"root", "xc3511", 9}}};
	struct scan_open_port open[2] = {
	    {.port = 23, .banner = "BusyBox"}, {.port = 22}};
	struct scan_host h = {.state = SCAN_HOST_UP, .open = open, .n_open = 2};
	struct scan_verdict v;

	(void)state;
	scan_verdict(&h, NULL, &v);
	assert_int_equal(v.n, 1);
	assert_string_equal(v.f[0].kind->id, "telnet-exposed");
	assert_string_equal(v.f[0].evidence, "tcp/23 (telnet) open: BusyBox");
	assert_int_equal(v.score, 20);
	assert_int_equal(v.grade, 'C');
	h.login[SCAN_TELNET] = (struct scan_login_state){
	    .port = 23, .result = SCAN_LOGIN_OK, .cred = &c.v[0], .tries = 1};
	scan_verdict(&h, NULL, &v);
	assert_int_equal(v.n, 2);
	assert_string_equal(v.f[0].kind->id, "telnet-default-credential");
	assert_null(strstr(v.f[0].evidence, "xc3511")); /* never the password */
	assert_non_null(strstr(v.f[0].evidence, "dictionary line 9"));
	assert_int_equal(v.grade, 'F');
	/* an anonymous broker */
	open[1] =
	    (struct scan_open_port){.port = 1883, .answer = MQTT_ACCEPTED};
	h.login[SCAN_TELNET].result = SCAN_LOGIN_NONE;
	scan_verdict(&h, NULL, &v);
	assert_int_equal(v.n, 2);
	/* two of a severity: by port */
	assert_string_equal(v.f[0].kind->id, "telnet-exposed");
	assert_string_equal(v.f[1].kind->id, "mqtt-anonymous");
	assert_int_equal(v.f[1].port, 1883);
	open[1].answer = MQTT_AUTH_REQUIRED;
	scan_verdict(&h, NULL, &v);
	assert_int_equal(v.n, 1);
	open[1] = (struct scan_open_port){.port = 22};
	/* a banner's version against the ranges */
	{
		static struct vulndb db;

		assert_int_equal(vparse(&db, "busybox\t<=1.35.0\tCVE-2022-"
		                             "28391\tlow\tnetstat\n"),
		    0);
		open[1] = (struct scan_open_port){
		    .port = 23, .banner = "BusyBox v1.35.0 built-in shell"};
		h.open = &open[1];
		h.n_open = 1;
		scan_verdict(&h, &db, &v);
		assert_int_equal(v.n, 2);
		assert_string_equal(v.f[1].kind->id, "vulnerable-version");
		assert_int_equal(v.f[1].severity, SEV_LOW);
		assert_string_equal(v.f[1].cve, "CVE-2022-28391");
		assert_string_equal(v.f[1].evidence,
		    "tcp/23: busybox 1.35.0: CVE-2022-28391, netstat");
		assert_int_equal(v.score, 22);
		h.open = open;
		h.n_open = 2;
	}
	open[1] = (struct scan_open_port){.port = 22};
	/* SSH alone (keys or not: no probe yet) is no finding */
	h.open = &open[1];
	h.n_open = 1;
	h.login[SCAN_TELNET].result = SCAN_LOGIN_NONE;
	scan_verdict(&h, NULL, &v);
	assert_int_equal(v.n, 0);
	assert_int_equal(v.grade, 'A');
}

/* Every kind cites the three texts, in the order the docs give, and only
 * CLP.13 sections that docs/scanner.md lists with their titles. */
static void
test_finding_catalogue(void **state)
{
	static const char *const clp13[] = {"6.5", "6.7", "6.9", "6.12", "6.19",
	    "7.5", "7.6", "7.9", "8.2", "8.4"};
	size_t n, i;
	const struct scan_finding_kind *k = scan_finding_kinds(&n);

	(void)state;
	assert_true(n >= 33);
	for (i = 0; i < n; i++) {
		const char *etsi = strstr(k[i].provisions, "ETSI EN 303 645 ");
		const char *gsma = strstr(k[i].provisions, "; GSMA CLP.13 ");
		const char *owasp = strstr(k[i].provisions, "; OWASP IoT I");
		char sections[64], *tok, *save = NULL;

		if (etsi != k[i].provisions || !gsma || !owasp || owasp < gsma)
			fail_msg(
			    "%s: provisions \"%s\"", k[i].id, k[i].provisions);
		snprintf(sections, sizeof(sections), "%.*s",
		    (int)(owasp - gsma - 14), gsma + 14);
		for (tok = strtok_r(sections, ", ", &save); tok;
		     tok = strtok_r(NULL, ", ", &save)) {
			size_t j = 0;

			while (j < sizeof(clp13) / sizeof(*clp13) &&
			       strcmp(clp13[j], tok) != 0)
				j++;
			if (j == sizeof(clp13) / sizeof(*clp13))
				fail_msg("%s: CLP.13 %s is not in the docs",
				    k[i].id, tok);
		}
	}
}

static void
test_ports(void **state)
{
	const struct scan_port_info *p;
	size_t n;

	(void)state;
	p = scan_ports_default(&n);
	for (size_t i = 1; i < n; i++)
		assert_true(p[i - 1].port < p[i].port);
	assert_int_equal(scan_port_info(23)->probe, SCAN_PROBE_TELNET);
	assert_string_equal(scan_port_info(7547)->service, "cwmp");
	assert_string_equal(scan_port_info(1)->service, "unknown");
}

/* --- the engine, on loopback --------------------------------------------- */

static int
listener(uint16_t *port)
{
	struct sockaddr_in sin = {.sin_family = AF_INET};
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(listen(fd, 16), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	*port = ntohs(sin.sin_port);
	return fd;
}

static void
test_engine_loopback(void **state)
{
	static struct scan_conf c;
	const struct scan_host *h;
	struct ipaddr target;
	struct scan *s;
	uint16_t open_port, closed_port;
	int fd = listener(&open_port), gone = listener(&closed_port);
	char err[256];
	size_t n;

	(void)state;
	close(gone); /* its port now refuses */
	scan_conf_defaults(&c);
	c.n_udp_ports = 0; /* TCP only here: test_scan_udp.c has UDP */
	zone_of(&c.zone, "127.0.0.0/8", NULL);
	c.ports[0] = closed_port;
	c.ports[1] = open_port;
	c.n_ports = 2;
	assert_int_equal(ipaddr_parse("127.0.0.1", &target), 0);
	s = scan_new(&c, &target, 1, err, sizeof(err));
	assert_non_null(s);
	assert_int_equal(scan_run(s, NULL, NULL, err, sizeof(err)), 0);
	h = scan_hosts(s, &n);
	assert_int_equal(n, 1);
	assert_int_equal(h->state, SCAN_HOST_UP);
	assert_int_equal(h->n_open, 1);
	assert_int_equal(h->open[0].port, open_port);
	assert_int_equal(scan_stats(s)->refused, 1);
	assert_int_equal(scan_stats(s)->connections, 2);
	scan_free(s);
	/* an address and a port given twice are scanned once */
	{
		struct ipaddr twice[2] = {target, target};

		c.ports[2] = open_port;
		c.n_ports = 3;
		s = scan_new(&c, twice, 2, err, sizeof(err));
		assert_non_null(s);
		assert_int_equal(scan_run(s, NULL, NULL, err, sizeof(err)), 0);
		h = scan_hosts(s, &n);
		assert_int_equal(n, 1);
		assert_int_equal(h->n_open, 1);
		assert_int_equal(scan_stats(s)->connections, 2);
		scan_free(s);
	}
	/* a port whose SYNs are dropped (its accept queue full) times out,
	 * and gets one more go */
	{
		struct sockaddr_in sin = {.sin_family = AF_INET};
		socklen_t len = sizeof(sin);
		int full = socket(AF_INET, SOCK_STREAM, 0);
		int fill[2];

		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		assert_int_equal(
		    bind(full, (struct sockaddr *)&sin, sizeof(sin)), 0);
		assert_int_equal(listen(full, 0), 0);
		assert_int_equal(
		    getsockname(full, (struct sockaddr *)&sin, &len), 0);
		for (int i = 0; i < 2; i++) {
			fill[i] =
			    socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
			connect(fill[i], (struct sockaddr *)&sin, sizeof(sin));
		}
		usleep(100000);
		c.ports[0] = ntohs(sin.sin_port);
		c.n_ports = 1;
		c.connect_ms = 200;
		s = scan_new(&c, &target, 1, err, sizeof(err));
		assert_int_equal(scan_run(s, NULL, NULL, err, sizeof(err)), 0);
		assert_int_equal(scan_stats(s)->connections, 2);
		assert_int_equal(scan_stats(s)->timeouts, 2);
		assert_int_equal(scan_hosts(s, &n)->n_open, 0);
		scan_free(s);
		/* on a host that answered on another port (a reset), the
		 * silent port gets up to `retries` more: 200, 400, 800 ms */
		c.ports[1] = closed_port;
		c.n_ports = 2;
		s = scan_new(&c, &target, 1, err, sizeof(err));
		assert_int_equal(scan_run(s, NULL, NULL, err, sizeof(err)), 0);
		assert_int_equal(scan_stats(s)->connections, 1 + 3);
		assert_int_equal(scan_stats(s)->timeouts, 3);
		/* each wait twice the one before: a floor the engine
		 * guarantees, whatever the machine */
		assert_true(scan_stats(s)->seconds >= 1.4);
		scan_free(s);
		c.retries = 0; /* none at all */
		s = scan_new(&c, &target, 1, err, sizeof(err));
		assert_int_equal(scan_run(s, NULL, NULL, err, sizeof(err)), 0);
		assert_int_equal(scan_stats(s)->connections, 1 + 1);
		assert_int_equal(scan_stats(s)->timeouts, 1);
		scan_free(s);
		c.retries = 2;
		close(fill[0]);
		close(fill[1]);
		close(full);
		c.connect_ms = 1500;
	}
	/* the engine itself refuses what the zone does not hold */
	assert_int_equal(ipaddr_parse("127.0.0.1", &target), 0);
	zone_of(&c.zone, "10.64.0.0/10", NULL);
	assert_null(scan_new(&c, &target, 1, err, sizeof(err)));
	assert_string_equal(err, "target 127.0.0.1 is outside the device "
	                         "networks");
	close(fd);
}

/* A telnet port that answers nothing, and another that takes a
 * dictionary pair: the dictionary moves to the second. The two servers
 * run in a child on 127.0.0.77 (the telnet ports are fixed; an address
 * of its own keeps clear of other tests). */
/* A listener on addr:port, or -1 when the port is taken. */
static int
bound_at(const char *addr, uint16_t port)
{
	struct sockaddr_in sin = {.sin_family = AF_INET};
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = inet_addr(addr);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    listen(fd, 64) < 0)
		return -1;
	return fd;
}

static void
serve_logins(int fd)
{
	char buf[256];

	for (;;) {
		int c = accept(fd, NULL, NULL);

		if (c < 0)
			_exit(0);
		/* login, password, then a shell for root/xmhdipc only */
		if (write(c, "login: ", 7) < 0 ||
		    read(c, buf, sizeof(buf)) <= 0)
			goto next;
		buf[sizeof(buf) - 1] = '\0';
		if (write(c, "Password: ", 10) < 0 ||
		    read(c, buf + 128, 127) <= 0)
			goto next;
		if (strncmp(buf, "root\r\n", 6) == 0 &&
		    strncmp(buf + 128, "xmhdipc\r\n", 9) == 0) {
			(void)!write(c, "\r\n# ", 5);
			sleep(1); /* a shell waits for its input */
		} else {
			(void)!write(c, "\r\nLogin incorrect\r\n", 19);
		}
	next:
		close(c);
	}
}

static void
test_engine_telnet_ports(void **state)
{
	static struct scan_conf c;
	static struct creds cr = {.n = 3,
	    .v = {{"admin", "admin", 1}, {"root", "xmhdipc", 2},
	        {"root", "root", 3}}};
	const struct scan_host *h;
	struct ipaddr target;
	struct scan *s;
	char err[256];
	size_t n;
	int silent = bound_at("127.0.0.77", 2323),
	    logins = bound_at("127.0.0.77", 23231);
	pid_t pid;

	(void)state;
	if (silent < 0 || logins < 0) {
		skip(); /* the ports are taken on this machine */
		return;
	}
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(silent); /* the parent's copy listens, and says nothing */
		alarm(20);     /* gone even if the test fails half-way */
		signal(SIGPIPE, SIG_IGN); /* the scanner resets port checks */
		serve_logins(logins);
	}
	close(logins);
	scan_conf_defaults(&c);
	c.n_udp_ports = 0; /* TCP only here: test_scan_udp.c has UDP */
	zone_of(&c.zone, "127.0.0.0/8", NULL);
	c.ports[0] = 2323;
	c.ports[1] = 23231;
	c.n_ports = 2;
	c.read_ms = 300;
	c.login_ms = 300; /* the silent port: twice (a second go), then on */
	c.quiet_ms = 100;
	c.creds = &cr;
	assert_int_equal(ipaddr_parse("127.0.0.77", &target), 0);
	s = scan_new(&c, &target, 1, err, sizeof(err));
	assert_non_null(s);
	assert_int_equal(scan_run(s, NULL, NULL, err, sizeof(err)), 0);
	h = scan_hosts(s, &n);
	assert_int_equal(h->n_open, 2);
	assert_int_equal(h->login[SCAN_TELNET].result, SCAN_LOGIN_OK);
	assert_int_equal(h->login[SCAN_TELNET].port, 23231);
	assert_ptr_equal(h->login[SCAN_TELNET].cred, &cr.v[1]);
	assert_int_equal(h->login[SCAN_TELNET].tries, 2);
	scan_free(s);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(silent);
}

/* Two web logins behind Basic, on 127.0.0.78 and .79 port 8080: the
 * first takes admin/admin and redirects every other pair to an error
 * page; the second takes any password at all. */
static void
serve_web(int fd, int any)
{
	static const char challenge[] =
	    "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic "
	    "realm=\"cam\"\r\nContent-Length: 0\r\n\r\n";
	static const char ok[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
	static const char again[] =
	    "HTTP/1.1 302 Found\r\nLocation: "
	    "/login?error=1\r\nContent-Length: 0\r\n\r\n";
	char buf[2048];

	for (;;) {
		int c = accept(fd, NULL, NULL);
		ssize_t n;
		const char *answer;

		if (c < 0)
			_exit(0);
		n = read(c, buf, sizeof(buf) - 1);
		buf[n > 0 ? n : 0] = '\0';
		if (strstr(buf, "Authorization: Basic ") == NULL)
			answer = challenge;
		else if (any || strstr(buf, "Basic YWRtaW46YWRtaW4=") != NULL)
			answer = ok; /* admin:admin */
		else
			answer = again;
		(void)!write(c, answer, strlen(answer));
		close(c);
	}
}

static void
test_engine_web_logins(void **state)
{
	static struct scan_conf c;
	static struct creds cr = {.n = 3,
	    .v = {{"root", "root", 1}, {"admin", "admin", 2},
	        {"guest", "guest", 3}}};
	const struct scan_host *h;
	struct ipaddr targets[2];
	struct scan *s;
	char err[256];
	size_t n;
	int fds[2] = {
	    bound_at("127.0.0.78", 8080), bound_at("127.0.0.79", 8080)};
	pid_t pids[2];

	(void)state;
	if (fds[0] < 0 || fds[1] < 0) {
		skip(); /* the port is taken on this machine */
		return;
	}
	for (int i = 0; i < 2; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			alarm(20);
			signal(SIGPIPE, SIG_IGN);
			serve_web(fds[i], i);
		}
		close(fds[i]);
	}
	scan_conf_defaults(&c);
	c.n_udp_ports = 0; /* TCP only here: test_scan_udp.c has UDP */
	zone_of(&c.zone, "127.0.0.0/8", NULL);
	c.ports[0] = 8080;
	c.n_ports = 1;
	c.creds = &cr;
	assert_int_equal(ipaddr_parse("127.0.0.78", &targets[0]), 0);
	assert_int_equal(ipaddr_parse("127.0.0.79", &targets[1]), 0);
	s = scan_new(&c, targets, 2, err, sizeof(err));
	assert_int_equal(scan_run(s, NULL, NULL, err, sizeof(err)), 0);
	h = scan_hosts(s, &n);
	/* a redirect is no login; admin/admin is, and the random
	 * password after it is refused */
	assert_int_equal(h[0].login[SCAN_HTTP].result, SCAN_LOGIN_OK);
	assert_ptr_equal(h[0].login[SCAN_HTTP].cred, &cr.v[1]);
	assert_int_equal(h[0].login[SCAN_HTTP].tries, 2);
	/* the first pair works, and so does a random password */
	assert_int_equal(h[1].login[SCAN_HTTP].result, SCAN_LOGIN_ANY);
	assert_int_equal(h[1].login[SCAN_HTTP].tries, 1);
	scan_free(s);
	for (int i = 0; i < 2; i++) {
		kill(pids[i], SIGKILL);
		waitpid(pids[i], NULL, 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_creds_good),
	    cmocka_unit_test(test_creds_errors),
	    cmocka_unit_test(test_targets),
	    cmocka_unit_test(test_telnet_login_ok),
	    cmocka_unit_test(test_telnet_login_failed),
	    cmocka_unit_test(test_telnet_no_auth),
	    cmocka_unit_test(test_telnet_not_fooled),
	    cmocka_unit_test(test_telnet_framing),
	    cmocka_unit_test(test_mqtt),
	    cmocka_unit_test(test_http),
	    cmocka_unit_test(test_smtp),
	    cmocka_unit_test(test_version_compare),
	    cmocka_unit_test(test_version_banners),
	    cmocka_unit_test(test_vulndb),
	    cmocka_unit_test(test_vulndb_fixed),
	    cmocka_unit_test(test_verdict),
	    cmocka_unit_test(test_finding_catalogue),
	    cmocka_unit_test(test_ports),
	    cmocka_unit_test(test_engine_loopback),
	    cmocka_unit_test(test_engine_telnet_ports),
	    cmocka_unit_test(test_engine_web_logins),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
