/*
 * How outcomes map onto exit codes (sysexits.h); docs/cli.md repeats this.
 *
 *   2xx                          EX_OK          0
 *   400 404 409 422, other 4xx   EX_DATAERR     65  the server refused what
 *                                                   we sent (413, 415 too)
 *   401 403                      EX_NOPERM      77
 *   429 503                      EX_TEMPFAIL    75  worth retrying later
 *   405, 1xx, 3xx                EX_PROTOCOL    76  not an answer this
 *                                                   client knows; redirects
 *                                                   are never followed, as
 *                                                   they would carry the
 *                                                   token elsewhere
 *   other 5xx                    EX_SOFTWARE    70
 *   an answer that is not JSON,
 *   or larger than 64 MiB        EX_PROTOCOL    76
 *   cannot connect, reset,
 *   timed out, TLS failure       EX_UNAVAILABLE 69
 *   the upload cannot be read    EX_IOERR       74
 *   --url that curl refuses      EX_USAGE       64
 *   out of memory                EX_OSERR       71
 */
#include "cli/client.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include <curl/curl.h>

#include "cli/cli.h"
#include "cli/progress.h"
#include "common/obuf.h"

#define CLIENT_CONNECT_TIMEOUT 10L /* seconds */
/* A request that is not an upload gives up when nothing arrives for this
 * long. Uploads wait without limit: a large import commits silently. */
#define CLIENT_STALL_TIMEOUT 120L
#define CLIENT_URL_MAX (64 * 1024)
#define CLIENT_ACCEPT "Accept: application/json, application/problem+json"

struct client {
	CURL *curl;
	char *base;
	char *auth; /* "Authorization: Bearer ..."; wiped before free */
	char *cacert;
	char errbuf[CURL_ERROR_SIZE];
};

/* The state of one request. */
struct client_xfer {
	struct obuf answer;
	FILE *upload;
	int read_errno;
	struct progress progress;
};

static char *
client_strdup(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

struct client *
client_new(const char *base, const char *token, const char *cacert)
{
	struct client *c;

	c = calloc(1, sizeof(*c));
	if (c == NULL || curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		free(c);
		return NULL;
	}
	c->curl = curl_easy_init();
	c->base = strdup(base);
	c->cacert = client_strdup(cacert);
	if (token != NULL &&
	    asprintf(&c->auth, "Authorization: Bearer %s", token) < 0)
		c->auth = NULL;
	if (c->curl == NULL || c->base == NULL ||
	    (cacert != NULL && c->cacert == NULL) ||
	    (token != NULL && c->auth == NULL)) {
		client_free(c);
		return NULL;
	}
	return c;
}

void
client_free(struct client *c)
{
	if (c == NULL)
		return;
	if (c->curl != NULL)
		curl_easy_cleanup(c->curl);
	if (c->auth != NULL)
		explicit_bzero(c->auth, strlen(c->auth));
	free(c->auth);
	free(c->base);
	free(c->cacert);
	free(c);
	curl_global_cleanup();
}

static size_t
client_write(char *data, size_t size, size_t n, void *arg)
{
	struct client_xfer *x = arg;

	obuf_put(&x->answer, data, size * n);
	return obuf_failed(&x->answer) ? 0 : size * n;
}

static size_t
client_read(char *buf, size_t size, size_t n, void *arg)
{
	struct client_xfer *x = arg;
	size_t got;

	got = fread(buf, 1, size * n, x->upload);
	if (got < size * n && ferror(x->upload)) {
		x->read_errno = errno;
		return CURL_READFUNC_ABORT;
	}
	return got;
}

static int
client_xferinfo(void *arg, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow)
{
	struct client_xfer *x = arg;

	(void)dltotal;
	(void)dlnow;
	if (ultotal > 0 && ulnow >= 0)
		progress_update(
		    &x->progress, (uint64_t)ulnow, (uint64_t)ultotal);
	return 0;
}

/* Append line to h; on failure free all of h. */
static struct curl_slist *
client_header(struct curl_slist *h, const char *line)
{
	struct curl_slist *t;

	if (h == NULL)
		return NULL;
	t = curl_slist_append(h, line);
	if (t == NULL)
		curl_slist_free_all(h);
	return t;
}

/* Headers for one request; the caller frees the list. NULL on ENOMEM. */
static struct curl_slist *
client_headers(const struct client *c, const struct client_req *req)
{
	struct curl_slist *h;
	char ctype[128];

	h = curl_slist_append(NULL, CLIENT_ACCEPT);
	if (c->auth != NULL)
		h = client_header(h, c->auth);
	if (req->content_type != NULL) {
		snprintf(ctype, sizeof(ctype), "Content-Type: %s",
		    req->content_type);
		h = client_header(h, ctype);
	}
	return h;
}

/* What every request sets: the handle is reset between requests, which
 * keeps its connections but forgets the last request's options. */
static void
client_common(struct client *c, struct client_xfer *x, const char *url,
    struct curl_slist *headers)
{
	CURL *h = c->curl;

	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "airlock/" AIRLOCK_VERSION);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, c->errbuf);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, CLIENT_CONNECT_TIMEOUT);
	curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(
	    h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	if (c->cacert != NULL)
		curl_easy_setopt(h, CURLOPT_CAINFO, c->cacert);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, client_write);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
	c->errbuf[0] = '\0';
}

static void
client_upload(
    struct client *c, struct client_xfer *x, const struct client_req *req)
{
	CURL *h = c->curl;

	x->upload = req->upload;
	progress_init(&x->progress, "uploading", "validating and committing");
	curl_easy_setopt(h, CURLOPT_POST, 1L);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, client_read);
	curl_easy_setopt(h, CURLOPT_READDATA, x);
	curl_easy_setopt(
	    h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->upload_size);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, client_xferinfo);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, x);
}

/* The method and the body. A POST without a body still sends an empty
 * one, so that curl does not wait for input that never comes. */
static void
client_method(
    struct client *c, struct client_xfer *x, const struct client_req *req)
{
	CURL *h = c->curl;

	if (req->upload != NULL) {
		client_upload(c, x, req);
		return;
	}
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, CLIENT_STALL_TIMEOUT);
	if (strcmp(req->method, "GET") == 0) {
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
		return;
	}
	if (strcmp(req->method, "POST") != 0)
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req->method);
	if (req->body != NULL || strcmp(req->method, "POST") == 0) {
		curl_easy_setopt(
		    h, CURLOPT_POSTFIELDS, req->body != NULL ? req->body : "");
		curl_easy_setopt(
		    h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
	}
}

static int
client_curl_error(
    const struct client *c, CURLcode rc, const struct client_xfer *x)
{
	const char *why =
	    c->errbuf[0] != '\0' ? c->errbuf : curl_easy_strerror(rc);

	if (x->read_errno != 0) {
		errno = x->read_errno;
		cli_warn("reading the file to upload");
		return EX_IOERR;
	}
	switch (rc) {
	case CURLE_WRITE_ERROR:
		cli_warnx("the answer is larger than %d MiB",
		    CLIENT_ANSWER_MAX / (1024 * 1024));
		return EX_PROTOCOL;
	case CURLE_READ_ERROR:
		cli_warnx("reading the file to upload: %s", why);
		return EX_IOERR;
	case CURLE_URL_MALFORMAT:
	case CURLE_UNSUPPORTED_PROTOCOL:
		cli_warnx("bad server address: %s", why);
		return EX_USAGE;
	case CURLE_OUT_OF_MEMORY:
		cli_warnx("out of memory");
		return EX_OSERR;
	default:
		cli_warnx("cannot reach the server: %s", why);
		return EX_UNAVAILABLE;
	}
}

static int
client_status_exit(long status)
{
	if (status == 401 || status == 403)
		return EX_NOPERM;
	if (status == 429 || status == 503)
		return EX_TEMPFAIL;
	if (status == 405 || status < 200 || (status >= 300 && status < 400))
		return EX_PROTOCOL;
	if (status >= 400 && status < 500)
		return EX_DATAERR;
	return EX_SOFTWARE;
}

/* One entry of a problem's "errors": "  line 4: iccid: message", unless it
 * only repeats the detail already printed, as a lone field error does. */
static void
client_problem_entry(const json_t *e, const char *detail)
{
	const char *field = json_string_value(json_object_get(e, "field"));
	const char *msg = json_string_value(json_object_get(e, "message"));
	const char *path = json_string_value(json_object_get(e, "path"));
	json_t *line = json_object_get(e, "line");
	json_t *item = json_object_get(e, "item");
	char where[48] = "", buf[1024];

	if (json_is_integer(line))
		snprintf(where, sizeof(where),
		    "line %" JSON_INTEGER_FORMAT ": ",
		    json_integer_value(line));
	else if (json_is_integer(item))
		snprintf(where, sizeof(where),
		    "item %" JSON_INTEGER_FORMAT ": ",
		    json_integer_value(item));
	if (field == NULL)
		field = path; /* a JSON path, in a MUD document say */
	snprintf(buf, sizeof(buf), "  %s%s%s%s", where,
	    field != NULL ? field : "", field != NULL ? ": " : "",
	    msg != NULL ? msg : "invalid");
	if (detail != NULL && strcmp(buf + 2, detail) == 0)
		return;
	cli_clean(buf);
	fprintf(stderr, "%s\n", buf);
}

/* Every entry of "errors", and how many the server left out. */
static void
client_problem_entries(const json_t *problem, const char *detail)
{
	json_t *errors = json_object_get(problem, "errors"), *e;
	json_int_t total, shown;
	size_t i;

	json_array_foreach(errors, i, e) {
		client_problem_entry(e, detail);
	}
	total = json_integer_value(json_object_get(problem, "error_count"));
	shown = (json_int_t)json_array_size(errors);
	if (total > shown)
		fprintf(stderr, "  … and %" JSON_INTEGER_FORMAT " more\n",
		    total - shown);
}

/* Report an error answer: RFC 9457 problem+json when the server sent one,
 * the bare status otherwise (a proxy's HTML page, say). */
static int
client_problem(const struct client *c, long status, const struct obuf *ans)
{
	json_t *p = NULL;
	const char *detail = NULL;

	if (ans->len > 0)
		p = json_loadb(ans->data, ans->len, 0, NULL);
	detail = json_string_value(json_object_get(p, "detail"));
	if (detail == NULL)
		detail = json_string_value(json_object_get(p, "title"));
	if (detail != NULL)
		cli_warnx("%s", detail);
	else
		cli_warnx("the server answered HTTP %ld", status);
	client_problem_entries(p, detail);
	if (status == 401 && c->auth == NULL)
		cli_warnx("no token: set AIRLOCK_TOKEN_FILE or AIRLOCK_TOKEN");
	json_decref(p);
	return client_status_exit(status);
}

static int
client_answer(const struct client_xfer *x, json_t **out)
{
	json_error_t err;

	if (x->answer.len == 0)
		return EX_OK;
	*out = json_loadb(x->answer.data, x->answer.len, 0, &err);
	if (*out == NULL) {
		cli_warnx("the answer is not JSON: %s", err.text);
		return EX_PROTOCOL;
	}
	return EX_OK;
}

/* An error answer that the caller asked to see: parsed into *out; printed
 * here only when it is a problem (it has a "type"). */
static int
client_kept_error(const struct client *c, long status,
    const struct client_xfer *x, json_t **out)
{
	*out = NULL;
	if (x->answer.len > 0)
		*out = json_loadb(x->answer.data, x->answer.len, 0, NULL);
	if (!json_is_object(*out) || json_object_get(*out, "type") != NULL)
		return client_problem(c, status, &x->answer);
	return client_status_exit(status);
}

static int
client_perform(struct client *c, struct client_xfer *x, int keep_error,
    long *status, json_t **out)
{
	CURLcode rc;

	rc = curl_easy_perform(c->curl);
	progress_done(&x->progress);
	if (rc != CURLE_OK)
		return client_curl_error(c, rc, x);
	curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, status);
	if (*status >= 200 && *status < 300)
		return client_answer(x, out);
	if (keep_error)
		return client_kept_error(c, *status, x, out);
	return client_problem(c, *status, &x->answer);
}

int
client_do(
    struct client *c, const struct client_req *req, long *status, json_t **out)
{
	struct client_xfer x;
	struct curl_slist *headers = NULL;
	struct obuf url;
	long code = 0;
	int ret = EX_OSERR;

	*out = NULL;
	memset(&x, 0, sizeof(x));
	obuf_init(&x.answer, CLIENT_ANSWER_MAX);
	obuf_init(&url, CLIENT_URL_MAX);
	obuf_printf(&url, "%s%s%s%s", c->base, req->path,
	    req->query != NULL && req->query[0] != '\0' ? "?" : "",
	    req->query != NULL ? req->query : "");
	headers = client_headers(c, req);
	if (headers == NULL || obuf_failed(&url)) {
		cli_warnx("out of memory");
		goto out;
	}
	client_common(c, &x, url.data, headers);
	client_method(c, &x, req);
	ret = client_perform(c, &x, req->keep_error, &code, out);
	if (status != NULL)
		*status = code;
out:
	curl_slist_free_all(headers);
	obuf_reset(&url);
	obuf_reset(&x.answer);
	return ret;
}

int
client_get(struct client *c, const char *path, const char *query, json_t **out)
{
	struct client_req req = {.method = "GET", .path = path, .query = query};

	return client_do(c, &req, NULL, out);
}

int
client_json(struct client *c, const char *method, const char *path,
    const json_t *body, long *status, json_t **out)
{
	struct client_req req = {.method = method, .path = path};
	char *text = NULL;
	int ret;

	if (body != NULL) {
		text = json_dumps(body, JSON_COMPACT);
		if (text == NULL) {
			*out = NULL;
			cli_warnx("out of memory");
			return EX_OSERR;
		}
		req.body = text;
		req.body_len = strlen(text);
		req.content_type = "application/json";
	}
	ret = client_do(c, &req, status, out);
	free(text);
	return ret;
}
