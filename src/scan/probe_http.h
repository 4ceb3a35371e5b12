/*
 * HTTP: what a device's web server says about itself, and whether its
 * login takes a default credential. The scanner sends one GET of "/"
 * (RFC 9110, 9112) and reads the head of the answer: the status, the
 * Server header (a version to check), and WWW-Authenticate (RFC 7617
 * Basic, RFC 7616 Digest). Behind Basic, each dictionary pair is one
 * more GET, on a connection of its own, with its Authorization header.
 * Pure: text in, facts out.
 */
#ifndef AIRLOCK_PROBE_HTTP_H
#define AIRLOCK_PROBE_HTTP_H

#include <stddef.h>

#define HTTP_HEAD_MAX 4096    /* the most of an answer's head read */
#define HTTP_REQUEST_MAX 1024 /* a request with the longest pair */

enum http_auth {
	HTTP_AUTH_NONE,
	HTTP_AUTH_BASIC,
	HTTP_AUTH_DIGEST,
	HTTP_AUTH_OTHER
};

struct http_answer {
	int status;          /* 100 to 599 */
	char server[96];     /* the Server header, printable; "" for none */
	enum http_auth auth; /* the first challenge of WWW-Authenticate */
	char realm[64];
};

enum http_read {
	HTTP_MORE,     /* the head goes on: read more */
	HTTP_NOT_HTTP, /* not an HTTP answer */
	HTTP_DONE,     /* the head is read (or HTTP_HEAD_MAX of it) */
};

/* A GET of "/" for host, with Basic credentials when user is not NULL,
 * into out (HTTP_REQUEST_MAX); its length. */
size_t http_probe_request(
    char *out, const char *host, const char *user, const char *pass);

/* A request of method for path, with extra (a whole header line with
 * its CRLF, or "") among its headers, into out (cap); its length, 0 when
 * it would not fit. The admin paths' GETs and the Digest logins. */
size_t http_probe_request_with(char *out, size_t cap, const char *method,
    const char *path, const char *host, const char *extra);

/* HEAD / without credentials, the connection kept open: a Digest login's
 * first request, for a challenge of its own. */
size_t http_probe_head_request(char *out, const char *host);

/* The header lines of an answer's head (HTTP's, RTSP's: the status line
 * skipped) to fn, without their line ends: 1 once the blank line that
 * ends the head is read, 0 while it has not come. */
int http_head_lines(const char *in, size_t len,
    void (*fn)(void *arg, const char *line, size_t n), void *arg);
/* A header value into out, cut to outlen, trailing blanks dropped,
 * non-printable bytes as '?'. */
void http_copy_value(char *out, size_t outlen, const char *v, size_t n);
/* The status of a status line whose version ("HTTP/1.1 ", "RTSP/1.0 ")
 * the caller checked: three digits at in[9], then a space, a line end or
 * the end of what came; -1 otherwise. */
int http_status_code(const char *in, size_t len);

/* Read the first len bytes of an answer. */
enum http_read http_probe_answer(
    const char *in, size_t len, struct http_answer *a);

#endif
