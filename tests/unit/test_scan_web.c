/*
 * The scanner's TLS, HTTP Digest, RTSP, TR-069 and admin-path probes:
 * the Digest challenge's reader and the response against RFC 7616's and
 * RFC 2617's own examples, RTSP answers as RFC 2326 and cameras give
 * them, certificates made here with OpenSSL (weak, expired,
 * self-signed, and sound), the admin paths' file, the findings. Then the
 * engine against servers of its own on loopback (127.0.0.91): a Digest
 * login on HTTP with an open admin path, Basic over TLS 1.0 with a weak
 * certificate, an open RTSP stream, a TR-069 server.
 */
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
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "scan/admin_paths.h"
#include "scan/http_digest.h"
#include "scan/probe_http.h"
#include "scan/probe_mqtt.h"
#include "scan/probe_rtsp.h"
#include "scan/probe_tls.h"
#include "scan/scan_finding.h"
#include "scan/scanner.h"

/* --- Digest ----------------------------------------------------------------
 */

/* RFC 7616 3.9.1: the server offers SHA-256, then MD5. */
static const char rfc7616_answer[] =
    "HTTP/1.1 401 Unauthorized\r\n"
    "WWW-Authenticate: Digest\r\n"
    "WWW-Authenticate: Digest realm=\"http-auth@example.org\", "
    "qop=\"auth, auth-int\", algorithm=MD5, "
    "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
    "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"\r\n"
    "www-authenticate: Digest realm=\"http-auth@example.org\", "
    "qop=\"auth, auth-int\", algorithm=SHA-256, "
    "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
    "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"\r\n"
    "\r\n";

static int
find(const char *head, struct http_digest *d)
{
	return http_digest_find(head, strlen(head), d);
}

static void
test_digest_challenge(void **state)
{
	struct http_digest d;

	(void)state;
	assert_int_equal(find(rfc7616_answer, &d), 1);
	assert_int_equal(d.alg, DIGEST_SHA256); /* the stronger one */
	assert_string_equal(d.realm, "http-auth@example.org");
	assert_string_equal(
	    d.nonce, "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v");
	assert_string_equal(
	    d.opaque, "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS");
	assert_true(d.qop);
	assert_false(d.sess);
	/* Basic first, Digest after it in the same header; escapes */
	assert_int_equal(
	    find("HTTP/1.1 401 x\r\nWWW-Authenticate: Basic "
	         "realm=\"cam\", Digest realm=\"a \\\"b\\\"\", "
	         "nonce=abc, algorithm=MD5-sess, stale=TRUE\r\n\r\n",
	        &d),
	    1);
	assert_string_equal(d.realm, "a \"b\"");
	assert_string_equal(d.nonce, "abc");
	assert_true(d.sess);
	assert_true(d.stale);
	assert_false(d.qop); /* RFC 2069: no qop */
	/* a token68 before it (Negotiate's) does not hide it */
	assert_int_equal(
	    find("HTTP/1.1 401 x\r\nWWW-Authenticate: Negotiate "
	         "YWJjZA==, Digest realm=\"r\", nonce=\"n\"\r\n\r\n",
	        &d),
	    1);
	assert_string_equal(d.nonce, "n");
	/* what cannot be answered */
	assert_int_equal(find("HTTP/1.1 401 x\r\nWWW-Authenticate: Basic "
	                      "realm=\"cam\"\r\n\r\n",
	                     &d),
	    0);
	assert_int_equal(
	    find("HTTP/1.1 401 x\r\nWWW-Authenticate: Digest "
	         "realm=\"r\", nonce=\"n\", qop=\"auth-int\"\r\n\r\n",
	        &d),
	    0);
	assert_int_equal(find("HTTP/1.1 401 x\r\nWWW-Authenticate: Digest "
	                      "realm=\"r\", nonce=\"n\", "
	                      "algorithm=SHA-512-256\r\n\r\n",
	                     &d),
	    0);
	assert_int_equal(find("HTTP/1.1 401 x\r\nWWW-Authenticate: Digest "
	                      "realm=\"r\"\r\n\r\n",
	                     &d),
	    0);
	assert_int_equal(find("HTTP/1.1 401 x\r\nWWW-Authenticate: Digest "
	                      "realm=\"r\", nonce=\"never closed\r\n\r\n",
	                     &d),
	    0);
	/* a header after the head's end is not read */
	assert_int_equal(find("HTTP/1.1 200 OK\r\n\r\nWWW-Authenticate: "
	                      "Digest realm=\"r\", nonce=\"n\"\r\n",
	                     &d),
	    0);
}

static void
test_digest_response(void **state)
{
	struct http_digest d;
	char out[DIGEST_HEADER_MAX];
	size_t n;

	(void)state;
	assert_int_equal(find(rfc7616_answer, &d), 1);
	/* RFC 7616 3.9.1, SHA-256 */
	n = http_digest_authorization(out, &d, "Mufasa", "Circle of Life",
	    "GET", "/dir/index.html",
	    "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", 1);
	assert_true(n > 0);
	assert_non_null(strstr(out, "response=\"753927fa0e85d155564e2e272a28d1"
	                            "802ca10daf4496794697cf8db5856cb6c1\""));
	assert_non_null(strstr(out, "algorithm=SHA-256, "));
	assert_non_null(strstr(out, "qop=auth, nc=00000001, "));
	assert_non_null(strstr(out, "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAF"
	                            "RtzCUYo5tdS\"\r\n"));
	assert_null(strstr(out, "Circle")); /* never the password */
	/* the same, MD5 */
	d.alg = DIGEST_MD5;
	n = http_digest_authorization(out, &d, "Mufasa", "Circle of Life",
	    "GET", "/dir/index.html",
	    "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", 1);
	assert_true(n > 0);
	assert_non_null(
	    strstr(out, "response=\"8ca523f5e9506fed4657c9700eebdbec\""));
	/* RFC 2617 3.5 */
	d = (struct http_digest){.realm = "testrealm@host.com",
	    .nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093",
	    .opaque = "5ccc069c403ebaf9f0171e9517f40e41",
	    .alg = DIGEST_MD5,
	    .qop = 1};
	n = http_digest_authorization(out, &d, "Mufasa", "Circle Of Life",
	    "GET", "/dir/index.html", "0a4f113b", 1);
	assert_true(n > 0);
	assert_non_null(
	    strstr(out, "response=\"6629fae49393a05397450978507c4ef1\""));
	/* a user a quoted string cannot carry is refused, not escaped
	 * into a header of its own */
	assert_int_equal(
	    http_digest_authorization(out, &d, "a\"b", "x", "GET", "/", "c", 1),
	    0);
	assert_int_equal(http_digest_authorization(
	                     out, &d, "a\r\nX: y", "x", "GET", "/", "c", 1),
	    0);
}

/* --- RTSP --------------------------------------------------------------------
 */

static void
test_rtsp(void **state)
{
	struct rtsp_answer a;
	char req[RTSP_REQUEST_MAX];
	/* RFC 2326 C.1's DESCRIBE answer, and cameras' */
	static const char rfc2326[] =
	    "RTSP/1.0 200 OK\r\nCSeq: 312\r\nDate: 23 Jan 1997 15:35:06 GMT\r\n"
	    "Content-Type: application/sdp\r\nContent-Length: "
	    "376\r\n\r\nv=0\r\n";
	static const char hikvision[] =
	    "RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\nWWW-Authenticate: Digest "
	    "realm=\"IP Camera(21593)\", nonce=\"3f27bdc9e2f8\", "
	    "stale=\"FALSE\"\r\nDate:  Tue, Nov 29 2026 10:00:00 GMT\r\n\r\n";
	static const char hipcam[] =
	    "RTSP/1.0 200 OK\r\nCSeq: 1\r\nContent-Base: rtsp://10.64.0.7:554/"
	    "\r\nServer: Hipcam RealServer/V1.0\r\n\r\n";

	(void)state;
	assert_int_equal(rtsp_probe_request(req, "10.64.0.7", 554, "/"), 103);
	assert_string_equal(req,
	    "DESCRIBE rtsp://10.64.0.7:554/ RTSP/1.0\r\nCSeq: 1\r\n"
	    "User-Agent: airlock-scan\r\nAccept: application/sdp\r\n\r\n");
	assert_int_equal(
	    rtsp_probe_request(req, "[fd64::7]", 8554, "/live.sdp"), 112);
	assert_int_equal(
	    strncmp(req, "DESCRIBE rtsp://[fd64::7]:8554/live.sdp RTSP/1.0\r\n",
	        50),
	    0);
	/* the stream paths: each a path, and the root past the end */
	for (size_t i = 0; i < RTSP_STREAM_PATHS; i++)
		assert_int_equal(rtsp_stream_path(i)[0], '/');
	assert_string_equal(rtsp_stream_path(1), "/Streaming/Channels/101");
	assert_string_equal(rtsp_stream_path(RTSP_STREAM_PATHS), "/");
	assert_int_equal(
	    rtsp_probe_answer(rfc2326, strlen(rfc2326), &a), RTSP_DONE);
	assert_int_equal(a.status, 200);
	assert_int_equal(a.cseq, 312);
	assert_string_equal(a.server, "");
	assert_int_equal(
	    rtsp_probe_answer(hikvision, strlen(hikvision), &a), RTSP_DONE);
	assert_int_equal(a.status, 401);
	assert_int_equal(a.auth, HTTP_AUTH_DIGEST);
	assert_int_equal(
	    rtsp_probe_answer(hipcam, strlen(hipcam), &a), RTSP_DONE);
	assert_string_equal(a.server, "Hipcam RealServer/V1.0");
	/* a head in pieces; HTTP is not RTSP */
	assert_int_equal(rtsp_probe_answer(hipcam, 20, &a), RTSP_MORE);
	assert_int_equal(rtsp_probe_answer("RTS", 3, &a), RTSP_MORE);
	assert_int_equal(rtsp_probe_answer("HTTP/1.1 200 OK\r\n\r\n", 19, &a),
	    RTSP_NOT_RTSP);
	assert_int_equal(rtsp_probe_answer("RTSP/1.0 2x0 OK\r\n\r\n", 19, &a),
	    RTSP_NOT_RTSP);
}

/* --- certificates ------------------------------------------------------------
 */

/* A certificate for key, named cn, issued by issuer_key under issuer_cn
 * (itself when NULL), valid from now + from to now + to seconds, signed
 * with md. The caller frees it. */
static X509 *
make_cert(EVP_PKEY *key, const char *cn, EVP_PKEY *issuer_key,
    const char *issuer_cn, long from, long to, const EVP_MD *md)
{
	X509 *x = X509_new();
	X509_NAME *subject = X509_NAME_new(), *issuer = X509_NAME_new();

	assert_non_null(x);
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 7);
	X509_gmtime_adj(X509_getm_notBefore(x), from);
	X509_gmtime_adj(X509_getm_notAfter(x), to);
	X509_NAME_add_entry_by_txt(
	    subject, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
	X509_NAME_add_entry_by_txt(issuer, "CN", MBSTRING_ASC,
	    (const unsigned char *)(issuer_cn ? issuer_cn : cn), -1, -1, 0);
	X509_set_subject_name(x, subject);
	X509_set_issuer_name(x, issuer);
	X509_set_pubkey(x, key);
	assert_true(X509_sign(x, issuer_key ? issuer_key : key, md) > 0);
	X509_NAME_free(subject);
	X509_NAME_free(issuer);
	return x;
}

static void
test_tls_facts(void **state)
{
	EVP_PKEY *weak = EVP_RSA_gen(1024), *ec = EVP_EC_gen("P-256");
	EVP_PKEY *ca = EVP_EC_gen("P-384");
	struct tls_facts f;
	X509 *x;

	(void)state;
	assert_non_null(weak);
	/* the lab's: self-signed, SHA-1, RSA 1024, expired yesterday */
	x = make_cert(weak, "dev2", NULL, NULL, -2 * 86400, -86400, EVP_sha1());
	memset(&f, 0, sizeof(f));
	assert_int_equal(tls_facts_read(&f, x, time(NULL)), 0);
	assert_string_equal(f.subject, "dev2");
	assert_string_equal(f.issuer, "/CN=dev2");
	assert_string_equal(f.key_type, "RSA");
	assert_int_equal(f.key_bits, 1024);
	assert_true(f.weak_key);
	assert_string_equal(f.signature, "sha1WithRSAEncryption");
	assert_true(f.weak_signature);
	assert_int_equal(f.validity, TLS_EXPIRED);
	assert_true(f.self_signed);
	X509_free(x);
	/* sound: EC P-256, SHA-256, issued by a CA, valid */
	x = make_cert(ec, "cam-17", ca, "fleet CA", -60, 86400, EVP_sha256());
	memset(&f, 0, sizeof(f));
	assert_int_equal(tls_facts_read(&f, x, time(NULL)), 0);
	assert_string_equal(f.key_type, "EC");
	assert_int_equal(f.key_bits, 256);
	assert_false(f.weak_key);
	assert_false(f.weak_signature);
	assert_false(f.self_signed);
	assert_int_equal(f.validity, TLS_VALID);
	/* ... seen from before it was issued */
	assert_int_equal(tls_facts_read(&f, x, time(NULL) - 3600), 0);
	assert_int_equal(f.validity, TLS_NOT_YET_VALID);
	X509_free(x);
	/* a name that matches the issuer's, signed by another key: not
	 * self-signed (the signature must verify with its own key) */
	x = make_cert(ec, "same", ca, "same", -60, 86400, EVP_sha256());
	assert_int_equal(tls_facts_read(&f, x, time(NULL)), 0);
	assert_false(f.self_signed);
	X509_free(x);
	assert_int_equal(
	    tls_facts_from_der(&f, (const uint8_t *)"\x30\x03", 2, time(NULL)),
	    -1);
	EVP_PKEY_free(weak);
	EVP_PKEY_free(ec);
	EVP_PKEY_free(ca);
}

/* --- the admin paths' file
 * ----------------------------------------------------- */

static char last_error[256];

static void
keep_error(void *arg, const char *file, unsigned line, const char *msg)
{
	(void)arg;
	snprintf(last_error, sizeof(last_error), "%s:%u: %s", file, line, msg);
}

static void
test_admin_paths(void **state)
{
	static struct admin_paths p;
	static const char good[] = "# cameras\n/rom-0\n  /HNAP1/  \n\n/a?b\r\n";

	(void)state;
	assert_int_equal(
	    admin_paths_parse(&p, good, strlen(good), "p", keep_error, NULL),
	    0);
	assert_int_equal(p.n, 3);
	assert_string_equal(p.v[1], "/HNAP1/");
	assert_string_equal(p.v[2], "/a?b");
	assert_int_equal(
	    admin_paths_parse(&p, "rom-0\n", 6, "p", keep_error, NULL), 1);
	assert_string_equal(last_error, "p:1: a path starts with '/'");
	assert_int_equal(
	    admin_paths_parse(&p, "/a\n/a b\n/a\n", 11, "p", keep_error, NULL),
	    2);
	assert_string_equal(last_error, "p:3: '/a' listed before");
	{
		char many[20 * 4 + 1] = "";

		for (int i = 0; i < 17; i++)
			snprintf(many + strlen(many),
			    sizeof(many) - strlen(many), "/%02d\n", i);
		assert_int_equal(admin_paths_parse(&p, many, strlen(many), "p",
		                     keep_error, NULL),
		    1);
		assert_string_equal(last_error, "p:17: more than 16 paths");
	}
}

/* --- findings
 * ------------------------------------------------------------------ */

static const char *
ids(const struct scan_verdict *v)
{
	static char out[512];

	out[0] = '\0';
	for (size_t i = 0; i < v->n; i++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out),
		    "%s%s/%u", i ? " " : "", v->f[i].kind->id, v->f[i].port);
	return out;
}

static void
test_verdict_web(void **state)
{
	static struct admin_paths paths = {
	    .n = 3, .v = {"/rom-0", "/HNAP1/", "/.env"}};
	struct tls_facts t = {.handshake = 1,
	    .subject = "dev2",
	    .issuer = "/CN=dev2",
	    .not_after = "2026-01-01 00:00:00Z",
	    .key_type = "RSA",
	    .key_bits = 1024,
	    .signature = "sha1WithRSAEncryption",
	    .self_signed = 1,
	    .validity = TLS_EXPIRED,
	    .weak_key = 1,
	    .weak_signature = 1,
	    .legacy = TLS_LEGACY_ACCEPTED,
	    .legacy_version = "TLSv1"};
	struct scan_open_port open[4] = {
	    {.port = 80, .answer = 200, .admin_open = 5, .admin_control = 404},
	    {.port = 443, .answer = 200, .tls = &t},
	    {.port = 554, .answer = 200, .banner = "Hipcam RealServer/V1.0"},
	    {.port = 7547, .answer = 401, .banner = "gSOAP/2.7"}};
	struct scan_host h = {.state = SCAN_HOST_UP,
	    .open = open,
	    .n_open = 4,
	    .admin_paths = &paths};
	struct scan_verdict v;

	(void)state;
	scan_verdict(&h, NULL, &v);
	assert_string_equal(ids(&v),
	    "http-admin-exposed/80 tls-weak-key/443 rtsp-no-auth/554 "
	    "tr069-exposed/7547 tls-legacy-version/443 "
	    "tls-weak-signature/443 tls-expired/443 tls-self-signed/443");
	assert_string_equal(v.f[0].evidence, "tcp/80: 2xx without a login: "
	                                     "/rom-0 /.env");
	assert_string_equal(v.f[2].evidence,
	    "tcp/554: DESCRIBE / without credentials answered 200, Server: "
	    "Hipcam RealServer/V1.0");
	assert_string_equal(v.f[3].evidence,
	    "tcp/7547 (cwmp): GET / answered 401, Server: gSOAP/2.7");
	assert_string_equal(v.f[4].evidence,
	    "tcp/443: a handshake offering only TLS 1.0 and 1.1 settled on "
	    "TLSv1");
	assert_string_equal(v.f[1].evidence, "tcp/443: RSA key of 1024 bits");
	assert_string_equal(v.f[6].evidence,
	    "tcp/443: expired: valid until 2026-01-01 00:00:00Z");
	/* a server that answers a random path with 200 proves nothing; a
	 * camera that wants a login is no finding; TR-069 open on 7547 is
	 * one even when it says nothing */
	open[0].admin_control = 200;
	open[2].answer = 401;
	open[3].answer = 0;
	t = (struct tls_facts){.handshake = 1,
	    .key_type = "EC",
	    .key_bits = 256,
	    .legacy = TLS_LEGACY_REFUSED};
	scan_verdict(&h, NULL, &v);
	assert_string_equal(ids(&v), "tr069-exposed/7547");
	assert_string_equal(v.f[0].evidence, "tcp/7547 (cwmp) open");
	/* MQTT over TLS: the same anonymous CONNECT, the same finding */
	open[2] =
	    (struct scan_open_port){.port = 8883, .answer = MQTT_ACCEPTED};
	scan_verdict(&h, NULL, &v);
	assert_string_equal(ids(&v), "tr069-exposed/7547 mqtt-anonymous/8883");
}

/* --- the engine on loopback
 * ------------------------------------------------------ */

#define LAB_ADDR "127.0.0.91"

static int
bound_at(uint16_t port)
{
	struct sockaddr_in sin = {.sin_family = AF_INET};
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = inet_addr(LAB_ADDR);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    listen(fd, 64) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* One request's head from a plain or TLS connection; its length. */
static size_t
read_head(int c, SSL *ssl, char *buf, size_t cap)
{
	size_t n = 0;

	while (n + 1 < cap) {
		int k = ssl ? SSL_read(ssl, buf + n, (int)(cap - 1 - n))
		            : (int)read(c, buf + n, cap - 1 - n);

		if (k <= 0)
			break;
		n += (size_t)k;
		buf[n] = '\0';
		if (strstr(buf, "\r\n\r\n") != NULL)
			break;
	}
	buf[n] = '\0';
	return n;
}

static void
say(int c, SSL *ssl, const char *text)
{
	if (ssl)
		(void)!SSL_write(ssl, text, (int)strlen(text));
	else
		(void)!write(c, text, strlen(text));
}

/* A quoted parameter of a Digest Authorization header. */
static void
param_of(const char *h, const char *name, char *out, size_t cap)
{
	char key[32];
	const char *p, *e;

	snprintf(key, sizeof(key), " %s=", name);
	p = strstr(h, key);
	out[0] = '\0';
	if (p == NULL)
		return;
	p += strlen(key);
	p += *p == '"';
	e = p + strcspn(p, "\",\r");
	snprintf(out, cap, "%.*s", (int)(e - p), p);
}

static void
md5_hex(const char *text, char out[33])
{
	unsigned char md[16];
	unsigned n = 0;

	EVP_Digest(text, strlen(text), md, &n, EVP_md5(), NULL);
	for (int i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* Is this admin/admin for the nonce given, by RFC 7616's sums done
 * here again? */
static int
digest_ok(const char *req, const char *nonce)
{
	char user[64], cnonce[64], nc[16], resp[80], buf[512], ha1[33], ha2[33];
	char want[33];

	param_of(req, "username", user, sizeof(user));
	param_of(req, "cnonce", cnonce, sizeof(cnonce));
	param_of(req, "nc", nc, sizeof(nc));
	param_of(req, "response", resp, sizeof(resp));
	if (strcmp(user, "admin") != 0)
		return 0;
	md5_hex("admin:cam:admin", ha1);
	md5_hex("GET:/", ha2);
	snprintf(buf, sizeof(buf), "%s:%s:%s:%s:auth:%s", ha1, nonce, nc,
	    cnonce, ha2);
	md5_hex(buf, want);
	return strcmp(want, resp) == 0;
}

/* 8080: Digest on "/", admin/admin; /rom-0 open to all; else 404. */
static void
serve_digest(int c)
{
	static const char ok[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
	static const char missing[] =
	    "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
	static unsigned count;
	char req[2048], nonce[32], challenge[256];

	snprintf(nonce, sizeof(nonce), "n%u", ++count);
	snprintf(challenge, sizeof(challenge),
	    "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest "
	    "realm=\"cam\", qop=\"auth\", nonce=\"%s\", algorithm=MD5\r\n"
	    "Content-Length: 0\r\n\r\n",
	    nonce);
	if (read_head(c, NULL, req, sizeof(req)) == 0)
		return;
	if (strncmp(req, "GET /rom-0 ", 11) == 0) {
		say(c, NULL, ok);
		return;
	}
	if (strncmp(req, "GET / ", 6) != 0 && strncmp(req, "HEAD / ", 7) != 0) {
		say(c, NULL, missing);
		return;
	}
	say(c, NULL, challenge);
	if (strncmp(req, "HEAD ", 5) != 0 ||
	    read_head(c, NULL, req, sizeof(req)) == 0)
		return;
	say(c, NULL, digest_ok(req, nonce) ? ok : challenge);
}

/* 8443: TLS 1.0 and up, a weak self-signed certificate; Basic on "/"
 * taking admin/admin. */
static void
serve_tls(int c, SSL_CTX *ctx)
{
	static const char challenge[] =
	    "HTTP/1.1 401 Unauthorized\r\nServer: tls-cam/1.0\r\n"
	    "WWW-Authenticate: Basic realm=\"cam\"\r\nContent-Length: "
	    "0\r\n\r\n";
	static const char ok[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
	static const char missing[] =
	    "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
	SSL *ssl = SSL_new(ctx);
	char req[2048];

	SSL_set_fd(ssl, c);
	if (SSL_accept(ssl) == 1 && read_head(c, ssl, req, sizeof(req)) > 0) {
		if (strncmp(req, "GET / ", 6) != 0)
			say(c, ssl, missing);
		else if (strstr(req, "Basic YWRtaW46YWRtaW4=") != NULL)
			say(c, ssl, ok);
		else
			say(c, ssl, challenge);
		SSL_shutdown(ssl);
	}
	SSL_free(ssl);
}

/* 8554: an open camera, Hikvision's way: nothing at the root, its stream
 * at /Streaming/Channels/101. 7547: a CPE's connection-request server. */
static void
serve_plain(int c, uint16_t port)
{
	static const char stream[] =
	    "DESCRIBE rtsp://" LAB_ADDR ":8554/Streaming/Channels/101 "
	    "RTSP/1.0\r\nCSeq: 1\r\n";
	char req[2048];

	if (read_head(c, NULL, req, sizeof(req)) == 0)
		return;
	if (port == 8554 && strncmp(req, stream, strlen(stream)) == 0)
		say(c, NULL,
		    "RTSP/1.0 200 OK\r\nCSeq: 1\r\nServer: "
		    "Hipcam RealServer/V1.0\r\nContent-Type: "
		    "application/sdp\r\nContent-Length: 0\r\n\r\n");
	else if (port == 8554 && strncmp(req, "DESCRIBE ", 9) == 0)
		say(c, NULL,
		    "RTSP/1.0 404 Not Found\r\nCSeq: 1\r\nServer: "
		    "Hipcam RealServer/V1.0\r\n\r\n");
	else if (port == 7547)
		say(c, NULL,
		    "HTTP/1.1 401 Unauthorized\r\nServer: gSOAP/2.7\r\n"
		    "WWW-Authenticate: Digest realm=\"cwmp\", "
		    "nonce=\"x\", qop=\"auth\"\r\nContent-Length: 0\r\n\r\n");
}

static SSL_CTX *
weak_server_ctx(void)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	EVP_PKEY *key = EVP_RSA_gen(1024);
	X509 *x =
	    make_cert(key, "tls-cam", NULL, NULL, -60, 86400, EVP_sha256());

	SSL_CTX_set_security_level(ctx, 0);
	SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
	SSL_CTX_set_cipher_list(ctx, "ALL:@SECLEVEL=0");
	assert_int_equal(SSL_CTX_use_certificate(ctx, x), 1);
	assert_int_equal(SSL_CTX_use_PrivateKey(ctx, key), 1);
	X509_free(x);
	EVP_PKEY_free(key);
	return ctx;
}

static pid_t
serve(int fd, uint16_t port, SSL_CTX *ctx)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid > 0)
		return pid;
	alarm(30); /* gone even if the test fails half-way */
	signal(SIGPIPE, SIG_IGN);
	for (;;) {
		int c = accept(fd, NULL, NULL);

		if (c < 0)
			_exit(0);
		if (port == 8080)
			serve_digest(c);
		else if (port == 8443)
			serve_tls(c, ctx);
		else
			serve_plain(c, port);
		close(c);
	}
}

static void
test_engine_web(void **state)
{
	static struct scan_conf c;
	static struct creds cr = {.n = 3,
	    .v = {{"root", "root", 1}, {"admin", "admin", 2},
	        {"guest", "guest", 3}}};
	static struct admin_paths paths = {.n = 2, .v = {"/rom-0", "/.env"}};
	static const uint16_t ports[] = {7547, 8080, 8443, 8554};
	const struct scan_host *h;
	struct scan_verdict v;
	struct ipaddr target;
	struct scan *s;
	SSL_CTX *ctx = weak_server_ctx();
	char err[256];
	pid_t pids[4];
	int fds[4];
	size_t n;

	(void)state;
	for (int i = 0; i < 4; i++)
		fds[i] = bound_at(ports[i]);
	for (int i = 0; i < 4; i++)
		if (fds[i] < 0) {
			skip(); /* a port is taken on this machine */
			return;
		}
	for (int i = 0; i < 4; i++) {
		pids[i] = serve(fds[i], ports[i], ctx);
		close(fds[i]);
	}
	scan_conf_defaults(&c);
	memset(&c.zone, 0, sizeof(c.zone));
	assert_int_equal(
	    cidr_parse("127.0.0.0/8", &c.zone.nets[c.zone.n++]), 0);
	memcpy(c.ports, ports, sizeof(ports));
	c.n_ports = 4;
	c.n_udp_ports = 0; /* the TCP probes only */
	c.creds = &cr;
	c.admin_paths = &paths;
	assert_int_equal(ipaddr_parse(LAB_ADDR, &target), 0);
	s = scan_new(&c, &target, 1, err, sizeof(err));
	assert_non_null(s);
	assert_int_equal(scan_run(s, NULL, NULL, err, sizeof(err)), 0);
	h = scan_hosts(s, &n);
	assert_int_equal(h->n_open, 4);
	/* Digest on plain HTTP: admin/admin, and not a random password */
	assert_int_equal(h->login[SCAN_HTTP].port, 8080);
	assert_int_equal(h->login[SCAN_HTTP].result, SCAN_LOGIN_OK);
	assert_ptr_equal(h->login[SCAN_HTTP].cred, &cr.v[1]);
	assert_int_equal(h->login[SCAN_HTTP].tries, 2);
	/* Basic over TLS */
	assert_int_equal(h->login[SCAN_HTTPS].port, 8443);
	assert_int_equal(h->login[SCAN_HTTPS].result, SCAN_LOGIN_OK);
	assert_ptr_equal(h->login[SCAN_HTTPS].cred, &cr.v[1]);
	/* the certificate, and TLS 1.0 taken */
	assert_non_null(h->open[2].tls);
	assert_true(h->open[2].tls->handshake);
	assert_string_equal(h->open[2].tls->version, "TLSv1.3");
	assert_string_equal(h->open[2].tls->subject, "tls-cam");
	assert_int_equal(h->open[2].tls->key_bits, 1024);
	assert_int_equal(h->open[2].tls->legacy, TLS_LEGACY_ACCEPTED);
	assert_string_equal(h->open[2].tls->legacy_version, "TLSv1.1");
	assert_int_equal(h->open[2].answer, 401);
	assert_string_equal(h->open[2].banner, "tls-cam/1.0");
	/* the admin path, the control path refused */
	assert_int_equal(h->open[1].admin_open, 1);
	assert_int_equal(h->open[1].admin_control, 404);
	assert_int_equal(h->open[2].admin_open, 0);
	assert_int_equal(h->open[2].admin_control, 404);
	scan_verdict(h, NULL, &v);
	assert_string_equal(ids(&v),
	    "http-default-credential/8080 http-default-credential/8443 "
	    "tr069-exposed/7547 http-admin-exposed/8080 tls-weak-key/8443 "
	    "rtsp-no-auth/8554 tls-legacy-version/8443 tls-self-signed/8443");
	/* the camera: 404 at the root, its stream found at its path */
	assert_int_equal(h->open[3].answer, 200);
	assert_string_equal(h->open[3].detail, "/Streaming/Channels/101");
	assert_string_equal(v.f[5].evidence,
	    "tcp/8554: DESCRIBE /Streaming/Channels/101 without credentials "
	    "answered 200, Server: Hipcam RealServer/V1.0");
	/* TR-069 got no dictionary */
	assert_int_equal(h->open[0].answer, 401);
	assert_string_equal(h->open[0].banner, "gSOAP/2.7");
	scan_free(s);
	for (int i = 0; i < 4; i++) {
		kill(pids[i], SIGKILL);
		waitpid(pids[i], NULL, 0);
	}
	SSL_CTX_free(ctx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_digest_challenge),
	    cmocka_unit_test(test_digest_response),
	    cmocka_unit_test(test_rtsp),
	    cmocka_unit_test(test_tls_facts),
	    cmocka_unit_test(test_admin_paths),
	    cmocka_unit_test(test_verdict_web),
	    cmocka_unit_test(test_engine_web),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
