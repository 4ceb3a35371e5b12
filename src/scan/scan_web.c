/*
 * The web ports' extra looks (scan_engine.h): the admin paths, and
 * RTSP's DESCRIBE.
 *
 * RTSP: the root's answer is the port's (status, Server, challenge). A
 * 404 there (an RTSP server with no stream at its root) queues a
 * DESCRIBE of each of the cameras' stream paths (probe_rtsp.h), through
 * the rates like the admin paths; the first that answers 2xx becomes the
 * port's answer, its path the port's detail.
 *
 * Admin paths: once GET / has answered on an HTTP or HTTPS port, each
 * path of the list gets a GET of its own (one connection each, through
 * the rates like every other), and so does one random path that no
 * device has: a server that answers that one with a 2xx answers any path,
 * and its 2xx on an admin path proves nothing. At most ADMIN_PATHS_MAX
 * plus one requests a web port; only the status is read.
 */
#include <stdio.h>
#include <string.h>

#include "scan/admin_paths.h"
#include "scan/probe_rtsp.h"
#include "scan/scan_engine.h"

void
scan_web_queue_admin(struct scan *s, struct conn *c)
{
	const struct admin_paths *p = s->conf.admin_paths;

	if (p == NULL || p->n == 0)
		return;
	c->host->admin_paths = p;
	for (size_t i = 0; i <= p->n; i++)
		if (scan_follow_add(
		        c->host, c->port, FOLLOW_ADMIN_PATH, (unsigned)i) < 0) {
			s->stats.errors++;
			return;
		}
}

size_t
scan_web_admin_request(struct scan *s, struct conn *c, char *req)
{
	const struct admin_paths *p = s->conf.admin_paths;
	char host[ADDR_STRLEN + 2], random[48];
	const char *path;

	if (p == NULL || c->path > p->n)
		return 0;
	if (c->path == p->n) {
		/* the control password's random digits name no page */
		snprintf(random, sizeof(random), "/airlock-scan-%s",
		    s->control_pass + 1);
		path = random;
	} else {
		path = p->v[c->path];
	}
	conn_host(c, host);
	return http_probe_request_with(
	    req, HTTP_REQUEST_MAX, "GET", path, host, "");
}

void
scan_web_admin_answer(struct scan *s, struct conn *c, int status)
{
	struct scan_open_port *o = &c->host->open[c->open_idx];

	if (c->path == s->conf.admin_paths->n)
		o->admin_control = status;
	else if (status >= 200 && status < 300 && c->path < 32)
		o->admin_open |= 1u << c->path;
	conn_close(s, c, 0);
}

static int
is_2xx(int status)
{
	return status >= 200 && status < 300;
}

void
scan_web_rtsp_answer(
    struct scan *s, struct conn *c, const char *in, size_t n, int final)
{
	struct scan_open_port *o = &c->host->open[c->open_idx];
	struct rtsp_answer a;
	enum rtsp_read r;

	if (n > sizeof(c->answer) - c->answer_len)
		n = sizeof(c->answer) - c->answer_len;
	memcpy(c->answer + c->answer_len, in, n);
	c->answer_len += n;
	r = rtsp_probe_answer(c->answer, c->answer_len, &a);
	if (r == RTSP_MORE && !final)
		return;
	if (r == RTSP_NOT_RTSP || a.status == 0) {
		conn_close(s, c, 0);
		return;
	}
	if (c->follow == FOLLOW_RTSP_PATH) {
		if (is_2xx(a.status) && !is_2xx(o->answer)) {
			o->answer = a.status;
			o->http_auth = a.auth;
			snprintf(o->detail, sizeof(o->detail), "%s",
			    rtsp_stream_path(c->path));
		}
		conn_close(s, c, 0);
		return;
	}
	snprintf(o->banner, sizeof(o->banner), "%s", a.server);
	o->answer = a.status;
	o->http_auth = a.auth;
	for (size_t i = 0; a.status == 404 && i < RTSP_STREAM_PATHS; i++)
		if (scan_follow_add(
		        c->host, c->port, FOLLOW_RTSP_PATH, (unsigned)i) < 0) {
			s->stats.errors++;
			break;
		}
	conn_close(s, c, 0);
}
