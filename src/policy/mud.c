/*
 * RFC 8520 MUD documents: the ietf-mud:mud container, its two policies and
 * the ietf-access-control-list:acls they name, read into the flat list of
 * ACEs. An ACE's matches are read by mud_match.c.
 *
 * The document is read in four steps: the MUD container's own members;
 * the ACLs, indexed by name; the policies, resolved against the index;
 * then, once the ACEs are counted and allocated, every referenced ACL in
 * each direction. Unreferenced ACLs are only indexed: they do not reach
 * the device, so what they hold does not matter.
 */
#include "policy/mud.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "policy/mud_match.h"

#define MUD_KEY "ietf-mud:mud"
#define ACLS_KEY "ietf-access-control-list:acls"
#define ACL_PREFIX "ietf-access-control-list:"

struct mud_doc {
	struct mud_ctx c;
	char url[MUD_URL_MAX];
	char authority[MUD_URL_MAX];
	char systeminfo[256];
	json_t *acl;     /* the acls' acl[] array, or NULL */
	json_t *index;   /* ACL name → its position in acl[] */
	json_t *refs[2]; /* per direction: positions, in the policy's order */
	json_t *seen[2]; /* per direction: the ACL names referenced */
	struct mud_policy *p;
	unsigned n;
	struct mud_ace scratch; /* when p could not be allocated */
};

/* Messages and paths end up in logs, tables and JSON: keep them to
 * printable ASCII whatever the document held. */
static void
printable(char *s)
{
	for (; *s != '\0'; s++)
		if (*s < 0x20 || *s > 0x7e)
			*s = '?';
}

void
mud_error_add(struct mud_errors *errs, const char *path, const char *fmt, ...)
{
	struct mud_error *e;
	va_list ap;

	errs->total++;
	if (errs->n >= MUD_ERRORS_MAX)
		return;
	e = &errs->e[errs->n++];
	snprintf(e->path, sizeof(e->path), "%s", path);
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	printable(e->path);
	printable(e->msg);
}

void
mud_ace_path(const struct mud_policy *p, unsigned i, char *out, size_t outsz)
{
	if (outsz == 0)
		return;
	out[0] = '\0';
	if (i >= p->naces)
		return;
	snprintf(out, outsz, ACLS_KEY ".acl[%u].aces.ace[%u]",
	    p->aces[i].acl_pos, p->aces[i].ace_pos);
}

void
mud_policy_free(struct mud_policy *p)
{
	free(p);
}

static size_t
ctx_push(struct mud_ctx *c, const char *sep, const char *s)
{
	size_t old = c->plen, room = sizeof(c->path) - old;
	int w = snprintf(c->path + old, room, "%s%s", sep, s);

	c->plen =
	    w < 0 || (size_t)w >= room ? sizeof(c->path) - 1 : old + (size_t)w;
	return old;
}

size_t
mud_ctx_key(struct mud_ctx *c, const char *key)
{
	return ctx_push(c, c->plen == 0 ? "" : ".", key);
}

size_t
mud_ctx_index(struct mud_ctx *c, size_t i)
{
	char b[24];

	snprintf(b, sizeof(b), "[%zu]", i);
	return ctx_push(c, "", b);
}

void
mud_ctx_pop(struct mud_ctx *c, size_t len)
{
	c->plen = len;
	c->path[len] = '\0';
}

static void ctx_verr(struct mud_ctx *c, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void
ctx_verr(struct mud_ctx *c, const char *fmt, va_list ap)
{
	char msg[sizeof(((struct mud_error *)0)->msg)];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	mud_error_add(c->errs, c->path, "%s", msg);
}

void
mud_ctx_err(struct mud_ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->quiet)
		return;
	va_start(ap, fmt);
	ctx_verr(c, fmt, ap);
	va_end(ap);
}

void
mud_ctx_err_dir(struct mud_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ctx_verr(c, fmt, ap);
	va_end(ap);
}

/* A value as a message shows it: scalars as they are, the rest by kind. */
static void
describe(json_t *v, char *buf, size_t bufsz)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		snprintf(buf, bufsz, "an object");
		break;
	case JSON_ARRAY:
		snprintf(buf, bufsz, "an array");
		break;
	case JSON_STRING:
		snprintf(buf, bufsz, "\"%.40s\"", json_string_value(v));
		break;
	case JSON_INTEGER:
		snprintf(
		    buf, bufsz, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		snprintf(buf, bufsz, "the real number %g", json_real_value(v));
		break;
	default:
		snprintf(buf, bufsz, "%s",
		    json_is_null(v)   ? "null"
		    : json_is_true(v) ? "true"
		                      : "false");
	}
}

static const char *
type_name(json_type type)
{
	switch (type) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	default:
		return "a boolean";
	}
}

static int
type_is(json_t *v, json_type type)
{
	if (type == JSON_TRUE || type == JSON_FALSE)
		return json_is_boolean(v);
	return json_typeof(v) == type;
}

json_t *
mud_ctx_get(struct mud_ctx *c, json_t *obj, const char *key, json_type type)
{
	json_t *v = json_object_get(obj, key);
	char seen[64];
	size_t old;

	if (v == NULL || type_is(v, type))
		return v;
	describe(v, seen, sizeof(seen));
	old = mud_ctx_key(c, key);
	mud_ctx_err(c, "is %s: expected %s", seen, type_name(type));
	mud_ctx_pop(c, old);
	return NULL;
}

int
mud_ctx_int(struct mud_ctx *c, json_t *obj, const char *key, json_int_t lo,
    json_int_t hi, json_int_t *out)
{
	json_t *v = json_object_get(obj, key);
	char seen[64];
	size_t old;

	if (v == NULL)
		return 0;
	if (json_is_integer(v) && json_integer_value(v) >= lo &&
	    json_integer_value(v) <= hi) {
		*out = json_integer_value(v);
		return 1;
	}
	describe(v, seen, sizeof(seen));
	old = mud_ctx_key(c, key);
	if (lo == hi)
		mud_ctx_err(
		    c, "is %s: expected %" JSON_INTEGER_FORMAT, seen, lo);
	else
		mud_ctx_err(c,
		    "is %s: expected an integer from %" JSON_INTEGER_FORMAT
		    " to %" JSON_INTEGER_FORMAT,
		    seen, lo, hi);
	mud_ctx_pop(c, old);
	return -1;
}

/* Why string v is not 1..max bytes of text, or NULL. */
static const char *
str_why(json_t *v, size_t max)
{
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);

	if (n == 0)
		return "is empty";
	if (n > max)
		return "is too long";
	if (strlen(s) != n)
		return "holds a NUL byte";
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return "holds a control character";
	return NULL;
}

int
mud_ctx_str(struct mud_ctx *c, json_t *obj, const char *key, size_t max,
    const char **out)
{
	json_t *v = mud_ctx_get(c, obj, key, JSON_STRING);
	const char *why;
	size_t old;

	if (v == NULL)
		return json_object_get(obj, key) == NULL ? 0 : -1;
	why = str_why(v, max);
	if (why == NULL) {
		*out = json_string_value(v);
		return 1;
	}
	old = mud_ctx_key(c, key);
	mud_ctx_err(
	    c, "%s: expected a string of 1 to %zu bytes of text", why, max);
	mud_ctx_pop(c, old);
	return -1;
}

static int
in_list(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

void
mud_ctx_keys(struct mud_ctx *c, json_t *obj, const char *const *known,
    const char *what, const char *expected)
{
	const char *key;
	json_t *v;
	size_t old;

	json_object_foreach (obj, key, v) {
		(void)v;
		if (in_list(known, key))
			continue;
		old = mud_ctx_key(c, key);
		mud_ctx_err(
		    c, "%s \"%.64s\": expected %s", what, key, expected);
		mud_ctx_pop(c, old);
	}
}

/* Why the port after a URL's host is not one, or NULL. */
static const char *
url_port_why(const char *p, const char *end)
{
	unsigned long port = 0;

	if (p == end || end - p > 5)
		return "has a bad port: expected 1 to 65535 after ':'";
	for (; p < end; p++) {
		if (*p < '0' || *p > '9')
			return "has a bad port: expected 1 to 65535 after ':'";
		port = port * 10 + (unsigned long)(*p - '0');
	}
	if (port == 0 || port > 65535)
		return "has a bad port: expected 1 to 65535 after ':'";
	return NULL;
}

const char *
mud_url_check(const char *url, char *auth, size_t authsz)
{
	const char *h, *end, *at, *colon;

	if (strncasecmp(url, "https://", 8) != 0)
		return "is not an https:// URL";
	for (const char *p = url; *p != '\0'; p++)
		if (*p <= ' ' || *p > '~')
			return "holds a space, a control character or a "
			       "non-ASCII byte: expected an encoded URL";
	h = url + 8;
	end = h + strcspn(h, "/?#");
	at = memrchr(h, '@', (size_t)(end - h));
	if (at != NULL)
		h = at + 1;
	colon = memchr(h, ':', (size_t)(end - h));
	if (colon != NULL) {
		if (url_port_why(colon + 1, end) != NULL)
			return url_port_why(colon + 1, end);
		end = colon;
	}
	if (mud_match_host(h, (size_t)(end - h), 1, auth, authsz) != NULL)
		return "has a bad host: expected a DNS name such as "
		       "\"lighting.example.com\"";
	return NULL;
}

void
mud_ctx_missing(struct mud_ctx *c, const char *key, const char *expected)
{
	size_t old = mud_ctx_key(c, key);

	mud_ctx_err(c, "is required: expected %s", expected);
	mud_ctx_pop(c, old);
}

void
mud_ctx_not_a(struct mud_ctx *c, json_t *v, const char *expected)
{
	char seen[64];

	describe(v, seen, sizeof(seen));
	mud_ctx_err(c, "is %s: expected %s", seen, expected);
}

/* An ACL or ACE name. Its text goes into the ruleset's comments, so it is
 * kept to printable ASCII without quotes or backslashes. */
static int
name_get(struct mud_ctx *c, json_t *obj, char *out, size_t outsz)
{
	const char *s;
	size_t old;
	int rc;

	rc = mud_ctx_str(c, obj, "name", outsz - 1, &s);
	if (rc == 0)
		mud_ctx_missing(c, "name", "a string of 1 to 63 characters");
	if (rc <= 0)
		return -1;
	for (const char *p = s; *p != '\0'; p++) {
		if (*p >= ' ' && *p <= '~' && *p != '"' && *p != '\\')
			continue;
		old = mud_ctx_key(c, "name");
		mud_ctx_err(c,
		    "\"%.64s\" holds a quote, a backslash or a "
		    "non-ASCII character: expected printable ASCII",
		    s);
		mud_ctx_pop(c, old);
		return -1;
	}
	snprintf(out, outsz, "%s", s);
	return 0;
}

static const char *const mud_keys[] = {"mud-version", "mud-url", "last-update",
    "mud-signature", "cache-validity", "is-supported", "systeminfo", "mfg-name",
    "model-name", "firmware-rev", "software-rev", "documentation", "extensions",
    "from-device-policy", "to-device-policy", NULL};

/* The informational members: only their types are checked. */
static const struct {
	const char *key;
	json_type type;
} mud_info[] = {
    {"last-update", JSON_STRING},
    {"mud-signature", JSON_STRING},
    {"is-supported", JSON_TRUE},
    {"mfg-name", JSON_STRING},
    {"model-name", JSON_STRING},
    {"firmware-rev", JSON_STRING},
    {"software-rev", JSON_STRING},
    {"documentation", JSON_STRING},
};

static void
doc_info(struct mud_ctx *c, json_t *m)
{
	json_int_t hours;
	json_t *ext, *v;
	size_t i, old, o;

	for (i = 0; i < sizeof(mud_info) / sizeof(mud_info[0]); i++)
		mud_ctx_get(c, m, mud_info[i].key, mud_info[i].type);
	mud_ctx_int(c, m, "cache-validity", 1, 168, &hours);
	ext = mud_ctx_get(c, m, "extensions", JSON_ARRAY);
	if (ext == NULL)
		return;
	old = mud_ctx_key(c, "extensions");
	json_array_foreach (ext, i, v) {
		if (json_is_string(v))
			continue;
		o = mud_ctx_index(c, i);
		mud_ctx_not_a(c, v, "the name of an extension, a string");
		mud_ctx_pop(c, o);
	}
	mud_ctx_pop(c, old);
}

/* The MUD container's own members: the version, the URL, the rest. */
static void
doc_header(struct mud_doc *d, json_t *m)
{
	struct mud_ctx *c = &d->c;
	const char *url, *why, *info;
	json_int_t version;
	size_t old;

	mud_ctx_keys(c, m, mud_keys, "unknown member",
	    "a member of RFC 8520's ietf-mud:mud (extensions are not "
	    "supported)");
	if (mud_ctx_int(c, m, "mud-version", 1, 1, &version) == 0)
		mud_ctx_missing(c, "mud-version", "1");
	switch (mud_ctx_str(c, m, "mud-url", MUD_URL_MAX - 1, &url)) {
	case 0:
		mud_ctx_missing(
		    c, "mud-url", "the https:// URL of this document");
		break;
	case 1:
		why = mud_url_check(url, d->authority, sizeof(d->authority));
		if (why == NULL) {
			snprintf(d->url, sizeof(d->url), "%s", url);
			break;
		}
		old = mud_ctx_key(c, "mud-url");
		mud_ctx_err(c, "\"%.100s\" %s", url, why);
		mud_ctx_pop(c, old);
		break;
	}
	if (mud_ctx_str(c, m, "systeminfo", sizeof(d->systeminfo) - 1, &info) ==
	    1)
		snprintf(d->systeminfo, sizeof(d->systeminfo), "%s", info);
	doc_info(c, m);
}

/* Index ACL pos of the acls' acl[] by its name. */
static void
index_acl(struct mud_doc *d, json_t *acl, size_t pos)
{
	struct mud_ctx *c = &d->c;
	char name[MUD_NAME_MAX];
	json_t *prev;
	size_t old = mud_ctx_index(c, pos), o;

	if (!json_is_object(acl)) {
		mud_ctx_not_a(c, acl, "an ACL, an object");
		goto out;
	}
	if (name_get(c, acl, name, sizeof(name)) < 0)
		goto out;
	prev = json_object_get(d->index, name);
	if (prev != NULL) {
		o = mud_ctx_key(c, "name");
		mud_ctx_err(c,
		    "\"%s\" is also the name of acl[%" JSON_INTEGER_FORMAT
		    "]: expected a name of its own",
		    name, json_integer_value(prev));
		mud_ctx_pop(c, o);
		goto out;
	}
	if (json_object_set_new(d->index, name, json_integer((json_int_t)pos)))
		mud_error_add(c->errs, c->path, "out of memory");
out:
	mud_ctx_pop(c, old);
}

static const char *const acls_keys[] = {"acl", NULL};

static void
doc_index(struct mud_doc *d, json_t *root)
{
	struct mud_ctx *c = &d->c;
	json_t *acls, *acl;
	size_t old, i;

	acls = mud_ctx_get(c, root, ACLS_KEY, JSON_OBJECT);
	if (acls == NULL)
		return;
	old = mud_ctx_key(c, ACLS_KEY);
	mud_ctx_keys(c, acls, acls_keys, "unknown member", "\"acl\"");
	d->acl = mud_ctx_get(c, acls, "acl", JSON_ARRAY);
	if (d->acl != NULL) {
		mud_ctx_key(c, "acl");
		json_array_foreach (d->acl, i, acl)
			index_acl(d, acl, i);
	}
	mud_ctx_pop(c, old);
}

static const char *const ref_keys[] = {"name", NULL};

/* Entry i of a policy's access-list: an ACL defined, and listed once. */
static void
policy_ref(struct mud_doc *d, json_t *ref, size_t i, enum mud_dir dir)
{
	struct mud_ctx *c = &d->c;
	char name[MUD_NAME_MAX];
	json_t *pos;
	size_t old = mud_ctx_index(c, i);

	if (!json_is_object(ref)) {
		mud_ctx_not_a(c, ref, "an object naming an ACL");
		goto out;
	}
	mud_ctx_keys(c, ref, ref_keys, "unknown member", "\"name\"");
	if (name_get(c, ref, name, sizeof(name)) < 0)
		goto out;
	pos = json_object_get(d->index, name);
	if (pos == NULL)
		mud_ctx_err(c,
		    "access list \"%s\" is not defined: expected "
		    "an acl of that name in " ACLS_KEY,
		    name);
	else if (json_object_get(d->seen[dir], name) != NULL)
		mud_ctx_err(c,
		    "access list \"%s\" is listed twice: expected "
		    "each ACL once per policy",
		    name);
	else if (json_object_set_new(d->seen[dir], name, json_true()) ||
	         json_array_append(d->refs[dir], pos))
		mud_error_add(c->errs, c->path, "out of memory");
out:
	mud_ctx_pop(c, old);
}

static const char *const policy_keys[] = {"access-lists", NULL};
static const char *const lists_keys[] = {"access-list", NULL};
static const char *const policy_name[] = {
    "from-device-policy", "to-device-policy"};

static void
doc_policy(struct mud_doc *d, json_t *m, enum mud_dir dir)
{
	struct mud_ctx *c = &d->c;
	json_t *pol, *lists, *list, *ref;
	size_t old, i;

	pol = mud_ctx_get(c, m, policy_name[dir], JSON_OBJECT);
	if (pol == NULL)
		return;
	old = mud_ctx_key(c, policy_name[dir]);
	mud_ctx_keys(c, pol, policy_keys, "unknown member", "\"access-lists\"");
	lists = mud_ctx_get(c, pol, "access-lists", JSON_OBJECT);
	if (lists != NULL) {
		mud_ctx_key(c, "access-lists");
		mud_ctx_keys(
		    c, lists, lists_keys, "unknown member", "\"access-list\"");
		list = mud_ctx_get(c, lists, "access-list", JSON_ARRAY);
		if (list != NULL) {
			mud_ctx_key(c, "access-list");
			json_array_foreach (list, i, ref)
				policy_ref(d, ref, i, dir);
		}
	}
	mud_ctx_pop(c, old);
}

/* The aces.ace[] of an ACL; NULL when it has none or a bad one (reported
 * when the ACL is expanded). */
static json_t *
acl_aces(json_t *acl)
{
	json_t *list = json_object_get(json_object_get(acl, "aces"), "ace");

	return json_is_array(list) ? list : NULL;
}

/* Allocate the policy for every ACE of every referenced ACL, each
 * direction counted: the limit holds for what the compiler emits. */
static void
doc_alloc(struct mud_doc *d)
{
	json_t *pos, *acl;
	size_t n = 0, i;

	for (int dir = MUD_FROM_DEVICE; dir <= MUD_TO_DEVICE; dir++) {
		json_array_foreach (d->refs[dir], i, pos) {
			acl = json_array_get(
			    d->acl, (size_t)json_integer_value(pos));
			n += json_array_size(acl_aces(acl));
		}
	}
	if (n > MUD_ACES_MAX) {
		mud_error_add(d->c.errs, ACLS_KEY,
		    "the policies hold %zu ACEs (an ACL in both counts twice): "
		    "at most %d are accepted",
		    n, MUD_ACES_MAX);
		return;
	}
	d->p = calloc(1, sizeof(*d->p) + n * sizeof(d->p->aces[0]));
	if (d->p == NULL) {
		mud_error_add(d->c.errs, "", "out of memory");
		return;
	}
	d->p->naces = (unsigned)n;
}

static const char *const ace_keys[] = {"name", "matches", "actions", NULL};
static const char *const actions_keys[] = {"forwarding", NULL};

/* The next ACE to fill: the scratch one when there is no policy. */
static struct mud_ace *
ace_slot(struct mud_doc *d)
{
	struct mud_ace *a = &d->scratch;

	if (d->p != NULL && d->n < d->p->naces)
		a = &d->p->aces[d->n];
	d->n++;
	memset(a, 0, sizeof(*a));
	a->protocol = -1;
	a->icmp_type = -1;
	a->icmp_code = -1;
	return a;
}

static void
ace_action(struct mud_ctx *c, json_t *ace, struct mud_ace *a)
{
	static const char *const names[] = {"accept", "drop", "reject"};
	const char *fwd;
	json_t *act;
	size_t old, o;
	unsigned i;

	act = mud_ctx_get(c, ace, "actions", JSON_OBJECT);
	if (act == NULL) {
		if (json_object_get(ace, "actions") == NULL)
			mud_ctx_missing(
			    c, "actions", "{\"forwarding\": \"accept\"}");
		return;
	}
	old = mud_ctx_key(c, "actions");
	mud_ctx_keys(
	    c, act, actions_keys, "unsupported action", "\"forwarding\" only");
	switch (mud_ctx_str(c, act, "forwarding", 64, &fwd)) {
	case 0:
		mud_ctx_missing(
		    c, "forwarding", "\"accept\", \"drop\" or \"reject\"");
		break;
	case 1:
		if (strncmp(fwd, ACL_PREFIX, strlen(ACL_PREFIX)) == 0)
			fwd += strlen(ACL_PREFIX);
		for (i = 0; i < 3 && strcmp(fwd, names[i]) != 0; i++)
			;
		a->action = (enum mud_action)i;
		if (i < 3)
			break;
		o = mud_ctx_key(c, "forwarding");
		mud_ctx_err(c,
		    "is \"%.64s\": expected \"accept\", \"drop\" or "
		    "\"reject\"",
		    fwd);
		mud_ctx_pop(c, o);
		break;
	}
	mud_ctx_pop(c, old);
}

/* ACE pos of ACL acl (at acl_pos), into the next slot. names holds the
 * ACL's ACE names so far. */
static void
ace_parse(struct mud_doc *d, json_t *ace, const char *acl, size_t acl_pos,
    size_t pos, json_t *names)
{
	struct mud_ctx *c = &d->c;
	struct mud_ace *a = ace_slot(d);
	json_t *m;
	size_t old = mud_ctx_index(c, pos), o;

	snprintf(a->acl, sizeof(a->acl), "%s", acl);
	a->acl_pos = (unsigned)acl_pos;
	a->ace_pos = (unsigned)pos;
	a->dir = c->dir;
	a->family = c->family;
	c->remote_key = NULL;
	if (!json_is_object(ace)) {
		mud_ctx_not_a(c, ace, "an ACE, an object");
		goto out;
	}
	mud_ctx_keys(c, ace, ace_keys, "unknown member",
	    "\"name\", \"matches\" and \"actions\"");
	if (name_get(c, ace, a->name, sizeof(a->name)) == 0) {
		if (json_object_get(names, a->name) != NULL) {
			o = mud_ctx_key(c, "name");
			mud_ctx_err(c,
			    "\"%s\" names another ACE of this ACL: "
			    "expected a name of its own",
			    a->name);
			mud_ctx_pop(c, o);
		}
		json_object_set_new(names, a->name, json_true());
	}
	m = mud_ctx_get(c, ace, "matches", JSON_OBJECT);
	if (m != NULL) {
		o = mud_ctx_key(c, "matches");
		mud_match_parse(c, m, a);
		mud_ctx_pop(c, o);
	}
	ace_action(c, ace, a);
out:
	mud_ctx_pop(c, old);
}

/* An ACL's family from its type; 0 (reported) when it has no IP one. */
static int
acl_family(struct mud_ctx *c, json_t *acl)
{
	const char *type;
	size_t old;
	int rc;

	rc = mud_ctx_str(c, acl, "type", 128, &type);
	if (rc == 0)
		mud_ctx_missing(
		    c, "type", "\"ipv4-acl-type\" or \"ipv6-acl-type\"");
	if (rc <= 0)
		return 0;
	if (strncmp(type, ACL_PREFIX, strlen(ACL_PREFIX)) == 0)
		type += strlen(ACL_PREFIX);
	if (strcmp(type, "ipv4-acl-type") == 0)
		return 4;
	if (strcmp(type, "ipv6-acl-type") == 0)
		return 6;
	old = mud_ctx_key(c, "type");
	mud_ctx_err(c,
	    "unsupported ACL type \"%.64s\": expected "
	    "\"ipv4-acl-type\" or \"ipv6-acl-type\"",
	    type);
	mud_ctx_pop(c, old);
	return 0;
}

static const char *const acl_keys[] = {"name", "type", "aces", NULL};
static const char *const aces_keys[] = {"ace", NULL};

/* The ACEs of ACL pos in direction dir. The second expansion of an ACL
 * (to-device, after from-device) reports only what the direction
 * changes: the rest was reported by the first. */
static void
acl_expand(struct mud_doc *d, size_t pos, enum mud_dir dir)
{
	struct mud_ctx *c = &d->c;
	json_t *acl = json_array_get(d->acl, pos), *aces, *list, *ace, *names;
	const char *name = json_string_value(json_object_get(acl, "name"));
	size_t old = mud_ctx_key(c, ACLS_KEY ".acl"), j;

	c->dir = dir;
	c->quiet = dir == MUD_TO_DEVICE &&
	           json_object_get(d->seen[MUD_FROM_DEVICE], name) != NULL;
	mud_ctx_index(c, pos);
	mud_ctx_keys(c, acl, acl_keys, "unknown member",
	    "\"name\", \"type\" and \"aces\"");
	c->family = acl_family(c, acl);
	aces = mud_ctx_get(c, acl, "aces", JSON_OBJECT);
	if (aces != NULL) {
		mud_ctx_key(c, "aces");
		mud_ctx_keys(c, aces, aces_keys, "unknown member", "\"ace\"");
		list = mud_ctx_get(c, aces, "ace", JSON_ARRAY);
		if (list != NULL) {
			mud_ctx_key(c, "ace");
			names = json_object();
			json_array_foreach (list, j, ace)
				ace_parse(d, ace, name, pos, j, names);
			json_decref(names);
		}
	}
	mud_ctx_pop(c, old);
	c->quiet = 0;
}

static const char *const root_keys[] = {MUD_KEY, ACLS_KEY, NULL};

static void
doc_parse(struct mud_doc *d, json_t *root)
{
	struct mud_ctx *c = &d->c;
	json_t *m, *pos;
	size_t old, i;

	if (!json_is_object(root)) {
		mud_ctx_not_a(c, root, "an object holding \"" MUD_KEY "\"");
		return;
	}
	mud_ctx_keys(c, root, root_keys, "unknown member",
	    "\"" MUD_KEY "\" and \"" ACLS_KEY "\"");
	m = mud_ctx_get(c, root, MUD_KEY, JSON_OBJECT);
	if (json_object_get(root, MUD_KEY) == NULL)
		mud_ctx_missing(c, MUD_KEY, "the MUD container, an object");
	old = mud_ctx_key(c, MUD_KEY);
	if (m != NULL)
		doc_header(d, m);
	mud_ctx_pop(c, old);
	doc_index(d, root);
	mud_ctx_key(c, MUD_KEY);
	for (int dir = MUD_FROM_DEVICE; m != NULL && dir <= MUD_TO_DEVICE;
	     dir++)
		doc_policy(d, m, (enum mud_dir)dir);
	mud_ctx_pop(c, old);
	doc_alloc(d);
	for (int dir = MUD_FROM_DEVICE; dir <= MUD_TO_DEVICE; dir++)
		json_array_foreach (d->refs[dir], i, pos)
			acl_expand(d, (size_t)json_integer_value(pos),
			    (enum mud_dir)dir);
}

static int
doc_init(struct mud_doc *d, struct mud_errors *errs)
{
	memset(d, 0, sizeof(*d));
	d->c.errs = errs;
	d->index = json_object();
	for (int dir = MUD_FROM_DEVICE; dir <= MUD_TO_DEVICE; dir++) {
		d->refs[dir] = json_array();
		d->seen[dir] = json_object();
		if (d->refs[dir] == NULL || d->seen[dir] == NULL)
			return -1;
	}
	return d->index == NULL ? -1 : 0;
}

static void
doc_reset(struct mud_doc *d)
{
	json_decref(d->index);
	for (int dir = MUD_FROM_DEVICE; dir <= MUD_TO_DEVICE; dir++) {
		json_decref(d->refs[dir]);
		json_decref(d->seen[dir]);
	}
}

struct mud_policy *
mud_parse(const char *doc, size_t len, struct mud_errors *errs)
{
	struct mud_policy *p = NULL;
	struct mud_doc d;
	json_error_t jerr;
	json_t *root = NULL;

	memset(errs, 0, sizeof(*errs));
	if (doc_init(&d, errs) < 0) {
		mud_error_add(errs, "", "out of memory");
		goto out;
	}
	if (doc == NULL || len == 0) {
		mud_error_add(errs, "",
		    "the document is empty: expected an "
		    "object holding \"" MUD_KEY "\"");
		goto out;
	}
	if (len > MUD_DOC_MAX) {
		mud_error_add(errs, "",
		    "the document is %zu bytes: at most %d are accepted", len,
		    MUD_DOC_MAX);
		goto out;
	}
	root = json_loadb(doc, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		mud_error_add(errs, "",
		    "invalid JSON at line %d, column %d: %s", jerr.line,
		    jerr.column, jerr.text);
		goto out;
	}
	doc_parse(&d, root);
	if (errs->total > 0)
		goto out;
	p = d.p;
	d.p = NULL;
	memcpy(p->url, d.url, sizeof(p->url));
	memcpy(p->authority, d.authority, sizeof(p->authority));
	memcpy(p->systeminfo, d.systeminfo, sizeof(p->systeminfo));
out:
	free(d.p);
	json_decref(root);
	doc_reset(&d);
	return p;
}
