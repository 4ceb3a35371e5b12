/*
 * airlockd.conf: every directive, quoting and comments, and the promise
 * that matters to `airlockd -n`: every error is reported through the
 * callback with its file and line, and parsing goes on after it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "scratch.h"

#include "daemon/config.h"

#define ERRS_MAX 32

struct errs {
	int n;
	char file[ERRS_MAX][64];
	unsigned line[ERRS_MAX];
	char msg[ERRS_MAX][512];
};

static void
collect(void *arg, const char *file, unsigned line, const char *msg)
{
	struct errs *e = arg;

	if (e->n < ERRS_MAX) {
		snprintf(e->file[e->n], sizeof(e->file[0]), "%s", file);
		e->line[e->n] = line;
		snprintf(e->msg[e->n], sizeof(e->msg[0]), "%s", msg);
	}
	e->n++;
}

struct fixture {
	struct config c;
	struct errs e;
};

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	config_defaults(&fx->c);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	free(*state);
	return 0;
}

/* Parse an exact-length heap copy of text, with fresh defaults. */
static int
parse_n(struct fixture *fx, const char *text, size_t len)
{
	char *copy = malloc(len > 0 ? len : 1);
	int rc;

	assert_non_null(copy);
	memcpy(copy, text, len);
	config_defaults(&fx->c);
	memset(&fx->e, 0, sizeof(fx->e));
	rc = config_parse(&fx->c, copy, len, "test.conf", collect, &fx->e);
	free(copy);
	/* The return value and the callbacks agree. */
	assert_int_equal(rc, fx->e.n);
	return rc;
}

static int
parse(struct fixture *fx, const char *text)
{
	return parse_n(fx, text, strlen(text));
}

static void
assert_err(const struct fixture *fx, int i, unsigned line, const char *part)
{
	if (i >= fx->e.n)
		fail_msg("error %d missing, only %d", i, fx->e.n);
	assert_string_equal(fx->e.file[i], "test.conf");
	if (fx->e.line[i] != line || strstr(fx->e.msg[i], part) == NULL)
		fail_msg("error %d is line %u \"%s\"; wanted line %u with "
		         "\"%s\"",
		    i, fx->e.line[i], fx->e.msg[i], line, part);
}

/* text is refused with exactly one error, on line 1, mentioning part. */
static void
one_error(struct fixture *fx, const char *text, const char *part)
{
	if (parse(fx, text) != 1)
		fail_msg("\"%s\": %d errors, wanted 1 (first: %s)", text,
		    fx->e.n, fx->e.n > 0 ? fx->e.msg[0] : "");
	assert_err(fx, 0, 1, part);
}

static void
net_str(const struct config *c, size_t i, char *out, size_t outsz)
{
	assert_true(i < c->n_networks);
	cidr_format(&c->networks[i], out, outsz);
}

static void
test_defaults(void **state)
{
	struct fixture *fx = *state;
	struct sockaddr_in *sin = (struct sockaddr_in *)&fx->c.api_addr;
	char net[CIDR_STRLEN];

	assert_int_equal(parse(fx, ""), 0);
	assert_string_equal(fx->c.user, "airlock");
	assert_string_equal(fx->c.store, "/var/lib/airlock/airlock.db");
	assert_int_equal(fx->c.log_level, LOG_LEVEL_INFO);
	assert_int_equal(fx->c.log_syslog, 0);
	assert_string_equal(fx->c.api_listen, "127.0.0.1:8740");
	assert_int_equal(sin->sin_family, AF_INET);
	assert_int_equal(ntohs(sin->sin_port), 8740);
	assert_int_equal(fx->c.api_threads, 2);
	assert_int_equal(fx->c.api_body_limit, 1048576);
	assert_true(fx->c.api_import_limit == 512ULL << 20);
	assert_string_equal(fx->c.tls_cert, "");
	/* No device-network line: the default device zone. */
	assert_int_equal(fx->c.n_networks, 1);
	net_str(&fx->c, 0, net, sizeof(net));
	assert_string_equal(net, "10.64.0.0/10");

	assert_int_equal(
	    parse(fx, "# only a comment\n\n   \n\t# another\n"), 0);
	assert_int_equal(fx->c.n_networks, 1);
}

static void
test_every_directive(void **state)
{
	struct fixture *fx = *state;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&fx->c.api_addr;
	char net[CIDR_STRLEN];
	const char *conf =
	    "# airlockd.conf\n"
	    "user _airlock\n"
	    "store \"/srv/air lock/fleet.db\"   # quoted: has a space\n"
	    "log-level debug\n"
	    "log-target syslog\n"
	    "api-listen [::1]:9443\n"
	    "api-threads 8\n"
	    "api-body-limit 2MiB\n"
	    "api-import-limit 1G\n"
	    "device-network 10.64.0.0/10\n"
	    "\tdevice-network   100.64.0.0/16\t\n"
	    "device-network 2001:db8:100::/48\n"
	    "tls-cert /etc/airlock/cert.pem\n"
	    "tls-key \"/etc/airlock/key.pem\"\n";

	assert_int_equal(parse(fx, conf), 0);
	assert_string_equal(fx->c.user, "_airlock");
	assert_string_equal(fx->c.store, "/srv/air lock/fleet.db");
	assert_int_equal(fx->c.log_level, LOG_LEVEL_DEBUG);
	assert_int_equal(fx->c.log_syslog, 1);
	assert_string_equal(fx->c.api_listen, "[::1]:9443");
	assert_int_equal(sin6->sin6_family, AF_INET6);
	assert_int_equal(ntohs(sin6->sin6_port), 9443);
	assert_int_equal(fx->c.api_addrlen, sizeof(struct sockaddr_in6));
	assert_int_equal(fx->c.api_threads, 8);
	assert_int_equal(fx->c.api_body_limit, 2097152);
	assert_int_equal(fx->c.api_import_limit, 1000000000);
	assert_int_equal(fx->c.n_networks, 3);
	net_str(&fx->c, 0, net, sizeof(net));
	assert_string_equal(net, "10.64.0.0/10");
	net_str(&fx->c, 1, net, sizeof(net));
	assert_string_equal(net, "100.64.0.0/16");
	net_str(&fx->c, 2, net, sizeof(net));
	assert_string_equal(net, "2001:db8:100::/48");
	assert_string_equal(fx->c.tls_cert, "/etc/airlock/cert.pem");
	assert_string_equal(fx->c.tls_key, "/etc/airlock/key.pem");
}

static void
test_quoting_and_comments(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(parse(fx, "user \"a\\\"b\\\\c\"\n"), 0);
	assert_string_equal(fx->c.user, "a\"b\\c");
	assert_int_equal(parse(fx, "user \"bob#1\" # the # inside stays\n"), 0);
	assert_string_equal(fx->c.user, "bob#1");
	assert_int_equal(
	    parse(fx, "user bob# no space before the comment\n"), 0);
	assert_string_equal(fx->c.user, "bob");
	assert_int_equal(parse(fx, "   # user mallory\n"), 0);
	assert_string_equal(fx->c.user, "airlock");
	/* CRLF line ends and a last line without one. */
	assert_int_equal(parse(fx, "user bob\r\nlog-level warning\r\n"
	                           "api-threads 4"),
	    0);
	assert_string_equal(fx->c.user, "bob");
	assert_int_equal(fx->c.log_level, LOG_LEVEL_WARNING);
	assert_int_equal(fx->c.api_threads, 4);
	/* Quotes make the empty word. */
	one_error(fx, "store \"\"\n", "empty");
}

/* The brief's promise: three bad lines, three callbacks, those lines. */
static void
test_errors_reported_and_parsing_goes_on(void **state)
{
	struct fixture *fx = *state;
	const char *conf = "user bob\n"            /* 1 */
	                   "log-level loud\n"      /* 2 */
	                   "api-threads 4\n"       /* 3 */
	                   "# comment\n"           /* 4 */
	                   "frobnicate yes\n"      /* 5 */
	                   "log-target stderr\n"   /* 6 */
	                   "api-listen nowhere\n"  /* 7 */
	                   "api-body-limit 64k\n"; /* 8 */

	assert_int_equal(parse(fx, conf), 3);
	assert_err(fx, 0, 2, "log-level");
	assert_err(fx, 0, 2, "loud");
	assert_err(fx, 1, 5, "unknown directive 'frobnicate'");
	assert_err(fx, 2, 7, "nowhere");
	/* The good lines around them were applied. */
	assert_string_equal(fx->c.user, "bob");
	assert_int_equal(fx->c.api_threads, 4);
	assert_int_equal(fx->c.api_body_limit, 64000);

	/* A NULL callback: errors still counted. */
	assert_int_equal(
	    config_parse(&fx->c, conf, strlen(conf), "x", NULL, NULL), 3);
}

static void
test_bad_values(void **state)
{
	struct fixture *fx = *state;
	char big[64];

	one_error(fx, "log-level verbose\n", "error, warning, info or debug");
	one_error(fx, "log-target file\n", "stderr or syslog");
	one_error(fx, "api-listen 127.0.0.1\n", "ADDRESS:PORT");
	one_error(fx, "api-listen ::1:80\n", "ADDRESS:PORT");
	one_error(fx, "api-listen 127.0.0.1:0\n", "ADDRESS:PORT");
	one_error(fx, "api-threads 0\n", "1 to 64");
	one_error(fx, "api-threads 65\n", "1 to 64");
	one_error(fx, "api-threads four\n", "1 to 64");
	one_error(fx, "api-threads 4x\n", "1 to 64");
	one_error(fx, "api-threads 99999999999999999999\n", "1 to 64");
	one_error(fx, "api-body-limit lots\n", "size");
	one_error(fx, "api-body-limit 1023\n", "between 1024 and 67108864");
	one_error(fx, "api-body-limit 65MiB\n", "between");
	one_error(fx, "api-import-limit 5GiB\n", "between 1024 and 4294967296");
	one_error(fx, "device-network 10.64.0.0\n", "CIDR");
	one_error(fx, "device-network 10.64.0.0/33\n", "CIDR");
	one_error(fx, "device-network 10.64.0.1/10\n", "host bits");
	memset(big, 'u', 33);
	big[33] = '\0';
	assert_int_equal(parse(fx, "user "), 1);
	assert_err(fx, 0, 1, "takes 1 argument");
	{
		char line[80];

		snprintf(line, sizeof(line), "user %s\n", big);
		one_error(fx, line, "at most 32");
		big[32] = '\0';
		snprintf(line, sizeof(line), "user %s\n", big);
		assert_int_equal(parse(fx, line), 0);
		assert_string_equal(fx->c.user, big);
	}
	/* A bad value leaves the default. */
	one_error(fx, "api-threads 0\n", "1 to 64");
	assert_int_equal(fx->c.api_threads, 2);
	/* The edges of each range are allowed. */
	assert_int_equal(parse(fx, "api-threads 1\napi-body-limit 1024\n"
	                           "api-import-limit 4GiB\n"),
	    0);
	assert_int_equal(fx->c.api_threads, 1);
	assert_int_equal(fx->c.api_body_limit, 1024);
	assert_true(fx->c.api_import_limit == 4ULL << 30);
	assert_int_equal(
	    parse(fx, "api-threads 64\napi-body-limit 64MiB\n"), 0);
	assert_int_equal(fx->c.api_threads, 64);
}

static void
test_syntax_errors(void **state)
{
	struct fixture *fx = *state;

	one_error(fx, "user\n", "user takes 1 argument");
	one_error(fx, "user a b\n", "user takes 1 argument");
	one_error(fx, "user a b c d e f g\n", "too many words");
	one_error(fx, "user \"bob\n", "not closed");
	one_error(fx, "user \"bob\\\"\n", "not closed");
	one_error(fx, "User bob\n", "unknown directive 'User'");
	one_error(fx, "\"user\" \"bob\" \"x\"\n", "takes 1 argument");
}

static void
test_long_word(void **state)
{
	struct fixture *fx = *state;
	char *conf = malloc(2100);
	size_t n;

	assert_non_null(conf);
	/* 1023 bytes is the longest word; 1024 is one too many. */
	memcpy(conf, "store /", 7);
	memset(conf + 7, 'p', 1022);
	n = 7 + 1022;
	conf[n++] = '\n';
	assert_int_equal(parse_n(fx, conf, n), 0);
	assert_int_equal(strlen(fx->c.store), 1023);
	memset(conf + 7, 'p', 1023);
	n = 7 + 1023;
	conf[n++] = '\n';
	assert_int_equal(parse_n(fx, conf, n), 1);
	assert_err(fx, 0, 1, "over 1023");
	assert_string_equal(fx->c.store, "/var/lib/airlock/airlock.db");
	/* Quoted, the same limit. */
	memcpy(conf, "store \"", 7);
	memset(conf + 7, 'q', 2000);
	n = 7 + 2000;
	conf[n++] = '"';
	assert_int_equal(parse_n(fx, conf, n), 1);
	assert_err(fx, 0, 1, "over 1023");
	free(conf);
}

static void
test_nul_bytes(void **state)
{
	struct fixture *fx = *state;
	static const char quoted[] = "user \"a\0b\"\nlog-level debug\n";
	static const char bare[] = "user a\0b\nlog-level debug\n";

	assert_int_equal(parse_n(fx, quoted, sizeof(quoted) - 1), 1);
	assert_err(fx, 0, 1, "NUL");
	assert_int_equal(fx->c.log_level, LOG_LEVEL_DEBUG);
	assert_string_equal(fx->c.user, "airlock");
	assert_int_equal(parse_n(fx, bare, sizeof(bare) - 1), 1);
	assert_err(fx, 0, 1, "NUL");
	assert_int_equal(fx->c.log_level, LOG_LEVEL_DEBUG);
	assert_string_equal(fx->c.user, "airlock");
}

static void
test_duplicates(void **state)
{
	struct fixture *fx = *state;
	static const char *const single[] = {"user bob", "store /x.db",
	    "log-level info", "log-target stderr", "api-listen 127.0.0.1:1",
	    "api-threads 3", "api-body-limit 2k", "api-import-limit 2M",
	    "tls-cert /c.pem", "tls-key /k.pem"};
	char conf[256];

	for (size_t i = 0; i < sizeof(single) / sizeof(single[0]); i++) {
		int rc;

		/* Lines 1 and 2 complete the TLS pair for the others. */
		snprintf(conf, sizeof(conf),
		    "tls-cert /a\ntls-key /b\n%s\n# x\n%s\n", single[i],
		    single[i]);
		rc = parse(fx, conf);
		if (strncmp(single[i], "tls-cert", 8) == 0 ||
		    strncmp(single[i], "tls-key", 7) == 0) {
			const char *first = single[i][4] == 'c'
			                        ? "already set at line 1"
			                        : "already set at line 2";

			assert_int_equal(rc, 2);
			assert_err(fx, 0, 3, first);
			assert_err(fx, 1, 5, first);
			continue;
		}
		if (rc != 1)
			fail_msg("\"%s\" twice: %d errors", single[i], rc);
		assert_err(fx, 0, 5, "already set at line 3");
	}
}

static void
test_networks(void **state)
{
	struct fixture *fx = *state;
	char conf[64 * 32], net[CIDR_STRLEN];
	size_t len = 0;

	assert_int_equal(parse(fx, "device-network 10.64.0.0/10\n"
	                           "device-network 10.0.0.0/8\n"
	                           "device-network 10.100.0.0/16\n"
	                           "device-network 192.168.0.0/24\n"
	                           "device-network 10.64.0.0/10\n"),
	    3);
	assert_err(fx, 0, 2, "10.0.0.0/8 overlaps 10.64.0.0/10");
	assert_err(fx, 1, 3, "10.100.0.0/16 overlaps 10.64.0.0/10");
	assert_err(fx, 2, 5, "overlaps 10.64.0.0/10");
	assert_int_equal(fx->c.n_networks, 2);
	net_str(&fx->c, 1, net, sizeof(net));
	assert_string_equal(net, "192.168.0.0/24");

	/* 64 networks fit, the 65th does not. */
	for (int i = 0; i < 65; i++)
		len += (size_t)snprintf(conf + len, sizeof(conf) - len,
		    "device-network 10.%d.0.0/16\n", i);
	assert_int_equal(parse_n(fx, conf, len), 1);
	assert_err(fx, 0, 65, "at most 64");
	assert_int_equal(fx->c.n_networks, IPC_MAX_NETWORKS);
}

static void
test_tls_pair(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(parse(fx, "user bob\ntls-cert /c.pem\n"), 1);
	assert_err(fx, 0, 2, "tls-cert and tls-key go together");
	assert_int_equal(parse(fx, "tls-key /k.pem\n\n\n"), 1);
	assert_err(fx, 0, 1, "go together");
	assert_int_equal(parse(fx, "tls-key /k.pem\ntls-cert /c.pem\n"), 0);
	/* The pair check comes after the line errors, in the same run. */
	assert_int_equal(parse(fx, "bogus\ntls-cert /c.pem\nlog-level x\n"), 3);
	assert_err(fx, 0, 1, "unknown directive");
	assert_err(fx, 1, 3, "log-level");
	assert_err(fx, 2, 2, "go together");
}

static void
test_to_msg(void **state)
{
	struct fixture *fx = *state;
	struct msg_config m;
	char net[CIDR_STRLEN];

	assert_int_equal(parse(fx, "log-level error\napi-body-limit 4k\n"
	                           "api-import-limit 8M\ndevice-network "
	                           "10.64.0.0/10\ndevice-network fd00::/8\n"),
	    0);
	memset(&m, 0xa5, sizeof(m));
	config_to_msg(&fx->c, &m);
	assert_int_equal(m.log_level, LOG_LEVEL_ERROR);
	assert_int_equal(m.body_limit, 4000);
	assert_int_equal(m.import_limit, 8000000);
	assert_int_equal(m.n_networks, 2);
	cidr_format(&m.networks[1], net, sizeof(net));
	assert_string_equal(net, "fd00::/8");
	assert_int_equal(m.networks[2].prefix, 0);
}

static void
test_load(void **state)
{
	struct fixture *fx = *state;
	char path[sizeof(SCRATCH_TEMPLATE)];
	const char *text = "user bob\nbogus\n";

	memset(&fx->e, 0, sizeof(fx->e));
	config_defaults(&fx->c);
	assert_int_equal(
	    config_load(&fx->c, "/nonexistent/airlockd.conf", collect, &fx->e),
	    1);
	assert_int_equal(fx->e.n, 1);
	assert_int_equal(fx->e.line[0], 0);
	assert_string_equal(fx->e.file[0], "/nonexistent/airlockd.conf");

	scratch_file(path, text, strlen(text));
	memset(&fx->e, 0, sizeof(fx->e));
	assert_int_equal(config_load(&fx->c, path, collect, &fx->e), 1);
	assert_int_equal(fx->e.line[0], 2);
	assert_string_equal(fx->e.file[0], path);
	assert_string_equal(fx->c.user, "bob");
	unlink(path);

	/* A directory is not a config file. */
	memset(&fx->e, 0, sizeof(fx->e));
	assert_int_equal(config_load(&fx->c, "/tmp", collect, &fx->e), 1);
	assert_int_equal(fx->e.line[0], 0);
}

static void
test_radius(void **state)
{
	struct fixture *fx = *state;
	const struct radius_conf *r = &fx->c.radius;

	/* No client, no role. */
	assert_int_equal(parse(fx, "radius-auth-listen 127.0.0.1:1812\n"), 0);
	assert_false(r->enabled);
	assert_int_equal(parse(fx,
	    "radius-client pgw1 192.0.2.10 \"0123456789abcdef\"\n"
	    "radius-client pgw2 192.0.2.32/28 \"fedcba9876543210\" "
	    "coa-port=3800 message-authenticator=optional\n"
	    "radius-identity msisdn imsi\n"
	    "radius-interim-interval 600\n"
	    "radius-coa-port 1700\n"), 0);
	assert_true(r->enabled);
	assert_int_equal(r->n_clients, 2);
	assert_int_equal(r->clients[0].net.prefix, 32);
	assert_int_equal(r->clients[0].coa_port, 1700); /* the default */
	assert_int_equal(r->clients[0].require_msgauth, 1);
	assert_int_equal(r->clients[1].coa_port, 3800);
	assert_int_equal(r->clients[1].require_msgauth, 0);
	assert_int_equal(r->n_identity, 2);
	assert_int_equal(r->identity[0], RADIUS_ID_MSISDN);
	assert_int_equal(r->interim_interval, 600);

	/* A secret never appears in an error. */
	one_error(fx, "radius-client p 192.0.2.1 short12\n", "8 to 128");
	assert_null(strstr(fx->e.msg[0], "short12"));
	one_error(fx, "radius-client p 192.0.2.1/24 0123456789\n",
	    "not an address");
	one_error(fx, "radius-client p 192.0.2.1 0123456789 coa-port=0\n",
	    "coa-port");
	one_error(fx, "radius-client p 192.0.2.1 0123456789 speed=fast\n",
	    "option");
	assert_int_equal(parse(fx,
	    "radius-client a 10.0.0.0/8 0123456789\n"
	    "radius-client b 10.1.2.3 9876543210\n"), 1);
	assert_err(fx, 0, 2, "overlaps");
	assert_int_equal(parse(fx,
	    "radius-client a 10.0.0.1 0123456789\n"
	    "radius-client a 10.0.0.2 9876543210\n"), 1);
	assert_err(fx, 0, 2, "defined twice");
	one_error(fx, "radius-identity imsi imsi\n", "twice");
	one_error(fx, "radius-identity iccid\n", "imsi, user-name");
	one_error(fx, "radius-interim-interval 30\n", "at least 60");
	one_error(fx, "radius-imei-mismatch ignore\n", "reject or alert");
	one_error(fx, "radius-data-limit-action stop\n", "suspend or alert");
	one_error(fx, "radius-spike-factor 1\n", "2 to 1000");
	one_error(fx, "radius-coa-timeout 10\n", "50 to 30000");
	one_error(fx, "radius-message-authenticator maybe\n",
	    "required or optional");
	one_error(fx, "radius-client p 192.0.2.1\n", "3 to 5 arguments");
}

/* The resolver's directives: a bare address means port 53, and the TTL
 * bounds must make sense together. */
static void
test_dns(void **state)
{
	struct fixture *fx = *state;
	const struct policy_conf *pc = &fx->c.policy;
	const struct sockaddr_in6 *s6 = (const void *)&pc->dns_server;
	const struct sockaddr_in *s4 = (const void *)&pc->dns_server;

	assert_int_equal(parse(fx, ""), 0);
	assert_int_equal(pc->dns_server_len, 0); /* /etc/resolv.conf's */
	assert_int_equal(pc->dns_min_ttl, 30);
	assert_int_equal(pc->dns_max_ttl, 86400);
	assert_int_equal(pc->dns_grace, 60);
	assert_int_equal(parse(fx, "policy-dns-server 192.0.2.53\n"
	                           "policy-dns-min-ttl 5\n"
	                           "policy-dns-max-ttl 600\n"
	                           "policy-dns-grace 0\n"), 0);
	assert_int_equal(s4->sin_family, AF_INET);
	assert_int_equal(ntohs(s4->sin_port), 53);
	assert_int_equal(pc->dns_min_ttl, 5);
	assert_int_equal(pc->dns_max_ttl, 600);
	assert_int_equal(pc->dns_grace, 0);
	assert_int_equal(parse(fx, "policy-dns-server [2001:db8::53]:5353\n"), 0);
	assert_int_equal(s6->sin6_family, AF_INET6);
	assert_int_equal(ntohs(s6->sin6_port), 5353);
	assert_int_equal(parse(fx, "policy-dns-server 2001:db8::53\n"), 0);
	assert_int_equal(ntohs(s6->sin6_port), 53);

	one_error(fx, "policy-dns-server ns.example.net\n",
	    "policy-dns-server wants an address");
	assert_int_equal(pc->dns_server_len, 0);
	one_error(fx, "policy-dns-server 192.0.2.53:0\n", "wants an address");
	one_error(fx, "policy-dns-min-ttl 0\n", "policy-dns-min-ttl");
	one_error(fx, "policy-dns-grace 86401\n", "policy-dns-grace");
	assert_int_equal(parse(fx, "policy-dns-min-ttl 600\n"
	                           "policy-dns-max-ttl 60\n"), 1);
	assert_non_null(strstr(fx->e.msg[0], "is above policy-dns-max-ttl"));
}

/* A response acts on the event's subject: never when the subject is the
 * victim. */
static void
test_respond_victims(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(parse(fx, "respond policy_violation quarantine\n"
	                           "respond spoofed_address alert\n"
	                           "respond inbound_violation alert\n"), 0);
	assert_int_equal(fx->c.policy.n_responses, 3);
	one_error(fx, "respond spoofed_address quarantine\n", "only alert");
	one_error(fx, "respond inbound_violation disconnect\n", "only alert");
	one_error(fx, "respond flood_in quarantine\n", "only alert");
}

/* A rule per profile beside the type's rule for every device. */
static void
test_respond_profiles(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(parse(fx, "respond scan_horizontal quarantine\n"
	                           "respond scan_horizontal alert profile lab\n"
	                           "respond brute_force disconnect profile "
	                           "meter\n"), 0);
	assert_int_equal(fx->c.policy.n_responses, 3);
	assert_string_equal(fx->c.policy.responses[1].profile, "lab");
	assert_int_equal(fx->c.policy.responses[1].action, RESPONSE_ALERT);
	assert_string_equal(fx->c.policy.responses[0].profile, "");
	assert_int_equal(parse(fx, "respond scan_horizontal quarantine profile a\n"
	                           "respond scan_horizontal alert profile a\n"),
	    1);
	assert_non_null(
	    strstr(fx->e.msg[0], "already has a response for profile a"));
	one_error(fx, "respond scan_horizontal quarantine for a\n",
	    "takes only 'profile NAME'");
	one_error(fx, "respond scan_horizontal quarantine profile\n",
	    "takes only 'profile NAME'");
}

/* The detectors' settings, and their devices: the device networks. */
static void
test_monitor(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(parse(fx, "device-network 10.64.0.0/10\n"
	                           "device-network fd64::/48\n"
	                           "monitor-interface br-dev\n"
	                           "detect scan-hosts 40\n"
	                           "detect login-ports 22,23\n"
	                           "detect off beaconing\n"), 0);
	assert_string_equal(fx->c.monitor.iface, "br-dev");
	assert_int_equal(fx->c.monitor.detect.scan_hosts, 40);
	assert_int_equal(fx->c.monitor.detect.n_login_ports, 2);
	assert_int_equal(fx->c.monitor.detect.n_devices, 2);
	assert_true(fx->c.monitor.detect.disabled & (1u << DT_BEACONING));
	one_error(fx, "detect scan-hosts 0\n", "scan-hosts: \"0\" is not a number");
	one_error(fx, "detect nonsense 1\n", "no detection setting");
	one_error(fx, "detect off nothing\n", "no detector is called");
	one_error(fx, "monitor-interface a/b\n", "not an interface name");
}

static void
test_scan(void **state)
{
	struct fixture *fx = *state;

	/* off by default: nothing is sent that the operator did not ask */
	assert_int_equal(parse(fx, ""), 0);
	assert_int_equal(fx->c.scan.every, 0);
	assert_int_equal(fx->c.scan.on_appearance, 0);
	assert_int_equal(fx->c.scan.logins, 1);
	assert_int_equal(fx->c.scan.engine.zone.n, 1); /* 10.64.0.0/10 */

	assert_int_equal(parse(fx, "device-network 10.64.0.0/16\n"
	                           "device-network fd64::/48\n"
	                           "scan-every 12h\n"
	                           "scan-on-appearance on\n"
	                           "scan-logins off\n"
	                           "scan-set rate 2000\n"
	                           "scan-set login-attempts 0\n"),
	    0);
	assert_int_equal(fx->c.scan.every, 12 * 3600);
	assert_int_equal(fx->c.scan.on_appearance, 1);
	assert_int_equal(fx->c.scan.logins, 0);
	assert_int_equal(fx->c.scan.engine.rate, 2000);
	assert_int_equal(fx->c.scan.engine.login_attempts, 0);
	assert_int_equal(fx->c.scan.engine.zone.n, 2);
	assert_int_equal(parse(fx, "scan-every 0\n"), 0);
	assert_int_equal(fx->c.scan.every, 0);
	assert_int_equal(parse(fx, "scan-every 90s\n"), 0);
	assert_int_equal(fx->c.scan.every, 90);
	assert_int_equal(parse(fx, "scan-every 7d\n"), 0);
	assert_int_equal(fx->c.scan.every, 7 * 86400);

	one_error(fx, "scan-every 10s\n", "not from a minute to a year");
	one_error(fx, "scan-every 400d\n", "not from a minute to a year");
	one_error(fx, "scan-every 12\n", "'12' is not a duration");
	one_error(fx, "scan-every -1h\n", "is not a duration");
	one_error(fx, "scan-every 99999999999999999999h\n", "not a duration");
	one_error(fx, "scan-on-appearance yes\n",
	    "scan-on-appearance must be on or off, not 'yes'");
	one_error(fx, "scan-set rate 0\n", "rate: '0' is not a number from 1");
	one_error(fx, "scan-set rate 5x\n", "rate: '5x' is not a number");
	one_error(fx, "scan-set speed 5\n",
	    "'speed' is no setting (max-inflight, device-inflight, "
	    "device-rate, rate, connect-ms, retries, read-ms, quiet-ms, "
	    "smtp-ms, login-ms, max-logins, login-attempts)");
	one_error(fx, "scan-set retries 7\n",
	    "retries: '7' is not a number from 0 to 6");
	one_error(fx, "scan-set device-inflight 2000\n", "from 1 to 1024");
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_defaults),
	    T(test_every_directive),
	    T(test_quoting_and_comments),
	    T(test_errors_reported_and_parsing_goes_on),
	    T(test_bad_values),
	    T(test_syntax_errors),
	    T(test_long_word),
	    T(test_nul_bytes),
	    T(test_duplicates),
	    T(test_networks),
	    T(test_tls_pair),
	    T(test_to_msg),
	    T(test_load),
	    T(test_radius),
	    T(test_dns),
	    T(test_respond_victims),
	    T(test_respond_profiles),
	    T(test_monitor),
	    T(test_scan),
	};
#undef T

	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
