/*
 * The HTTP probe (probe_http.h). The head ends at the first empty line
 * (CRLF CRLF, or LF LF from a careless server); header names are matched
 * without regard to case; a header folded over several lines (obsolete)
 * is read as its first line. Values are cut to what the answer keeps,
 * bytes outside printable ASCII replaced by '?'.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include "scan/probe_http.h"

size_t
http_probe_request(
    char *out, const char *host, const char *user, const char *pass)
{
	char pair[2 * 64 + 2], auth[200] = "";
	unsigned char b64[4 * ((sizeof(pair) + 2) / 3) + 1];
	int n;

	if (user != NULL) {
		n = snprintf(pair, sizeof(pair), "%s:%s", user, pass);
		EVP_EncodeBlock(b64, (const unsigned char *)pair, n);
		snprintf(
		    auth, sizeof(auth), "Authorization: Basic %s\r\n", b64);
	}
	n = snprintf(out, HTTP_REQUEST_MAX,
	    "GET / HTTP/1.1\r\nHost: %s\r\nUser-Agent: airlock-scan\r\n"
	    "%sAccept: */*\r\nConnection: close\r\n\r\n",
	    host, auth);
	return n > 0 && n < HTTP_REQUEST_MAX ? (size_t)n : 0;
}

size_t
http_probe_request_with(char *out, size_t cap, const char *method,
    const char *path, const char *host, const char *extra)
{
	int n = snprintf(out, cap,
	    "%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: airlock-scan\r\n"
	    "%sAccept: */*\r\nConnection: close\r\n\r\n",
	    method, path, host, extra);

	return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

size_t
http_probe_head_request(char *out, const char *host)
{
	int n = snprintf(out, HTTP_REQUEST_MAX,
	    "HEAD / HTTP/1.1\r\nHost: %s\r\nUser-Agent: airlock-scan\r\n"
	    "Accept: */*\r\n\r\n",
	    host);

	return n > 0 && n < HTTP_REQUEST_MAX ? (size_t)n : 0;
}

void
http_copy_value(char *out, size_t outlen, const char *v, size_t n)
{
	size_t k = 0;

	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	for (size_t i = 0; i < n && k + 1 < outlen; i++)
		out[k++] = v[i] >= 0x20 && v[i] < 0x7f ? v[i] : '?';
	out[k] = '\0';
}

/* "Basic realm="x"", "Digest realm=...": the scheme and the realm. */
static void
challenge(struct http_answer *a, const char *v, size_t n)
{
	const char *r;
	size_t k;

	if (n >= 5 && strncasecmp(v, "Basic", 5) == 0 &&
	    (n == 5 || v[5] == ' '))
		a->auth = HTTP_AUTH_BASIC;
	else if (n >= 6 && strncasecmp(v, "Digest", 6) == 0 &&
	         (n == 6 || v[6] == ' '))
		a->auth = HTTP_AUTH_DIGEST;
	else
		a->auth = HTTP_AUTH_OTHER;
	r = memmem(v, n, "realm=\"", 7);
	if (r == NULL)
		return;
	r += 7;
	for (k = 0; r + k < v + n && r[k] != '"'; k++)
		;
	http_copy_value(a->realm, sizeof(a->realm), r, k);
}

static void
header(void *arg, const char *line, size_t n)
{
	struct http_answer *a = arg;
	const char *colon = memchr(line, ':', n);
	size_t name, skip;

	if (colon == NULL)
		return;
	name = (size_t)(colon - line);
	skip = name + 1;
	while (skip < n && (line[skip] == ' ' || line[skip] == '\t'))
		skip++;
	if (name == 6 && strncasecmp(line, "Server", 6) == 0)
		http_copy_value(
		    a->server, sizeof(a->server), line + skip, n - skip);
	else if (name == 16 && strncasecmp(line, "WWW-Authenticate", 16) == 0 &&
	         a->auth == HTTP_AUTH_NONE)
		challenge(a, line + skip, n - skip);
}

/* "HTTP/1.x SSS": the status, or -1. */
static int
status_line(const char *in, size_t len)
{
	if (len < 12 || memcmp(in, "HTTP/1.", 7) != 0 ||
	    !isdigit((unsigned char)in[7]) || in[8] != ' ')
		return -1;
	return http_status_code(in, len);
}

int
http_status_code(const char *in, size_t len)
{
	if (len < 12)
		return -1;
	for (int i = 9; i < 12; i++)
		if (!isdigit((unsigned char)in[i]))
			return -1;
	if (len > 12 && in[12] != ' ' && in[12] != '\r' && in[12] != '\n')
		return -1;
	return (in[9] - '0') * 100 + (in[10] - '0') * 10 + (in[11] - '0');
}

int
http_head_lines(const char *in, size_t len,
    void (*fn)(void *arg, const char *line, size_t n), void *arg)
{
	size_t at = 0, end;

	while (at < len && in[at] != '\n')
		at++;
	for (at++; at < len; at = end + 1) {
		const char *nl = memchr(in + at, '\n', len - at);
		size_t n;

		if (nl == NULL)
			return 0; /* a line not yet whole */
		end = (size_t)(nl - in);
		n = end - at;
		if (n > 0 && in[end - 1] == '\r')
			n--;
		if (n == 0)
			return 1;
		fn(arg, in + at, n);
	}
	return 0;
}

enum http_read
http_probe_answer(const char *in, size_t len, struct http_answer *a)
{
	memset(a, 0, sizeof(*a));
	if (len > HTTP_HEAD_MAX)
		len = HTTP_HEAD_MAX;
	if (len < 12)
		return len >= 1 && memcmp(in, "HTTP/1.", len < 7 ? len : 7) != 0
		           ? HTTP_NOT_HTTP
		           : HTTP_MORE;
	a->status = status_line(in, len);
	if (a->status < 100 || a->status > 599)
		return HTTP_NOT_HTTP;
	if (http_head_lines(in, len, header, a))
		return HTTP_DONE;
	return len == HTTP_HEAD_MAX ? HTTP_DONE : HTTP_MORE;
}
