/*
 * The api role: the REST API on libmicrohttpd, with a pool of threads that
 * each hold their own store connection. Handlers are plain functions of a
 * request; they read the store, write a JSON body through a per-thread
 * buffer, and tell the parent what changed.
 */
#ifndef AIRLOCK_API_H
#define AIRLOCK_API_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>
#include <microhttpd.h>

#include "common/jsonw.h"
#include "daemon/chan.h"
#include "daemon/config.h"
#include "daemon/proc.h"
#include "registry/sim.h"
#include "registry/token.h"
#include "store/store.h"

#define API_PREFIX "/api/v1"
#define API_OUT_MAX (64u << 20)
#define API_OUT_KEEP (4u << 20) /* a thread keeps at most this much */
#define API_PAGE_DEFAULT 100
#define API_PAGE_MAX 1000
/* Per-connection memory of libmicrohttpd: headers and read buffer. MHD
 * clears it for every request, so it is kept to what requests need. */
#define API_CONN_MEMORY (16 * 1024)
/* Connections: in all (lowered to fit the descriptor limit), per client
 * address, and how long one may sit idle. A slow client holds a slot only
 * that long without sending, and only 256 from one address. */
#define API_CONN_MAX 4096
#define API_CONN_PER_IP 256
#define API_IDLE_TIMEOUT 15
/* A JSON array is parsed whole; larger imports go as CSV or NDJSON. */
#define API_JSON_IMPORT_MAX (16u << 20)

/* What a reload may change while the role runs. */
struct api_settings {
	uint64_t body_limit;
	uint64_t import_limit;
	size_t n_networks;
	struct cidr networks[IPC_MAX_NETWORKS];
};

struct answer_wait;

struct api {
	const struct config *cfg;
	struct chan ch;
	pthread_mutex_t lock; /* guards settings */
	struct api_settings settings;
	struct MHD_Daemon *mhd;
	time_t started;
	atomic_int importing; /* one import at a time */
	const struct radius_stats *radius_stats; /* read-only mapping */
	struct answer_wait *dw; /* POST /sims/{iccid}/disconnect */
	unsigned disconnect_ms;     /* how long one may wait for radius */
};

enum body_kind { BODY_NONE, BODY_JSON, BODY_IMPORT };

struct api_req;
typedef void (*route_fn)(struct api_req *rq);

struct route {
	const char *method;
	const char *pattern; /* "{}" matches one path segment */
	enum role role;	     /* ROLE_NONE: no token needed */
	enum body_kind body;
	route_fn fn;
};

/* One request and its answer. The body and the answer buffer live only
 * for the call of the handler. */
struct api_req {
	struct api *api;
	struct MHD_Connection *conn;
	const char *method;
	const char *path;
	const struct route *route;
	char params[2][128];
	const char *body;
	size_t body_len;
	struct store *st;
	enum role role;
	char actor[64];
	/* the answer */
	unsigned status;
	const char *ctype;
	struct obuf *out;
	char location[192];
	char allow[64]; /* for 405 */
	int challenge; /* send WWW-Authenticate */
	unsigned retry_after; /* seconds, for a 503; 0: no header */
};

/* role main, run by proc_spawn() */
int api_main(int fd, const struct role_env *env, const struct config *cfg);

/* router.c */
extern const struct route api_routes[];
extern const size_t api_nroutes;
/* Find the route for method and path. NULL with *path_known set when the
 * path exists for other methods (405), with allow listing them. */
const struct route *router_match(const char *method, const char *path,
    char params[2][128], int *path_known, char *allow, size_t allowsz);

/* http.c */
int http_start(struct api *api, int listen_fd, const char *tls_cert,
    const char *tls_key);
void http_stop(struct api *api);
struct store *api_thread_store(struct api *api);
void api_settings_get(struct api *api, struct api_settings *out);

/* reply.c: answers */
void api_json_begin(struct api_req *rq, unsigned status, struct jsonw *w);
void api_no_content(struct api_req *rq);
/* A listing being written: the page's size, the rows the store handed
 * over (one past the page says another follows) and the last id written,
 * for the cursor. A row callback stops at the one past the page. */
struct api_page {
	struct jsonw *w;
	unsigned limit, n;
	int64_t last;
};

/* A list answer: {"items": [ ... ], "next_cursor": "..." | null}. The
 * cursor is always a string, so clients treat it as opaque. */
void api_page_open(struct api_req *rq, struct jsonw *w);
void api_page_close(struct jsonw *w, const char *next);
void api_page_close_id(struct jsonw *w, int more, int64_t last);
void api_problem(struct api_req *rq, unsigned status, const char *slug,
    const char *title, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Start a problem body with the standard members and leave the object
 * open for extensions; the caller closes it. */
void api_problem_open(struct api_req *rq, struct jsonw *w, unsigned status,
    const char *slug, const char *title, const char *detail);
void api_problem_fields(struct api_req *rq, unsigned status,
    const char *slug, const char *title, const struct field_errors *errs);
/* Map a STORE_E* code (and its detail) to the answer. */
void api_store_error(struct api_req *rq, int rc,
    const struct store_error *err);
/* Parse the JSON body as an object; on failure answer 400 and NULL. */
json_t *api_body_object(struct api_req *rq);

/* request.c: query parameters and the common request chores */
const char *api_query(struct api_req *rq, const char *name);
/* limit=1..API_PAGE_MAX; answers 400 and returns -1 when malformed. */
int api_query_limit(struct api_req *rq, unsigned *out);
/* An integer query parameter (cursor ids); 0 when absent. */
int api_query_int64(struct api_req *rq, const char *name, int64_t *out);
/* Copy a query parameter into dst (left as is when absent); 400 and -1
 * when it does not fit. */
int api_query_copy(struct api_req *rq, const char *name, char *dst,
    size_t dstsz);
/* The numeric id in the path; 400 and -1 when it is not one. */
int api_path_id(struct api_req *rq, int64_t *id);
/* The ICCID in the path, checked so that a typo gets a precise 400 (with
 * the field) rather than a puzzling 404; -1 after answering. */
int api_path_iccid(struct api_req *rq);
/* The address of the SIM (the ICCID in the path) or the LAN device (the
 * id in the path) the route names, "" when it has none; -1 after
 * answering (a bad key, no such SIM or device, a store error). */
int api_path_sim_address(struct api_req *rq, char addr[ADDR_STRLEN]);
int api_path_device_address(struct api_req *rq, char addr[ADDR_STRLEN]);
/* The required "reason" of an administrative action, from the body's
 * object: 1 to API_REASON_MAX bytes, copied into out. 400 and -1 when it
 * is missing or not one. */
#define API_REASON_MAX 512
int api_body_reason(struct api_req *rq, const json_t *body, char *out,
    size_t outsz);
/* Write an audit entry inside the caller's transaction. */
int api_audit(struct api_req *rq, const char *action, const char *object,
    const char *reason, const char *details);
/* The end of a write begun with store_begin(): when rc is 0, add the
 * audit entry and commit; on any failure, roll back and answer the error.
 * Returns the final code. */
int api_commit_audited(struct api_req *rq, int rc, const char *action,
    const char *object, const char *reason, const char *details,
    const struct store_error *err);
void api_notify_sim(struct api_req *rq, enum sim_change what,
    const char *iccid);
void api_notify_device(struct api_req *rq, int64_t id);
void api_send_event(struct api *api, const struct msg_event *m);

/* auth.c */
/* Authenticate the request for its route; answers 401/403 itself and
 * returns -1 when it may not proceed. */
int auth_check(struct api_req *rq);
/* Forget every cached token verification (after a revocation). */
void auth_tokens_changed(void);

/* profile_radius.c: the "radius" member of a profile */
void profile_radius_defaults(struct profile_radius *r);
/* Read v, the "radius" member, into r: every member it lacks, or has as
 * null, takes its default. Errors name "radius.<member>"; returns their
 * count. */
size_t profile_radius_parse(const json_t *v, struct profile_radius *r,
    struct field_errors *errs);
void profile_radius_write(struct jsonw *w, const struct profile_radius *r);

/* metrics.c */
void metrics_observe(size_t route, unsigned status, double seconds);
void metrics_count_import(int ok, unsigned long rows);
void metrics_count_auth_failure(void);
void metrics_render(struct api_req *rq);
/* metrics_radius.c */
void metrics_render_radius(struct obuf *o, const struct radius_stats *s);

/* route handlers */
void route_healthz(struct api_req *rq);
void route_metrics(struct api_req *rq);
void route_whoami(struct api_req *rq);
void route_sim_list(struct api_req *rq);
void route_sim_create(struct api_req *rq);
void route_sim_get(struct api_req *rq);
void route_sim_patch(struct api_req *rq);
void route_sim_delete(struct api_req *rq);
void route_sim_state(struct api_req *rq);
void route_sim_import(struct api_req *rq);
void route_device_list(struct api_req *rq);
void route_device_create(struct api_req *rq);
void route_device_get(struct api_req *rq);
void route_device_patch(struct api_req *rq);
void route_device_delete(struct api_req *rq);
void route_device_quarantine(struct api_req *rq);
void route_device_release(struct api_req *rq);
void route_policy_show(struct api_req *rq);
void route_sim_exposure(struct api_req *rq);
void route_device_exposure(struct api_req *rq);
void route_policy_diff(struct api_req *rq);
void route_policy_apply(struct api_req *rq);
void route_profile_list(struct api_req *rq);
void route_profile_get(struct api_req *rq);
void route_profile_put(struct api_req *rq);
void route_profile_delete(struct api_req *rq);
void route_session_list(struct api_req *rq);
void route_sim_usage(struct api_req *rq);
void route_sim_binding(struct api_req *rq);
void route_sim_binding_reset(struct api_req *rq);
void route_sim_binding_relearn(struct api_req *rq);
void route_sim_disconnect(struct api_req *rq);
void route_event_list(struct api_req *rq);
void route_event_get(struct api_req *rq);
void route_event_ack(struct api_req *rq);
void route_audit_list(struct api_req *rq);
void route_scan_list(struct api_req *rq);
void route_scan_create(struct api_req *rq);
void route_scan_get(struct api_req *rq);
void route_scan_cancel(struct api_req *rq);
void route_finding_list(struct api_req *rq);
void route_finding_summary(struct api_req *rq);
void route_sim_findings(struct api_req *rq);
void route_device_findings(struct api_req *rq);
void route_token_list(struct api_req *rq);
void route_token_create(struct api_req *rq);
void route_token_revoke(struct api_req *rq);

#endif
