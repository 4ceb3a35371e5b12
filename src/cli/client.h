/*
 * A thin libcurl client for the airlock REST API (docs/api.md): one handle
 * reused for every request of a run, so that paging through a listing keeps
 * its connection. It sends the bearer token, reads the answer into a buffer
 * capped at CLIENT_ANSWER_MAX and parses it with jansson, and turns every
 * failure into a message on stderr and a sysexits code. It never prints
 * the Authorization header or the token.
 */
#ifndef AIRLOCK_CLIENT_H
#define AIRLOCK_CLIENT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#define CLIENT_ANSWER_MAX (64 * 1024 * 1024)

struct client;

struct client_req {
	const char *method; /* "GET", "POST", "PATCH", "PUT", "DELETE" */
	const char *path;   /* escaped, from the leading '/' */
	const char *query;  /* escaped "a=b&c=d", or NULL */
	const char *body;   /* NULL for none */
	size_t body_len;
	const char *content_type; /* of the body or the upload */
	FILE *upload;             /* streamed as the body when not NULL */
	uint64_t upload_size;     /* its size, sent as Content-Length */
	int keep_error;           /* see client_do() */
};

/* base is the server's address, such as "http://127.0.0.1:8740" or
 * "https://gw.example/airlock", without a trailing '/'. token and cacert
 * may be NULL. All three are copied; the copy of the token is wiped when
 * the client is freed. Returns NULL when memory or libcurl fail. */
struct client *client_new(
    const char *base, const char *token, const char *cacert);
void client_free(struct client *c);

/* Perform req. On a 2xx answer returns EX_OK, sets *status (when not NULL)
 * and *out to the parsed answer, NULL when it was empty; the caller
 * json_decref()s it. Otherwise prints the problem on stderr, sets *out to
 * NULL and returns the exit code that fits (see client.c); with
 * req->keep_error, an error answer that is JSON is parsed into *out too,
 * and one that is not a problem (a result with an error status, as a
 * failed disconnect has) is left for the caller to print. An upload shows
 * a progress line when stderr is a terminal. */
int client_do(
    struct client *c, const struct client_req *req, long *status, json_t **out);
/* GET path?query. */
int client_get(
    struct client *c, const char *path, const char *query, json_t **out);
/* method on path with body sent as compact JSON, or no body when NULL. */
int client_json(struct client *c, const char *method, const char *path,
    const json_t *body, long *status, json_t **out);

#endif
