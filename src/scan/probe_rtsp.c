/*
 * The RTSP probe (probe_rtsp.h). An answer's head is HTTP's shape with
 * "RTSP/1.0" or "RTSP/2.0" in front: the head ends at the first empty
 * line (CRLF CRLF, or LF LF); header names are matched without regard to
 * case; values are cut to the field and bytes outside printable ASCII
 * become '?'.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "scan/probe_http.h"
#include "scan/probe_rtsp.h"

size_t
rtsp_probe_request(char *out, const char *host, uint16_t port, const char *path)
{
	int n = snprintf(out, RTSP_REQUEST_MAX,
	    "DESCRIBE rtsp://%s:%u%s RTSP/1.0\r\nCSeq: 1\r\n"
	    "User-Agent: airlock-scan\r\nAccept: application/sdp\r\n\r\n",
	    host, port, path);

	return n > 0 && n < RTSP_REQUEST_MAX ? (size_t)n : 0;
}

/* Where cameras serve their main stream, by the makers' documentation
 * and what firmware families share; the root is asked first. */
static const char *const stream_paths[RTSP_STREAM_PATHS] = {
    "/live.sdp",                            /* many OEM cameras, Vivotek */
    "/Streaming/Channels/101",              /* Hikvision */
    "/cam/realmonitor?channel=1&subtype=0", /* Dahua, Amcrest */
    "/axis-media/media.amp",                /* Axis */
    "/h264Preview_01_main",                 /* Reolink */
    "/videoMain",                           /* Foscam */
    "/stream1",                             /* TP-Link Tapo */
    "/11",                                  /* HiSilicon-based OEMs */
    "/live/ch00_0",                         /* HiSilicon-based OEMs */
    "/h264",                                /* generic encoders */
};

const char *
rtsp_stream_path(size_t i)
{
	return i < RTSP_STREAM_PATHS ? stream_paths[i] : "/";
}

/* "RTSP/1.0 SSS" or "RTSP/2.0 SSS": the status, or -1. */
static int
status_line(const char *in, size_t len)
{
	if (len < 12 || memcmp(in, "RTSP/", 5) != 0 ||
	    !isdigit((unsigned char)in[5]) || in[6] != '.' ||
	    !isdigit((unsigned char)in[7]) || in[8] != ' ')
		return -1;
	return http_status_code(in, len);
}

static int
scheme_is(const char *v, size_t n, const char *name)
{
	size_t k = strlen(name);

	return n >= k && strncasecmp(v, name, k) == 0 &&
	       (n == k || v[k] == ' ' || v[k] == ',');
}

static void
header(void *arg, const char *line, size_t n)
{
	struct rtsp_answer *a = arg;
	const char *colon = memchr(line, ':', n);
	size_t name, skip;
	unsigned long cseq = 0;

	if (colon == NULL)
		return;
	name = (size_t)(colon - line);
	skip = name + 1;
	while (skip < n && (line[skip] == ' ' || line[skip] == '\t'))
		skip++;
	if (name == 6 && strncasecmp(line, "Server", 6) == 0) {
		http_copy_value(
		    a->server, sizeof(a->server), line + skip, n - skip);
	} else if (name == 4 && strncasecmp(line, "CSeq", 4) == 0) {
		for (size_t i = skip;
		     i < n && isdigit((unsigned char)line[i]) &&
		     cseq < 100000000;
		     i++)
			cseq = cseq * 10 + (unsigned long)(line[i] - '0');
		a->cseq = (unsigned)cseq;
	} else if (name == 16 &&
	           strncasecmp(line, "WWW-Authenticate", 16) == 0 &&
	           a->auth == HTTP_AUTH_NONE) {
		a->auth = scheme_is(line + skip, n - skip, "Basic")
		              ? HTTP_AUTH_BASIC
		          : scheme_is(line + skip, n - skip, "Digest")
		              ? HTTP_AUTH_DIGEST
		              : HTTP_AUTH_OTHER;
	}
}

enum rtsp_read
rtsp_probe_answer(const char *in, size_t len, struct rtsp_answer *a)
{
	memset(a, 0, sizeof(*a));
	if (len > RTSP_HEAD_MAX)
		len = RTSP_HEAD_MAX;
	if (len < 12)
		return len >= 1 && memcmp(in, "RTSP/", len < 5 ? len : 5) != 0
		           ? RTSP_NOT_RTSP
		           : RTSP_MORE;
	a->status = status_line(in, len);
	if (a->status < 100 || a->status > 599) {
		a->status = 0;
		return RTSP_NOT_RTSP;
	}
	if (http_head_lines(in, len, header, a))
		return RTSP_DONE;
	return len == RTSP_HEAD_MAX ? RTSP_DONE : RTSP_MORE;
}
