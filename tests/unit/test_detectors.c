/*
 * The detectors' pure functions, each on state built by hand: the scans'
 * and the sweep's thresholds (fire at the threshold, not one before;
 * answers do not count), what a service's first bytes say (recorded
 * banners), brute force, the SMTP greeting, the flood's counting window,
 * the data spike's learning and baseline, beaconing, the type names, and
 * the evidence JSON (parsed back with jansson). The settings are in
 * test_detect_conf.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "common/jsonw.h"
#include "common/obuf.h"
#include "detect/detect.h"
#include "ip4.h"
#include "detect/detect_arp.h"
#include "detect/detect_beacon.h"
#include "detect/detect_brute.h"
#include "detect/detect_event.h"
#include "detect/detect_flood.h"
#include "detect/detect_scan.h"
#include "detect/detect_smtp.h"
#include "detect/detect_spike.h"
#include "detect/detect_state.h"
#include "monitor/decode.h"

#define LIT(s) (const uint8_t *)(s), sizeof(s) - 1

static struct detect_sample
sample(unsigned i)
{
	struct detect_sample s = {
	    v4(198, 51, i / 256, i % 256), 23, 6, 1000000ULL * i};

	return s;
}

/* --- scans ------------------------------------------------------------ */

/* One attempt to a new host (and so a new port of it). */
static void
attempt_host(struct dev_state *dev, unsigned i, int mirai)
{
	struct peer_state peer;
	struct detect_sample s = sample(i);

	memset(&peer, 0, sizeof(peer));
	scan_attempt(dev, &peer, 1, 1, mirai, &s);
}

static void
test_scan_horizontal_threshold(void **state)
{
	struct detect_conf c;
	struct dev_state dev;
	struct peer_state peer;
	struct detection ev;
	struct detect_sample s = sample(0);
	unsigned i;

	(void)state;
	detect_conf_defaults(&c);
	assert_int_equal(c.scan_hosts, 25);
	memset(&dev, 0, sizeof(dev));
	dev.window_start_us = 123456789;
	for (i = 0; i < c.scan_hosts - 1; i++) {
		attempt_host(&dev, i, 0);
		assert_false(scan_horizontal(&c, &dev, &ev));
	}
	/* more attempts to a host already counted: still not a new host */
	memset(&peer, 0, sizeof(peer));
	scan_attempt(&dev, &peer, 0, 1, 0, &s);
	scan_attempt(&dev, &peer, 0, 0, 0, &s);
	assert_int_equal(dev.hosts, c.scan_hosts - 1);
	assert_int_equal(dev.attempts, c.scan_hosts + 1);
	assert_false(scan_horizontal(&c, &dev, &ev));

	attempt_host(&dev, i, 0);
	assert_true(scan_horizontal(&c, &dev, &ev));
	assert_int_equal(ev.type, DT_SCAN_HORIZONTAL);
	assert_int_equal(ev.severity, SEV_HIGH);
	assert_int_equal(ev.hosts, 25);
	assert_int_equal(ev.answered, 0);
	assert_int_equal(ev.count, 27);
	assert_int_equal(ev.level, 25);
	assert_int_equal(ev.mirai, 0);
	assert_int_equal(ev.window_start_us, 123456789);
	assert_false(ev.has_target);
	/* the last four samples, oldest first: hosts 0..23, host 0's new
	 * port (a sample), host 0's same port again (none), host 24 */
	assert_int_equal(ev.n_samples, DETECT_SAMPLES);
	{
		static const unsigned want[DETECT_SAMPLES] = {22, 23, 0, 24};

		for (unsigned k = 0; k < DETECT_SAMPLES; k++) {
			struct detect_sample w = sample(want[k]);

			assert_true(
			    ipaddr_equal(&ev.samples[k].remote, &w.remote));
		}
	}
}

static void
test_scan_horizontal_answered(void **state)
{
	struct detect_conf c;
	struct dev_state dev;
	struct peer_state peer;
	struct detection ev;
	unsigned i;

	(void)state;
	detect_conf_defaults(&c);
	memset(&dev, 0, sizeof(dev));
	memset(&peer, 0, sizeof(peer));
	for (i = 0; i < 25; i++)
		attempt_host(&dev, i, 0);
	/* without an answer, this would be a scan; one answer undoes it */
	scan_accepted(&dev, &peer, 1, 0);
	assert_int_equal(dev.hosts_answered, 1);
	assert_false(scan_horizontal(&c, &dev, &ev));
	attempt_host(&dev, i++, 0);
	assert_true(scan_horizontal(&c, &dev, &ev));
	assert_int_equal(ev.hosts, 26);
	assert_int_equal(ev.answered, 1);
	assert_int_equal(ev.level, 25);

	/* all answered: never */
	memset(&dev, 0, sizeof(dev));
	for (i = 0; i < 100; i++) {
		attempt_host(&dev, i, 0);
		scan_accepted(&dev, &peer, 1, 0);
		assert_false(scan_horizontal(&c, &dev, &ev));
	}

	/* an answer is only counted for a host counted as tried */
	memset(&dev, 0, sizeof(dev));
	scan_accepted(&dev, &peer, 1, 1);
	assert_int_equal(dev.hosts_answered, 0);
	for (i = 0; i < 25; i++)
		attempt_host(&dev, i, 0);
	assert_true(scan_horizontal(&c, &dev, &ev));
}

static void
test_scan_horizontal_mirai(void **state)
{
	struct detect_conf c;
	struct dev_state dev;
	struct detection ev;

	(void)state;
	detect_conf_defaults(&c);
	/* 26 attempts, 13 with Mirai's sequence number: half, not most */
	memset(&dev, 0, sizeof(dev));
	for (unsigned i = 0; i < 26; i++)
		attempt_host(&dev, i, i % 2 == 0);
	assert_true(scan_horizontal(&c, &dev, &ev));
	assert_int_equal(ev.mirai, 13);
	assert_int_equal(ev.severity, SEV_HIGH);
	/* 14 of 26: a majority */
	memset(&dev, 0, sizeof(dev));
	for (unsigned i = 0; i < 26; i++)
		attempt_host(&dev, i, i % 2 == 0 || i == 1);
	assert_true(scan_horizontal(&c, &dev, &ev));
	assert_int_equal(ev.mirai, 14);
	assert_int_equal(ev.severity, SEV_CRITICAL);
	/* all of them */
	memset(&dev, 0, sizeof(dev));
	for (unsigned i = 0; i < 25; i++)
		attempt_host(&dev, i, 1);
	assert_true(scan_horizontal(&c, &dev, &ev));
	assert_int_equal(ev.severity, SEV_CRITICAL);
	assert_int_equal(ev.type, DT_SCAN_HORIZONTAL);
}

static void
test_scan_vertical(void **state)
{
	struct detect_conf c;
	struct dev_state dev;
	struct peer_state peer;
	struct detection ev;
	struct ipaddr target = v4(203, 0, 113, 7);
	struct detect_sample s = sample(1);
	unsigned i;

	(void)state;
	detect_conf_defaults(&c);
	assert_int_equal(c.scan_ports, 15);
	memset(&dev, 0, sizeof(dev));
	memset(&peer, 0, sizeof(peer));
	for (i = 0; i < c.scan_ports - 1; i++) {
		scan_attempt(&dev, &peer, i == 0, 1, 0, &s);
		assert_false(scan_vertical(&c, &dev, &peer, &target, &ev));
		assert_false(scan_horizontal(&c, &dev, &ev));
	}
	scan_attempt(&dev, &peer, 0, 1, 0, &s);
	assert_true(scan_vertical(&c, &dev, &peer, &target, &ev));
	assert_false(scan_horizontal(&c, &dev, &ev));
	assert_int_equal(ev.type, DT_SCAN_VERTICAL);
	assert_int_equal(ev.severity, SEV_HIGH);
	assert_int_equal(ev.ports, 15);
	assert_int_equal(ev.answered, 0);
	assert_int_equal(ev.level, 15);
	assert_int_equal(ev.count, 15);
	assert_true(ev.has_target);
	assert_true(ipaddr_equal(&ev.target, &target));

	/* answered ports do not count: 20 ports, 6 open, 14 closed */
	memset(&dev, 0, sizeof(dev));
	memset(&peer, 0, sizeof(peer));
	for (i = 0; i < 20; i++) {
		scan_attempt(&dev, &peer, i == 0, 1, 0, &s);
		if (i < 6)
			scan_accepted(&dev, &peer, i == 0, 1);
		assert_false(scan_vertical(&c, &dev, &peer, &target, &ev));
	}
	assert_int_equal(peer.ports, 20);
	assert_int_equal(peer.ports_answered, 6);
	/* one more closed port: 15 */
	scan_attempt(&dev, &peer, 0, 1, 0, &s);
	assert_true(scan_vertical(&c, &dev, &peer, &target, &ev));
	assert_int_equal(ev.ports, 21);
	assert_int_equal(ev.answered, 6);
	assert_int_equal(ev.level, 15);
	/* a port tried again is not a new port */
	scan_attempt(&dev, &peer, 0, 0, 0, &s);
	assert_int_equal(peer.ports, 21);
}

static void
test_arp_sweep(void **state)
{
	struct detect_conf c;
	struct dev_state dev;
	struct detection ev;
	struct detect_sample s = sample(2);
	unsigned i;

	(void)state;
	detect_conf_defaults(&c);
	assert_int_equal(c.arp_targets, 25);
	memset(&dev, 0, sizeof(dev));
	for (i = 0; i < 24; i++) {
		arp_request(&dev, 1, &s);
		arp_request(&dev, 0, &s); /* asked again: not new */
		assert_false(arp_sweep(&c, &dev, &ev));
	}
	assert_int_equal(dev.arp_targets, 24);
	arp_request(&dev, 1, &s);
	assert_true(arp_sweep(&c, &dev, &ev));
	assert_int_equal(ev.type, DT_ARP_SWEEP);
	assert_int_equal(ev.severity, SEV_HIGH);
	assert_int_equal(ev.hosts, 25);
	assert_int_equal(ev.count, 25);
	assert_int_equal(ev.answered, 0);
	assert_int_equal(ev.level, 25);

	/* answers take targets off */
	memset(&dev, 0, sizeof(dev));
	for (i = 0; i < 30; i++)
		arp_request(&dev, 1, &s);
	for (i = 0; i < 6; i++)
		arp_answered(&dev);
	assert_false(arp_sweep(&c, &dev, &ev));
	arp_request(&dev, 1, &s);
	assert_true(arp_sweep(&c, &dev, &ev));
	assert_int_equal(ev.hosts, 31);
	assert_int_equal(ev.answered, 6);
	assert_int_equal(ev.level, 25);
}

/* --- brute force ------------------------------------------------------ */

static void
test_brute_classify(void **state)
{
	int refused = -1;

	(void)state;
	assert_int_equal(
	    brute_classify(LIT("SSH-2.0-OpenSSH_8.9p1 Ubuntu-3\r\n"), &refused),
	    LOGIN_SSH);
	assert_int_equal(refused, 0);
	assert_int_equal(
	    brute_classify(LIT("SSH-2.0-dropbear_2020.81"), &refused),
	    LOGIN_SSH);
	assert_int_equal(
	    brute_classify(LIT("SSH-1.99-Cisco-1.25\r\n"), &refused),
	    LOGIN_SSH);
	/* busybox telnetd: IAC DO TTYPE, IAC DO TSPEED */
	assert_int_equal(
	    brute_classify(LIT("\xff\xfd\x18\xff\xfd\x20"), &refused),
	    LOGIN_TELNET);
	assert_int_equal(refused, 0);
	/* IAC WILL ECHO, IAC WONT, IAC DONT */
	assert_int_equal(
	    brute_classify(LIT("\xff\xfb\x01"), &refused), LOGIN_TELNET);
	assert_int_equal(
	    brute_classify(LIT("\xff\xfc\x01"), &refused), LOGIN_TELNET);
	assert_int_equal(
	    brute_classify(LIT("\xff\xfe\x01"), &refused), LOGIN_TELNET);
	/* IAC SB and IAC alone are not a negotiation */
	assert_int_equal(
	    brute_classify(LIT("\xff\xfa\x18"), &refused), LOGIN_NONE);
	assert_int_equal(brute_classify(LIT("\xff"), &refused), LOGIN_NONE);

	assert_int_equal(
	    brute_classify(LIT("HTTP/1.1 401 Unauthorized\r\n"), &refused),
	    LOGIN_HTTP);
	assert_int_equal(refused, 1);
	assert_int_equal(
	    brute_classify(LIT("HTTP/1.0 401 "), &refused), LOGIN_HTTP);
	assert_int_equal(refused, 1);
	/* refused is reset on each call */
	assert_int_equal(
	    brute_classify(LIT("HTTP/1.0 200 OK"), &refused), LOGIN_NONE);
	assert_int_equal(refused, 0);
	assert_int_equal(
	    brute_classify(LIT("HTTP/1.1 403 Forbidden\r\n"), &refused),
	    LOGIN_NONE);
	assert_int_equal(refused, 0);
	assert_int_equal(
	    brute_classify(LIT("220 mail ESMTP Postfix"), &refused),
	    LOGIN_NONE);
	assert_int_equal(refused, 0);
	/* too short to say */
	assert_int_equal(brute_classify(LIT("SSH"), &refused), LOGIN_NONE);
	assert_int_equal(
	    brute_classify(LIT("HTTP/1.1 40"), &refused), LOGIN_NONE);
	assert_int_equal(brute_classify(LIT(""), &refused), LOGIN_NONE);
}

static void
test_brute_ports(void **state)
{
	static const uint16_t login[] = {
	    21, 22, 23, 110, 143, 993, 995, 2222, 2323, 3389, 5900, 8291};
	static const uint16_t not_login[] = {25, 80, 443, 902, 8080, 1883};
	struct detect_conf c;

	(void)state;
	detect_conf_defaults(&c);
	for (size_t i = 0; i < sizeof(login) / sizeof(login[0]); i++)
		assert_int_equal(brute_port_login(&c, login[i]), LOGIN_PORT);
	for (size_t i = 0; i < sizeof(not_login) / sizeof(not_login[0]); i++)
		assert_int_equal(
		    brute_port_login(&c, not_login[i]), LOGIN_NONE);

	assert_string_equal(brute_service_name(LOGIN_SSH, 902), "ssh");
	assert_string_equal(brute_service_name(LOGIN_TELNET, 80), "telnet");
	assert_string_equal(brute_service_name(LOGIN_HTTP, 8080), "http");
	assert_string_equal(brute_service_name(LOGIN_PORT, 21), "ftp");
	assert_string_equal(brute_service_name(LOGIN_PORT, 22), "ssh");
	assert_string_equal(brute_service_name(LOGIN_PORT, 23), "telnet");
	assert_string_equal(brute_service_name(LOGIN_PORT, 2323), "telnet");
	assert_string_equal(brute_service_name(LOGIN_PORT, 3389), "rdp");
	assert_string_equal(brute_service_name(LOGIN_PORT, 5900), "vnc");
	assert_string_equal(brute_service_name(LOGIN_PORT, 8291), "login");
}

static void
test_brute_force_thresholds(void **state)
{
	struct detect_conf c;
	struct dev_state dev;
	struct svc_state svc;
	struct detection ev;
	struct ipaddr target = v4(192, 0, 2, 44);

	(void)state;
	detect_conf_defaults(&c);
	assert_int_equal(c.brute_sessions, 10);
	memset(&dev, 0, sizeof(dev));

	/* a login port: by sessions */
	memset(&svc, 0, sizeof(svc));
	svc.login = LOGIN_PORT;
	svc.sessions = 9;
	assert_false(brute_force(&c, &dev, &svc, &target, 23, &ev));
	svc.sessions = 10;
	assert_true(brute_force(&c, &dev, &svc, &target, 23, &ev));
	assert_int_equal(ev.type, DT_BRUTE_FORCE);
	assert_int_equal(ev.severity, SEV_HIGH);
	assert_string_equal(ev.service, "telnet");
	assert_int_equal(ev.count, 10);
	assert_int_equal(ev.level, 10);
	assert_true(ev.has_target);
	assert_true(ipaddr_equal(&ev.target, &target));
	assert_int_equal(ev.target_port, 23);

	/* a banner on any port */
	svc.login = LOGIN_SSH;
	svc.sessions = 9;
	assert_false(brute_force(&c, &dev, &svc, &target, 902, &ev));
	svc.sessions = 12;
	assert_true(brute_force(&c, &dev, &svc, &target, 902, &ev));
	assert_string_equal(ev.service, "ssh");
	assert_int_equal(ev.target_port, 902);
	assert_int_equal(ev.level, 12);
	svc.login = LOGIN_TELNET;
	assert_true(brute_force(&c, &dev, &svc, &target, 8023, &ev));
	assert_string_equal(ev.service, "telnet");

	/* no login: sessions alone say nothing */
	svc.login = LOGIN_NONE;
	svc.sessions = 100000;
	assert_false(brute_force(&c, &dev, &svc, &target, 443, &ev));

	/* HTTP: by refusals, not sessions */
	memset(&svc, 0, sizeof(svc));
	svc.login = LOGIN_HTTP;
	svc.sessions = 50;
	svc.refused = 9;
	assert_false(brute_force(&c, &dev, &svc, &target, 80, &ev));
	svc.refused = 10;
	assert_true(brute_force(&c, &dev, &svc, &target, 80, &ev));
	assert_string_equal(ev.service, "http");
	assert_int_equal(ev.answered, 10);
	assert_int_equal(ev.count, 50);
	assert_int_equal(ev.level, 50);
	svc.sessions = 10;
	svc.refused = 30;
	assert_true(brute_force(&c, &dev, &svc, &target, 80, &ev));
	assert_int_equal(ev.level, 30);

	/* the threshold follows the setting */
	c.brute_sessions = 3;
	memset(&svc, 0, sizeof(svc));
	svc.login = LOGIN_SSH;
	svc.sessions = 2;
	assert_false(brute_force(&c, &dev, &svc, &target, 22, &ev));
	svc.sessions = 3;
	assert_true(brute_force(&c, &dev, &svc, &target, 22, &ev));
}

/* --- SMTP ------------------------------------------------------------- */

static void
test_smtp_greeting(void **state)
{
	struct detect_conf c;

	(void)state;
	assert_true(smtp_greeting(LIT("220 mx.example.com ESMTP Postfix\r\n")));
	assert_true(smtp_greeting(LIT("220-smtp.example SMTP ready")));
	assert_true(smtp_greeting(LIT("220 ESMTP")));
	assert_true(smtp_greeting(LIT("220 SMTP")));
	assert_false(smtp_greeting(LIT("220 ProFTPD Server")));
	assert_false(smtp_greeting(LIT("220 ProFTPD Server\r\n")));
	assert_false(smtp_greeting(LIT("220")));
	assert_false(smtp_greeting(LIT("220 SMT")));
	assert_false(smtp_greeting(LIT("")));
	/* SMTP only on the second line */
	assert_false(smtp_greeting(
	    LIT("220-mx.example.com welcome\r\n220 ESMTP Postfix\r\n")));
	assert_false(smtp_greeting(LIT("220 welcome\nSMTP")));
	/* not a 220 */
	assert_false(smtp_greeting(LIT("554 mx.example.com ESMTP closed\r\n")));
	assert_false(smtp_greeting(LIT("220xmx.example ESMTP")));
	assert_false(smtp_greeting(LIT("SSH-2.0-SMTP")));

	detect_conf_defaults(&c);
	assert_true(smtp_port(&c, 25));
	assert_true(smtp_port(&c, 465));
	assert_true(smtp_port(&c, 587));
	assert_true(smtp_port(&c, 2525));
	assert_false(smtp_port(&c, 110));
	assert_false(smtp_port(&c, 80));
}

static void
test_smtp_fill(void **state)
{
	struct dev_state dev;
	struct detection ev;
	struct ipaddr mx = v4(192, 0, 2, 25);
	struct detect_sample s = sample(3);

	(void)state;
	memset(&dev, 0, sizeof(dev));
	dev.window_start_us = 77;
	detect_event_sample(&dev, &s);
	smtp_fill(&ev, &dev, &mx, 587);
	assert_int_equal(ev.type, DT_SMTP);
	assert_int_equal(ev.severity, SEV_HIGH);
	assert_int_equal(ev.level, 0);
	assert_int_equal(ev.n_samples, 0);
	assert_true(ev.has_target);
	assert_true(ipaddr_equal(&ev.target, &mx));
	assert_int_equal(ev.target_port, 587);
	assert_int_equal(ev.window_start_us, 77);
}

/* --- floods ----------------------------------------------------------- */

static int
is_pow2(uint32_t v)
{
	return v != 0 && (v & (v - 1)) == 0;
}

static void
test_flood_count(void **state)
{
	struct rate r;
	const uint32_t threshold = 3, seconds = 2, need = 6;
	uint32_t fired = 0;

	(void)state;
	memset(&r, 0, sizeof(r));
	/* 100 packets in seconds 1000 and 1001: one window */
	for (uint32_t n = 1; n <= 100; n++) {
		uint32_t sec = n <= 50 ? 1000 : 1001;
		int f = flood_count(&r, sec, threshold, seconds);

		assert_int_equal(r.count, n);
		if (n < need)
			assert_false(f);
		else
			assert_int_equal(f, n == need || is_pow2(n));
		fired += (uint32_t)f;
	}
	assert_int_equal(fired, 5); /* 6, 8, 16, 32, 64 */
	assert_int_equal(r.peak, 50);

	/* a new window starts from zero and fires at 6 again */
	for (uint32_t n = 1; n <= 6; n++) {
		int f = flood_count(&r, 1002, threshold, seconds);

		assert_int_equal(r.count, n);
		assert_int_equal(f, n == need);
	}

	/* a threshold that is a power of two */
	memset(&r, 0, sizeof(r));
	for (uint32_t n = 1; n <= 40; n++)
		assert_int_equal(
		    flood_count(&r, 7, 8, 1), n == 8 || n == 16 || n == 32);

	/* the defaults: 500 SYNs a second over 5 seconds */
	memset(&r, 0, sizeof(r));
	fired = 0;
	for (uint32_t n = 1; n <= 5000; n++) {
		int f = flood_count(&r, 5000 + (n - 1) / 1000, 500, 5);

		if (f)
			assert_true(n == 2500 || n == 4096);
		fired += (uint32_t)f;
	}
	assert_int_equal(fired, 2);
	assert_int_equal(r.peak, 1000);
}

static void
test_flood_peak(void **state)
{
	struct rate r;

	(void)state;
	memset(&r, 0, sizeof(r));
	/* 3, 5, then 2 packets in three seconds of one 10-second window */
	for (int i = 0; i < 3; i++)
		assert_false(flood_count(&r, 2000, 100, 10));
	for (int i = 0; i < 5; i++)
		assert_false(flood_count(&r, 2001, 100, 10));
	for (int i = 0; i < 2; i++)
		assert_false(flood_count(&r, 2002, 100, 10));
	assert_int_equal(r.count, 10);
	assert_int_equal(r.peak, 5);
	assert_int_equal(r.second, 2002);
	assert_int_equal(r.second_count, 2);
}

static void
test_flood_fill(void **state)
{
	struct detect_conf c;
	struct dev_state dev;
	struct detection ev;
	struct rate r;
	struct detect_sample s = sample(4);

	(void)state;
	detect_conf_defaults(&c);
	assert_int_equal(flood_threshold(&c, FLOOD_SYN), 500);
	assert_int_equal(flood_threshold(&c, FLOOD_UDP), 2000);
	assert_int_equal(flood_threshold(&c, FLOOD_ICMP), 500);
	assert_string_equal(flood_kind_name(FLOOD_SYN), "syn");
	assert_string_equal(flood_kind_name(FLOOD_UDP), "udp");
	assert_string_equal(flood_kind_name(FLOOD_ICMP), "icmp");

	memset(&dev, 0, sizeof(dev));
	detect_event_sample(&dev, &s);
	memset(&r, 0, sizeof(r));
	r.count = 2500;
	r.peak = 812;
	flood_fill(&ev, DT_FLOOD_IN, &dev, &r, FLOOD_UDP, 5);
	assert_int_equal(ev.type, DT_FLOOD_IN);
	assert_int_equal(ev.severity, SEV_HIGH);
	assert_string_equal(ev.packet_kind, "udp");
	assert_int_equal(ev.count, 2500);
	assert_int_equal(ev.rate, 812);
	assert_int_equal(ev.seconds, 5);
	assert_int_equal(ev.level, 2500);
	assert_int_equal(ev.n_samples, 0);
}

static struct decoded
pkt(uint8_t proto, uint8_t flags, uint8_t icmp_type)
{
	struct decoded p;

	memset(&p, 0, sizeof(p));
	p.kind = DECODE_IP;
	p.src = v4(10, 0, 0, 1);
	p.dst = v4(10, 0, 0, 2);
	p.proto = proto;
	p.has_l4 = 1;
	p.tcp_flags = flags;
	p.icmp_type = icmp_type;
	return p;
}

static void
test_flood_kind_of(void **state)
{
	struct decoded p;

	(void)state;
	for (int out = 0; out <= 1; out++) {
		p = pkt(6, 0x02, 0); /* SYN */
		assert_int_equal(flood_kind_of(&p, out), FLOOD_SYN);
		p = pkt(6, 0xc2, 0); /* SYN with ECE and CWR */
		assert_int_equal(flood_kind_of(&p, out), FLOOD_SYN);
		p = pkt(6, 0x12, 0); /* SYN-ACK: an answer */
		assert_int_equal(flood_kind_of(&p, out), -1);
		p = pkt(6, 0x10, 0);
		assert_int_equal(flood_kind_of(&p, out), -1);
		p = pkt(6, 0x14, 0); /* RST-ACK */
		assert_int_equal(flood_kind_of(&p, out), -1);
		p = pkt(17, 0, 0);
		assert_int_equal(flood_kind_of(&p, out), FLOOD_UDP);
		p = pkt(1, 0, 8); /* echo request */
		assert_int_equal(flood_kind_of(&p, out), FLOOD_ICMP);
		p = pkt(1, 0, 3); /* unreachable: an error, never a flood */
		assert_int_equal(flood_kind_of(&p, out), -1);
		p = pkt(58, 0, 128);
		assert_int_equal(flood_kind_of(&p, out), FLOOD_ICMP);
		p = pkt(58, 0, 1);
		assert_int_equal(flood_kind_of(&p, out), -1);
		p = pkt(47, 0, 0); /* GRE */
		assert_int_equal(flood_kind_of(&p, out), -1);
		/* a fragment: no transport header */
		p = pkt(17, 0, 0);
		p.has_l4 = 0;
		assert_int_equal(flood_kind_of(&p, out), -1);
	}
	/* echo replies: a victim's answers outbound, a smurf inbound */
	p = pkt(1, 0, 0);
	assert_int_equal(flood_kind_of(&p, 1), -1);
	assert_int_equal(flood_kind_of(&p, 0), FLOOD_ICMP);
	p = pkt(58, 0, 129);
	assert_int_equal(flood_kind_of(&p, 1), -1);
	assert_int_equal(flood_kind_of(&p, 0), FLOOD_ICMP);
}

/* --- data spike ------------------------------------------------------- */

#define T0 1000000000ULL            /* 1000 s, in microseconds */
#define W(k) (T0 + (k)*10000000ULL) /* window k of 10 s */

static void
spike_conf(struct detect_conf *c)
{
	detect_conf_defaults(c);
	c->spike_window_s = 10;
	c->spike_learn = 3;
	c->spike_factor = 10;
	c->spike_min_bytes = 5000;
}

static void
test_spike_learning(void **state)
{
	struct detect_conf c;
	struct dev_state dev;
	struct detection ev;

	(void)state;
	spike_conf(&c);
	memset(&dev, 0, sizeof(dev));
	assert_false(spike_add(&c, &dev, 1000, W(0), &ev));
	assert_false(spike_add(&c, &dev, 1000, W(1) + 5, &ev));
	/* a thousand times the usual, still learning */
	assert_false(spike_add(&c, &dev, 1000000, W(2) + 9000000, &ev));
	assert_int_equal(dev.spike_windows, 2);
	assert_int_equal(dev.baseline, 1000);
	/* the spike went into the baseline: 1000 + 999000/8 */
	assert_false(spike_add(&c, &dev, 1, W(3), &ev));
	assert_int_equal(dev.spike_windows, 3);
	assert_int_equal(dev.baseline, 1000 + 999000 / 8);
}

static void
test_spike_fires(void **state)
{
	struct detect_conf c;
	struct dev_state dev;
	struct detection ev;

	(void)state;
	spike_conf(&c);
	memset(&dev, 0, sizeof(dev));
	for (uint64_t k = 0; k < 3; k++)
		assert_false(spike_add(&c, &dev, 1000, W(k), &ev));
	/* window 3: the baseline is 1000; 10000 bytes is ten times it */
	assert_false(spike_add(&c, &dev, 4000, W(3) + 1, &ev));
	assert_int_equal(dev.baseline, 1000);
	assert_false(spike_add(&c, &dev, 5000, W(3) + 2, &ev));
	assert_false(spike_add(&c, &dev, 999, W(3) + 3, &ev)); /* 9999 */
	assert_true(spike_add(&c, &dev, 1, W(3) + 4, &ev));
	assert_int_equal(ev.type, DT_TRAFFIC_SPIKE);
	assert_int_equal(ev.severity, SEV_MEDIUM);
	assert_int_equal(ev.count, 10000);
	assert_int_equal(ev.baseline, 1000);
	assert_int_equal(ev.window_start_us, W(3));
	assert_int_equal(ev.n_samples, 0);
	assert_int_equal(ev.level, 0);
	/* once per window */
	assert_false(spike_add(&c, &dev, 100000, W(3) + 5, &ev));
	assert_false(spike_add(&c, &dev, 10000000, W(3) + 9999999, &ev));

	/* window 4: window 3's 10110000 bytes moved the average by 1/8 */
	assert_false(spike_add(&c, &dev, 1, W(4), &ev));
	assert_int_equal(dev.baseline, 1000 + (10110000 - 1000) / 8);
	assert_int_equal(dev.baseline, 1264625);
	assert_false(spike_add(&c, &dev, 10 * 1264625 - 2, W(4) + 1, &ev));
	assert_true(spike_add(&c, &dev, 1, W(4) + 2, &ev));
	assert_int_equal(ev.baseline, 1264625);
	assert_int_equal(ev.count, 12646250);
	assert_int_equal(ev.window_start_us, W(4));
}

static void
test_spike_min_bytes(void **state)
{
	struct detect_conf c;
	struct dev_state dev;
	struct detection ev;

	(void)state;
	spike_conf(&c);
	memset(&dev, 0, sizeof(dev));
	for (uint64_t k = 0; k < 3; k++)
		assert_false(spike_add(&c, &dev, 10, W(k) + 1, &ev));
	/* 499 times the usual, but under the floor */
	assert_false(spike_add(&c, &dev, 4999, W(3) + 1, &ev));
	assert_true(spike_add(&c, &dev, 1, W(3) + 2, &ev));
	assert_int_equal(ev.count, 5000);
	assert_int_equal(ev.baseline, 10);

	/* a device that never sent anything: any 5000 bytes */
	memset(&dev, 0, sizeof(dev));
	assert_false(spike_add(&c, &dev, 0, W(0) + 1, &ev));
	assert_false(spike_add(&c, &dev, 4999, W(3) + 1, &ev));
	assert_int_equal(dev.baseline, 0);
	assert_true(spike_add(&c, &dev, 1, W(3) + 2, &ev));
}

static void
test_spike_idle_decay(void **state)
{
	struct detect_conf c;
	struct dev_state dev;
	struct detection ev;

	(void)state;
	spike_conf(&c);
	memset(&dev, 0, sizeof(dev));
	for (uint64_t k = 0; k < 3; k++)
		assert_false(spike_add(&c, &dev, 8000, W(k) + 1, &ev));
	/* window 3 idle: it counts as zero, 8000 - 8000/8 */
	assert_false(spike_add(&c, &dev, 69999, W(4) + 1, &ev));
	assert_int_equal(dev.spike_windows, 4);
	assert_int_equal(dev.baseline, 7000);
	/* 70000 is ten times 7000 (not eight times the old 8000) */
	assert_true(spike_add(&c, &dev, 1, W(4) + 2, &ev));
	assert_int_equal(ev.baseline, 7000);
	assert_int_equal(ev.window_start_us, W(4) + 1);

	/* two idle windows: 8000, 7000, 6125 */
	memset(&dev, 0, sizeof(dev));
	for (uint64_t k = 0; k < 3; k++)
		assert_false(spike_add(&c, &dev, 8000, W(k) + 1, &ev));
	assert_false(spike_add(&c, &dev, 1, W(5) + 1, &ev));
	assert_int_equal(dev.baseline, 6125);
	assert_int_equal(dev.spike_windows, 5);
}

/* --- beaconing -------------------------------------------------------- */

static void
test_beacon_steady(void **state)
{
	static const uint32_t gap_ms[] = {
	    60000, 61000, 59000, 60000, 61000, 59000, 60000, 61000, 59000};
	struct detect_conf c;
	struct dev_state dev;
	struct svc_state svc;
	struct detection ev;
	uint64_t t = 5000000000ULL;

	(void)state;
	detect_conf_defaults(&c);
	assert_int_equal(c.beacon_count, 8);
	memset(&dev, 0, sizeof(dev));
	memset(&svc, 0, sizeof(svc));
	assert_false(beacon_flow(&c, &dev, &svc, t, &ev));
	for (unsigned i = 0; i < 7; i++) {
		t += gap_ms[i] * 1000ULL;
		assert_false(beacon_flow(&c, &dev, &svc, t, &ev));
	}
	assert_int_equal(svc.intervals, 7);
	t += gap_ms[7] * 1000ULL;
	assert_true(beacon_flow(&c, &dev, &svc, t, &ev));
	assert_int_equal(ev.type, DT_BEACONING);
	assert_int_equal(ev.severity, SEV_LOW);
	assert_int_equal(ev.count, 9);
	assert_in_range(ev.period_ms, 60124, 60125); /* 481 s / 8 */
	/* the sample deviation of the gaps: sqrt(4875000 / 7) ms */
	assert_in_range(ev.jitter_ms, 834, 835);
	assert_int_equal(ev.n_samples, 0);
	assert_int_equal(ev.level, 0);
	/* once per service */
	t += gap_ms[8] * 1000ULL;
	assert_false(beacon_flow(&c, &dev, &svc, t, &ev));
	for (unsigned i = 0; i < 20; i++) {
		t += 60000000ULL;
		assert_false(beacon_flow(&c, &dev, &svc, t, &ev));
	}
}

static void
test_beacon_irregular(void **state)
{
	static const uint32_t gap_s[] = {12, 300, 45, 1500, 7, 600, 90, 2400,
	    30, 200, 1000, 15, 66, 3000, 8, 120, 480, 9, 1800, 25};
	struct detect_conf c;
	struct dev_state dev;
	struct svc_state svc;
	struct detection ev;
	uint64_t t = 5000000000ULL;

	(void)state;
	detect_conf_defaults(&c);
	memset(&dev, 0, sizeof(dev));
	memset(&svc, 0, sizeof(svc));
	assert_false(beacon_flow(&c, &dev, &svc, t, &ev));
	for (unsigned i = 0; i < sizeof(gap_s) / sizeof(gap_s[0]); i++) {
		t += gap_s[i] * 1000000ULL;
		assert_false(beacon_flow(&c, &dev, &svc, t, &ev));
	}
	/* gaps far apart keep starting the count again */
	assert_true(svc.intervals < c.beacon_count);

	/* one long sleep among steady check-ins does not hide them: the
	 * count starts again after it, and 8 more intervals make a beacon */
	memset(&svc, 0, sizeof(svc));
	assert_false(beacon_flow(&c, &dev, &svc, t, &ev));
	for (unsigned i = 0; i < 5; i++)
		assert_false(beacon_flow(&c, &dev, &svc, t += 60000000ULL, &ev));
	assert_false(beacon_flow(&c, &dev, &svc, t += 3000000000ULL, &ev));
	for (unsigned i = 0; i < 7; i++)
		assert_false(beacon_flow(&c, &dev, &svc, t += 60000000ULL, &ev));
	assert_true(beacon_flow(&c, &dev, &svc, t += 60000000ULL, &ev));
	assert_int_equal(ev.period_ms, 60000);

	/* 20% jitter around 60 s is too much for 10% */
	memset(&svc, 0, sizeof(svc));
	assert_false(beacon_flow(&c, &dev, &svc, t, &ev));
	for (unsigned i = 0; i < 20; i++) {
		t += (i % 2 ? 48000000ULL : 72000000ULL);
		assert_false(beacon_flow(&c, &dev, &svc, t, &ev));
	}
}

static void
test_beacon_short_and_long(void **state)
{
	struct detect_conf c;
	struct dev_state dev;
	struct svc_state svc;
	struct detection ev;
	uint64_t t = 5000000000ULL;
	int fired = 0;

	(void)state;
	detect_conf_defaults(&c);
	assert_int_equal(c.beacon_min_period_s, 5);
	memset(&dev, 0, sizeof(dev));
	/* every 2 s: a burst, never counted */
	memset(&svc, 0, sizeof(svc));
	for (unsigned i = 0; i < 50; i++) {
		assert_false(beacon_flow(&c, &dev, &svc, t, &ev));
		t += 2000000;
	}
	assert_int_equal(svc.intervals, 0);
	/* every 4000 s: past the longest period */
	memset(&svc, 0, sizeof(svc));
	for (unsigned i = 0; i < 20; i++) {
		assert_false(beacon_flow(&c, &dev, &svc, t, &ev));
		t += 4000000000ULL;
	}
	assert_int_equal(svc.intervals, 0);

	/* a beacon every 60 s with a retry 1 s after each: the retries'
	 * 1-second intervals are not counted, the 59-second ones are */
	memset(&svc, 0, sizeof(svc));
	for (unsigned i = 0; i < 9 && !fired; i++) {
		fired = beacon_flow(&c, &dev, &svc, t, &ev);
		if (!fired)
			assert_false(
			    beacon_flow(&c, &dev, &svc, t + 1000000, &ev));
		t += 60000000;
	}
	assert_true(fired);
	assert_int_equal(svc.intervals, 8);
	assert_int_equal(ev.period_ms, 59000);
	assert_int_equal(ev.jitter_ms, 0);

	/* time going back is not an interval */
	memset(&svc, 0, sizeof(svc));
	assert_false(beacon_flow(&c, &dev, &svc, t, &ev));
	assert_false(beacon_flow(&c, &dev, &svc, t - 60000000, &ev));
	assert_int_equal(svc.intervals, 0);
}

static void
test_beacon_ignored_ports(void **state)
{
	static const uint16_t ignored[] = {
	    53, 67, 68, 123, 137, 138, 1900, 5353, 5355};
	struct detect_conf c;

	(void)state;
	detect_conf_defaults(&c);
	for (size_t i = 0; i < sizeof(ignored) / sizeof(ignored[0]); i++)
		assert_true(beacon_ignored_port(&c, ignored[i]));
	assert_false(beacon_ignored_port(&c, 443));
	assert_false(beacon_ignored_port(&c, 8883));
}

/* --- names and evidence ----------------------------------------------- */

static void
test_type_names(void **state)
{
	static const char *const names[DT_COUNT] = {
	    [DT_SCAN_HORIZONTAL] = "scan_horizontal",
	    [DT_SCAN_VERTICAL] = "scan_vertical",
	    [DT_ARP_SWEEP] = "arp_sweep",
	    [DT_BRUTE_FORCE] = "brute_force",
	    [DT_SMTP] = "smtp_from_device",
	    [DT_FLOOD_OUT] = "flood_out",
	    [DT_FLOOD_IN] = "flood_in",
	    [DT_TRAFFIC_SPIKE] = "traffic_spike",
	    [DT_BEACONING] = "beaconing",
	};
	enum detect_type t;

	(void)state;
	for (int i = 0; i < DT_COUNT; i++) {
		assert_string_equal(
		    detect_type_name((enum detect_type)i), names[i]);
		t = DT_COUNT;
		assert_int_equal(detect_type_parse(names[i], &t), 0);
		assert_int_equal(t, i);
		assert_non_null(strstr(
		    detect_type_clause((enum detect_type)i), "EN 303 645"));
	}
	assert_string_equal(detect_type_name(DT_COUNT), "unknown");
	assert_string_equal(detect_type_clause(DT_COUNT), "");
	assert_int_equal(detect_type_parse("unknown", &t), -1);
	assert_int_equal(detect_type_parse("", &t), -1);
	assert_int_equal(detect_type_parse("SCAN_HORIZONTAL", &t), -1);
	assert_int_equal(detect_type_parse("scan_horizontal ", &t), -1);
}

static json_t *
evidence(const struct detection *ev)
{
	struct obuf b;
	struct jsonw w;
	json_error_t jerr;
	json_t *j;

	obuf_init(&b, 1 << 16);
	jsonw_init(&w, &b);
	detect_evidence_json(ev, &w);
	assert_false(obuf_failed(&b));
	j = json_loads(b.data, 0, &jerr);
	if (j == NULL)
		fail_msg("not JSON: %s: %s", jerr.text, b.data);
	obuf_reset(&b);
	assert_true(json_is_object(j));
	return j;
}

static void
assert_uint_key(json_t *j, const char *key, json_int_t want)
{
	json_t *v = json_object_get(j, key);

	if (v == NULL || !json_is_integer(v))
		fail_msg("no integer \"%s\"", key);
	assert_int_equal(json_integer_value(v), want);
}

static void
assert_str_key(json_t *j, const char *key, const char *want)
{
	json_t *v = json_object_get(j, key);

	if (v == NULL || !json_is_string(v))
		fail_msg("no string \"%s\"", key);
	assert_string_equal(json_string_value(v), want);
}

static struct detection
event_of(enum detect_type type)
{
	struct detection ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.count = 31;
	ev.hosts = 29;
	ev.ports = 17;
	ev.answered = 4;
	ev.mirai = 27;
	ev.rate = 812;
	ev.seconds = 5;
	ev.baseline = 1234567;
	ev.period_ms = 60125;
	ev.jitter_ms = 834;
	ev.service = "ssh";
	ev.packet_kind = "syn";
	return ev;
}

static void
test_evidence_keys(void **state)
{
	json_t *j;
	struct detection ev;

	(void)state;
	ev = event_of(DT_SCAN_HORIZONTAL);
	j = evidence(&ev);
	assert_uint_key(j, "attempts", 31);
	assert_uint_key(j, "hosts", 29);
	assert_uint_key(j, "hosts_answered", 4);
	assert_uint_key(j, "mirai_seq_eq_dst", 27);
	assert_null(json_object_get(j, "target"));
	json_decref(j);

	ev = event_of(DT_SCAN_VERTICAL);
	j = evidence(&ev);
	assert_uint_key(j, "attempts", 31);
	assert_uint_key(j, "ports", 17);
	assert_uint_key(j, "ports_answered", 4);
	json_decref(j);

	ev = event_of(DT_ARP_SWEEP);
	j = evidence(&ev);
	assert_uint_key(j, "requests", 31);
	assert_uint_key(j, "targets", 29);
	assert_uint_key(j, "targets_answered", 4);
	json_decref(j);

	ev = event_of(DT_BRUTE_FORCE);
	j = evidence(&ev);
	assert_str_key(j, "service", "ssh");
	assert_uint_key(j, "sessions", 31);
	assert_uint_key(j, "refused", 4);
	json_decref(j);

	ev = event_of(DT_SMTP);
	ev.has_target = 1;
	ev.target = v4(192, 0, 2, 25);
	ev.target_port = 587;
	j = evidence(&ev);
	assert_uint_key(j, "port", 587);
	assert_str_key(j, "target", "192.0.2.25");
	assert_uint_key(j, "target_port", 587);
	json_decref(j);

	for (int t = DT_FLOOD_OUT; t <= DT_FLOOD_IN; t++) {
		ev = event_of((enum detect_type)t);
		j = evidence(&ev);
		assert_str_key(j, "packets", "syn");
		assert_uint_key(j, "count", 31);
		assert_uint_key(j, "in_seconds", 5);
		assert_uint_key(j, "peak_per_second", 812);
		json_decref(j);
	}

	ev = event_of(DT_TRAFFIC_SPIKE);
	j = evidence(&ev);
	assert_uint_key(j, "bytes", 31);
	assert_uint_key(j, "baseline_bytes", 1234567);
	json_decref(j);

	ev = event_of(DT_BEACONING);
	j = evidence(&ev);
	assert_uint_key(j, "flows", 31);
	assert_uint_key(j, "period_ms", 60125);
	assert_uint_key(j, "jitter_ms", 834);
	json_decref(j);
}

static void
test_evidence_common(void **state)
{
	struct detection ev;
	json_t *j, *s, *e;

	(void)state;
	for (int t = 0; t < DT_COUNT; t++) {
		ev = event_of((enum detect_type)t);
		ev.n_samples = 2;
		ev.samples[0] = sample(7);
		ev.samples[1].remote.family = AF_INET6;
		ev.samples[1].remote.bytes[0] = 0x20;
		ev.samples[1].remote.bytes[1] = 0x01;
		ev.samples[1].remote.bytes[2] = 0x0d;
		ev.samples[1].remote.bytes[3] = 0xb8;
		ev.samples[1].remote.bytes[15] = 9;
		ev.samples[1].port = 0;
		ev.samples[1].proto = 58;
		ev.samples[1].ts_us = 1700000000500000ULL;
		ev.has_target = 1;
		ev.target = v4(203, 0, 113, 9);
		ev.target_port = 0;
		j = evidence(&ev);
		assert_str_key(
		    j, "provisions", detect_type_clause((enum detect_type)t));
		assert_str_key(j, "target", "203.0.113.9");
		/* port 0: no target port */
		assert_null(json_object_get(j, "target_port"));
		s = json_object_get(j, "samples");
		assert_true(json_is_array(s));
		assert_int_equal(json_array_size(s), 2);
		e = json_array_get(s, 0);
		assert_str_key(e, "remote", "198.51.0.7");
		assert_str_key(e, "proto", "tcp");
		assert_uint_key(e, "port", 23);
		assert_true(json_is_number(json_object_get(e, "ts")));
		assert_true(fabs(json_number_value(json_object_get(e, "ts")) -
		                 7.0) < 1e-6);
		e = json_array_get(s, 1);
		assert_str_key(e, "remote", "2001:db8::9");
		assert_str_key(e, "proto", "icmpv6");
		assert_uint_key(e, "port", 0);
		assert_true(fabs(json_number_value(json_object_get(e, "ts")) -
		                 1700000000.5) < 1e-3);
		json_decref(j);
	}

	/* no samples: an empty array; a service name that needs escaping */
	ev = event_of(DT_BRUTE_FORCE);
	ev.service = "a\"b\\c\n";
	j = evidence(&ev);
	assert_str_key(j, "service", "a\"b\\c\n");
	s = json_object_get(j, "samples");
	assert_true(json_is_array(s));
	assert_int_equal(json_array_size(s), 0);
	json_decref(j);
}

/* The samples an event carries: the device's last four, oldest first. */
static void
test_event_samples(void **state)
{
	struct dev_state dev;
	struct detection ev;
	struct detect_sample s;

	(void)state;
	memset(&dev, 0, sizeof(dev));
	dev.window_start_us = 42;
	detect_event_start(&ev, DT_ARP_SWEEP, SEV_LOW, &dev);
	assert_int_equal(ev.n_samples, 0);
	assert_int_equal(ev.window_start_us, 42);
	for (unsigned i = 0; i < 3; i++) {
		s = sample(i);
		detect_event_sample(&dev, &s);
	}
	detect_event_start(&ev, DT_ARP_SWEEP, SEV_LOW, &dev);
	assert_int_equal(ev.n_samples, 3);
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(ev.samples[i].ts_us, 1000000ULL * i);
	for (unsigned i = 3; i < 11; i++) {
		s = sample(i);
		detect_event_sample(&dev, &s);
	}
	detect_event_start(&ev, DT_ARP_SWEEP, SEV_LOW, &dev);
	assert_int_equal(ev.n_samples, DETECT_SAMPLES);
	for (unsigned i = 0; i < DETECT_SAMPLES; i++)
		assert_int_equal(ev.samples[i].ts_us, 1000000ULL * (7 + i));
	assert_int_equal(ev.type, DT_ARP_SWEEP);
	assert_int_equal(ev.severity, SEV_LOW);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_scan_horizontal_threshold),
	    cmocka_unit_test(test_scan_horizontal_answered),
	    cmocka_unit_test(test_scan_horizontal_mirai),
	    cmocka_unit_test(test_scan_vertical),
	    cmocka_unit_test(test_arp_sweep),
	    cmocka_unit_test(test_brute_classify),
	    cmocka_unit_test(test_brute_ports),
	    cmocka_unit_test(test_brute_force_thresholds),
	    cmocka_unit_test(test_smtp_greeting),
	    cmocka_unit_test(test_smtp_fill),
	    cmocka_unit_test(test_flood_count),
	    cmocka_unit_test(test_flood_peak),
	    cmocka_unit_test(test_flood_fill),
	    cmocka_unit_test(test_flood_kind_of),
	    cmocka_unit_test(test_spike_learning),
	    cmocka_unit_test(test_spike_fires),
	    cmocka_unit_test(test_spike_min_bytes),
	    cmocka_unit_test(test_spike_idle_decay),
	    cmocka_unit_test(test_beacon_steady),
	    cmocka_unit_test(test_beacon_irregular),
	    cmocka_unit_test(test_beacon_short_and_long),
	    cmocka_unit_test(test_beacon_ignored_ports),
	    cmocka_unit_test(test_type_names),
	    cmocka_unit_test(test_evidence_keys),
	    cmocka_unit_test(test_evidence_common),
	    cmocka_unit_test(test_event_samples),
	};

	return cmocka_run_group_tests_name("detectors", tests, NULL, NULL);
}
