/*
 * RTSP (RFC 2326, 7826): does a camera's stream server answer without a
 * login? The scanner sends one DESCRIBE of the server's root URL, with a
 * CSeq and no credentials, and reads the head of the answer: the status
 * (200 hands out the stream's description: anyone can watch; 401 wants
 * a login), the Server header (a version), and the first challenge's
 * scheme. A server that has no stream at the root (404) gets a DESCRIBE
 * of each of the stream paths cameras are known to serve. It never
 * SETUPs or PLAYs. Pure: text in, facts out.
 */
#ifndef AIRLOCK_PROBE_RTSP_H
#define AIRLOCK_PROBE_RTSP_H

#include <stddef.h>
#include <stdint.h>

#define RTSP_HEAD_MAX 4096   /* the most of an answer's head read */
#define RTSP_REQUEST_MAX 512 /* the DESCRIBE */

struct rtsp_answer {
	int status;      /* 100 to 599 */
	char server[96]; /* Server, printable; "" for none */
	unsigned cseq;   /* the CSeq echoed; 0 for none */
	int auth;        /* enum http_auth of WWW-Authenticate */
};

enum rtsp_read {
	RTSP_MORE,     /* the head goes on: read more */
	RTSP_NOT_RTSP, /* not an RTSP answer */
	RTSP_DONE,     /* the head is read (or RTSP_HEAD_MAX of it) */
};

/* "DESCRIBE rtsp://host:port/path RTSP/1.0" with CSeq 1, into out
 * (RTSP_REQUEST_MAX); its length, 0 if host or path is too long. host is
 * as a URL writes it ("[fd64::7]" for IPv6); path starts with '/'. */
size_t rtsp_probe_request(
    char *out, const char *host, uint16_t port, const char *path);

/* The stream paths tried after a 404 at the root: the i-th, i below
 * RTSP_STREAM_PATHS. */
#define RTSP_STREAM_PATHS 10
const char *rtsp_stream_path(size_t i);

/* Read the first len bytes of an answer. */
enum rtsp_read rtsp_probe_answer(
    const char *in, size_t len, struct rtsp_answer *a);

#endif
