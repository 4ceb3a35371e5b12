/*
 * libmicrohttpd glue. A request with a body is routed and authenticated as
 * soon as its headers are in, before any of the body is read, so that an
 * unauthenticated or oversized upload is refused without buffering it.
 * Requests without a body are answered on MHD's second call with no
 * allocation of our own; every reply is written into a per-thread buffer
 * that MHD copies (see docs/internals/http.md).
 */
#include <errno.h>
#include <stdatomic.h>
#include <sys/resource.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "api/api.h"
#include "common/log.h"
#include "registry/import.h"

/* State kept across the calls of one request that has a body. */
struct upload {
	const struct route *route;
	char params[2][128];
	enum role role;
	char actor[64];
	struct obuf body;
	int too_large;
	struct timespec t0;
};

static pthread_key_t store_key;
static pthread_once_t store_once = PTHREAD_ONCE_INIT;

static void
store_key_free(void *st)
{
	store_free(st);
}

static void
store_key_init(void)
{
	pthread_key_create(&store_key, store_key_free);
}

/*
 * Each pool thread opens its own store connection on first use and keeps
 * it for its life: SQLite connections are not shared across threads, and
 * opening per request would cost more than the request.
 */
struct store *
api_thread_store(struct api *api)
{
	struct store *st;
	char err[256];

	pthread_once(&store_once, store_key_init);
	st = pthread_getspecific(store_key);
	if (st != NULL)
		return st;
	st = store_open(api->cfg->store, err, sizeof(err));
	if (st == NULL) {
		log_warnx("cannot open store %s: %s", api->cfg->store, err);
		return NULL;
	}
	pthread_setspecific(store_key, st);
	return st;
}

void
api_settings_get(struct api *api, struct api_settings *out)
{
	pthread_mutex_lock(&api->lock);
	*out = api->settings;
	pthread_mutex_unlock(&api->lock);
}

static struct obuf *
thread_out(void)
{
	static _Thread_local struct obuf out;
	static _Thread_local int ready;

	if (!ready) {
		obuf_init(&out, API_OUT_MAX);
		ready = 1;
	}
	obuf_clear(&out);
	return &out;
}

static double
elapsed(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static enum MHD_Result
send_reply(struct api_req *rq, const struct timespec *t0)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	if (obuf_failed(rq->out)) {
		obuf_clear(rq->out);
		api_problem(rq, 500, "internal", "Internal error",
		    "the answer is larger than the server can build");
	}
	resp = MHD_create_response_from_buffer(rq->out->len, rq->out->data,
	    MHD_RESPMEM_MUST_COPY);
	if (resp == NULL)
		return MHD_NO;
	if (rq->ctype != NULL)
		MHD_add_response_header(resp, "Content-Type", rq->ctype);
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	if (rq->location[0] != '\0')
		MHD_add_response_header(resp, "Location", rq->location);
	if (rq->status == 405 && rq->allow[0] != '\0')
		MHD_add_response_header(resp, "Allow", rq->allow);
	if (rq->challenge)
		MHD_add_response_header(resp, "WWW-Authenticate",
		    "Bearer realm=\"airlock\"");
	if (rq->retry_after != 0) {
		char secs[16];

		snprintf(secs, sizeof(secs), "%u", rq->retry_after);
		MHD_add_response_header(resp, "Retry-After", secs);
	}
	ret = MHD_queue_response(rq->conn, rq->status, resp);
	MHD_destroy_response(resp);
	if (rq->out->cap > API_OUT_KEEP)
		obuf_reset(rq->out); /* a rare large answer: give it back */
	metrics_observe(rq->route != NULL ? (size_t)(rq->route - api_routes)
					  : api_nroutes,
	    rq->status, elapsed(t0));
	return ret;
}

/* Route and authenticate; on failure the answer is already in rq. */
static int
prepare(struct api_req *rq, const char *method, const char *url)
{
	const char *as = method;
	int known;

	/* HEAD is GET without the body, which MHD leaves out itself. */
	if (strcmp(method, MHD_HTTP_METHOD_HEAD) == 0)
		as = MHD_HTTP_METHOD_GET;
	rq->route = router_match(as, url, rq->params, &known, rq->allow,
	    sizeof(rq->allow));
	if (rq->route == NULL && known) {
		api_problem(rq, 405, "method-not-allowed", "Method not allowed",
		    "%s is not allowed on %s", method, url);
		return -1;
	}
	if (rq->route == NULL) {
		api_problem(rq, 404, "not-found", "Not found",
		    "no resource at %s", url);
		return -1;
	}
	rq->st = api_thread_store(rq->api);
	if (rq->st == NULL) {
		api_problem(rq, 503, "store-unavailable", "Store unavailable",
		    "the store cannot be opened");
		return -1;
	}
	return auth_check(rq);
}

static void
req_init(struct api_req *rq, struct api *api, struct MHD_Connection *conn,
    const char *method, const char *url)
{
	memset(rq, 0, sizeof(*rq));
	rq->api = api;
	rq->conn = conn;
	rq->method = method;
	rq->path = url;
	rq->out = thread_out();
	rq->status = 500;
}

/* application/json, or any type with a +json suffix, parameters ignored. */
static int
json_content_type(struct MHD_Connection *conn)
{
	const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_TYPE);
	size_t n;

	if (ct == NULL)
		return 0;
	n = strcspn(ct, "; \t");
	return (n == 16 && strncasecmp(ct, "application/json", 16) == 0) ||
	    (n > 5 && strncasecmp(ct + n - 5, "+json", 5) == 0);
}

/* A declared Content-Length over the limit is refused before reading. */
static int
declared_too_large(struct MHD_Connection *conn, uint64_t limit)
{
	const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_LENGTH);

	return cl != NULL && strtoull(cl, NULL, 10) > limit;
}

/* The cap on a route's body. A JSON array import is parsed whole, at some
 * forty times its size in memory, so it gets a cap of its own; CSV and
 * NDJSON are read row by row and take the import limit. */
static uint64_t
body_limit(struct api *api, struct MHD_Connection *conn,
    const struct route *route)
{
	struct api_settings s;
	enum import_format fmt;

	api_settings_get(api, &s);
	if (route->body != BODY_IMPORT)
		return s.body_limit;
	if (import_format_parse(MHD_lookup_connection_value(conn,
		MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE), &fmt) == 0 &&
	    fmt == IMPORT_JSON && s.import_limit > API_JSON_IMPORT_MAX)
		return API_JSON_IMPORT_MAX;
	return s.import_limit;
}

static void
too_large(struct api_req *rq, uint64_t limit)
{
	api_problem(rq, 413, "body-too-large", "Request body too large",
	    "the body is over the limit of %llu bytes for %s",
	    (unsigned long long)limit, rq->path);
}

/*
 * Requests without a body are answered on MHD's second call: an answer
 * queued on the first one makes MHD close the connection, which would cost
 * every keep-alive client a TCP handshake per request. The marker below
 * needs no allocation.
 */
static char no_body_marker;

/* Route, authenticate and run a request that has no body. */
static enum MHD_Result
answer_now(struct api *api, struct MHD_Connection *conn, const char *url,
    const char *method)
{
	struct api_req rq;
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	req_init(&rq, api, conn, method, url);
	if (prepare(&rq, method, url) == 0)
		rq.route->fn(&rq);
	return send_reply(&rq, &t0);
}

/* First call for a request: refuse it at once (an upload that may not
 * proceed), or set up the upload, or wait for the second call. */
static enum MHD_Result
on_headers(struct api *api, struct MHD_Connection *conn, const char *url,
    const char *method, void **con_cls)
{
	struct api_req rq;
	struct upload *up;
	struct timespec t0;
	uint64_t limit;
	char params[2][128];
	char allow[64];
	const struct route *route;
	int known;

	route = router_match(strcmp(method, MHD_HTTP_METHOD_HEAD) == 0
		? MHD_HTTP_METHOD_GET : method, url, params, &known, allow,
	    sizeof(allow));
	if (route == NULL || route->body == BODY_NONE) {
		*con_cls = &no_body_marker;
		return MHD_YES;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	req_init(&rq, api, conn, method, url);
	if (prepare(&rq, method, url) < 0)
		return send_reply(&rq, &t0);
	limit = body_limit(api, conn, rq.route);
	if (declared_too_large(conn, limit)) {
		too_large(&rq, limit);
		return send_reply(&rq, &t0);
	}
	/* One import at a time: a second would only wait for the write lock
	 * after its body had been buffered. */
	if (rq.route->body == BODY_IMPORT &&
	    atomic_exchange(&api->importing, 1) != 0) {
		api_problem(&rq, 503, "import-running", "Import running",
		    "another import is running; retry when it is done");
		return send_reply(&rq, &t0);
	}
	up = calloc(1, sizeof(*up));
	if (up == NULL) {
		if (rq.route->body == BODY_IMPORT)
			atomic_store(&api->importing, 0);
		return MHD_NO;
	}
	up->route = rq.route;
	memcpy(up->params, rq.params, sizeof(up->params));
	up->role = rq.role;
	memcpy(up->actor, rq.actor, sizeof(up->actor));
	obuf_init(&up->body, limit);
	up->t0 = t0;
	*con_cls = up;
	return MHD_YES;
}

/* The last call of a request with a body: the body is complete. */
static enum MHD_Result
on_body_done(struct api *api, struct MHD_Connection *conn, const char *url,
    const char *method, struct upload *up)
{
	struct api_req rq;

	req_init(&rq, api, conn, method, url);
	rq.route = up->route;
	memcpy(rq.params, up->params, sizeof(rq.params));
	rq.role = up->role;
	memcpy(rq.actor, up->actor, sizeof(rq.actor));
	/* A connection stays on one pool thread, so this is the store the
	 * request was authenticated with. */
	rq.st = api_thread_store(api);
	if (up->too_large) {
		too_large(&rq, up->body.max);
		return send_reply(&rq, &up->t0);
	}
	if (up->route->body == BODY_JSON && up->body.len > 0 &&
	    !json_content_type(conn)) {
		api_problem(&rq, 415, "unsupported-media-type",
		    "Unsupported media type", "the body must be "
		    "application/json");
		return send_reply(&rq, &up->t0);
	}
	rq.body = up->body.data != NULL ? up->body.data : "";
	rq.body_len = up->body.len;
	rq.route->fn(&rq);
	return send_reply(&rq, &up->t0);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct upload *up = *con_cls;

	(void)version;
	if (up == NULL)
		return on_headers(cls, conn, url, method, con_cls);
	if ((void *)up == &no_body_marker) {
		if (*upload_data_size > 0) {
			*upload_data_size = 0; /* a body nobody asked for */
			return MHD_YES;
		}
		return answer_now(cls, conn, url, method);
	}
	if (*upload_data_size > 0) {
		if (!up->too_large) {
			obuf_put(&up->body, upload_data, *upload_data_size);
			up->too_large = obuf_failed(&up->body);
			if (up->too_large)
				obuf_reset(&up->body);
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	return on_body_done(cls, conn, url, method, up);
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct upload *up = *con_cls;

	(void)conn;
	(void)toe;
	if (up == NULL || (void *)up == &no_body_marker)
		return;
	if (up->route->body == BODY_IMPORT)
		atomic_store(&((struct api *)cls)->importing, 0);
	obuf_reset(&up->body);
	free(up);
	*con_cls = NULL;
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void
on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];

	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	msg[strcspn(msg, "\n")] = '\0';
	log_debug("http: %s", msg);
}

/* As many connections as the descriptor limit allows, keeping a margin
 * for the store and the parent's channel, and at most API_CONN_MAX. */
static unsigned
connection_limit(void)
{
	struct rlimit rl;
	rlim_t n = API_CONN_MAX;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < n + 64)
		n = rl.rlim_cur > 128 ? rl.rlim_cur - 64 : 64;
	return (unsigned)n;
}

int
http_start(struct api *api, int listen_fd, const char *tls_cert,
    const char *tls_key)
{
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG |
	    MHD_USE_TURBO;

	if (tls_cert != NULL)
		flags |= MHD_USE_TLS;
	api->mhd = MHD_start_daemon(flags, 0, NULL, NULL, on_request, api,
	    MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, api,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)API_CONN_PER_IP,
	    MHD_OPTION_LISTEN_SOCKET, listen_fd,
	    MHD_OPTION_THREAD_POOL_SIZE, api->cfg->api_threads,
	    MHD_OPTION_CONNECTION_LIMIT, connection_limit(),
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)API_CONN_MEMORY,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)API_IDLE_TIMEOUT,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, api,
	    tls_cert != NULL ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END,
	    tls_cert, MHD_OPTION_HTTPS_MEM_KEY, tls_key, MHD_OPTION_END);
	return api->mhd == NULL ? -1 : 0;
}

void
http_stop(struct api *api)
{
	if (api->mhd != NULL)
		MHD_stop_daemon(api->mhd);
	api->mhd = NULL;
}
