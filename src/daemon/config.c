#include "daemon/config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/sizes.h"
#include "daemon/config_parse.h"

#define MAX_TOKEN 1024

void
perr(struct parser *p, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	p->errors++;
	if (p->cb != NULL)
		p->cb(p->arg, p->file, p->line, msg);
}

int
uint_arg(struct parser *p, const char *v, uint64_t min, uint64_t max,
    uint64_t *out, const char *what)
{
	unsigned long long n;
	char *end;

	errno = 0;
	n = strtoull(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || v[0] == '-' ||
	    n < min || n > max) {
		perr(p, "%s must be a number from %llu to %llu, not '%s'",
		    what, (unsigned long long)min, (unsigned long long)max, v);
		return -1;
	}
	*out = n;
	return 0;
}

void
config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->user, sizeof(c->user), "airlock");
	snprintf(c->store, sizeof(c->store), "/var/lib/airlock/airlock.db");
	c->log_level = LOG_LEVEL_INFO;
	snprintf(c->api_listen, sizeof(c->api_listen), "127.0.0.1:8740");
	hostport_parse(c->api_listen, &c->api_addr, &c->api_addrlen);
	c->api_threads = 2;
	c->api_body_limit = 1 << 20;
	c->api_import_limit = 512ULL << 20;
	config_radius_defaults(&c->radius);
	config_policy_defaults(&c->policy);
	config_monitor_defaults(&c->monitor);
	config_scan_defaults(&c->scan);
}

void
choice_arg(struct parser *p, const char *v, const char *what,
    const char *yes, const char *no, int *out)
{
	if (strcmp(v, yes) == 0)
		*out = 1;
	else if (strcmp(v, no) == 0)
		*out = 0;
	else
		perr(p, "%s must be %s or %s, not '%s'", what, yes, no, v);
}

void
copy_arg(struct parser *p, char *dst, size_t dstsz, const char *v,
    const char *what)
{
	if (strlen(v) >= dstsz) {
		perr(p, "%s is too long (at most %zu bytes)", what, dstsz - 1);
		return;
	}
	snprintf(dst, dstsz, "%s", v);
}

static void
d_user(struct parser *p, int argc, char **argv)
{
	(void)argc;
	if (argv[0][0] == '\0')
		perr(p, "user is empty");
	copy_arg(p, p->c->user, sizeof(p->c->user), argv[0], "user");
}

static void
d_store(struct parser *p, int argc, char **argv)
{
	(void)argc;
	if (argv[0][0] == '\0')
		perr(p, "store path is empty");
	copy_arg(p, p->c->store, sizeof(p->c->store), argv[0], "store path");
}

static void
d_log_level(struct parser *p, int argc, char **argv)
{
	(void)argc;
	if (log_level_parse(argv[0], &p->c->log_level) < 0)
		perr(p, "log-level must be error, warning, info or debug, "
			"not '%s'", argv[0]);
}

static void
d_log_target(struct parser *p, int argc, char **argv)
{
	(void)argc;
	if (strcmp(argv[0], "stderr") == 0)
		p->c->log_syslog = 0;
	else if (strcmp(argv[0], "syslog") == 0)
		p->c->log_syslog = 1;
	else
		perr(p, "log-target must be stderr or syslog, not '%s'",
		    argv[0]);
}

static void
d_api_listen(struct parser *p, int argc, char **argv)
{
	(void)argc;
	if (hostport_parse(argv[0], &p->c->api_addr, &p->c->api_addrlen) < 0) {
		perr(p, "api-listen wants ADDRESS:PORT or [V6ADDRESS]:PORT, "
			"not '%s'", argv[0]);
		return;
	}
	copy_arg(p, p->c->api_listen, sizeof(p->c->api_listen), argv[0],
	    "api-listen");
}

static void
d_api_threads(struct parser *p, int argc, char **argv)
{
	uint64_t v;

	(void)argc;
	if (uint_arg(p, argv[0], 1, 64, &v, "api-threads") == 0)
		p->c->api_threads = (unsigned)v;
}

void
size_arg(struct parser *p, const char *v, uint64_t min, uint64_t max,
    uint64_t *out, const char *what)
{
	uint64_t n;

	if (size_parse(v, &n) < 0) {
		perr(p, "%s must be a size like 1048576, 512k, 1M or 1MiB, "
			"not '%s'", what, v);
		return;
	}
	if (n < min || n > max) {
		perr(p, "%s must be between %llu and %llu bytes", what,
		    (unsigned long long)min, (unsigned long long)max);
		return;
	}
	*out = n;
}

static void
d_body_limit(struct parser *p, int argc, char **argv)
{
	(void)argc;
	size_arg(p, argv[0], 1024, 64ULL << 20, &p->c->api_body_limit,
	    "api-body-limit");
}

static void
d_import_limit(struct parser *p, int argc, char **argv)
{
	(void)argc;
	size_arg(p, argv[0], 1024, 4ULL << 30, &p->c->api_import_limit,
	    "api-import-limit");
}

static void
d_network(struct parser *p, int argc, char **argv)
{
	(void)argc;
	struct cidr c;
	char other[CIDR_STRLEN];
	int rc = cidr_parse(argv[0], &c);

	if (rc == -ERANGE) {
		perr(p, "device-network %s has host bits set after the prefix "
			"length", argv[0]);
		return;
	}
	if (rc < 0) {
		perr(p, "device-network wants a CIDR like 10.64.0.0/10, not "
			"'%s'", argv[0]);
		return;
	}
	for (size_t i = 0; i < p->c->n_networks; i++) {
		if (cidr_overlaps(&p->c->networks[i], &c)) {
			cidr_format(&p->c->networks[i], other, sizeof(other));
			perr(p, "device-network %s overlaps %s", argv[0],
			    other);
			return;
		}
	}
	if (p->c->n_networks == IPC_MAX_NETWORKS) {
		perr(p, "at most %d device-network lines", IPC_MAX_NETWORKS);
		return;
	}
	p->c->networks[p->c->n_networks++] = c;
}

static void
d_tls_cert(struct parser *p, int argc, char **argv)
{
	(void)argc;
	p->tls_line = p->line;
	copy_arg(p, p->c->tls_cert, sizeof(p->c->tls_cert), argv[0],
	    "tls-cert");
}

static void
d_tls_key(struct parser *p, int argc, char **argv)
{
	(void)argc;
	p->tls_line = p->line;
	copy_arg(p, p->c->tls_key, sizeof(p->c->tls_key), argv[0], "tls-key");
}

static const struct directive core_directives[] = {
    {"user", 1, 1, 0, d_user},
    {"store", 1, 1, 0, d_store},
    {"log-level", 1, 1, 0, d_log_level},
    {"log-target", 1, 1, 0, d_log_target},
    {"api-listen", 1, 1, 0, d_api_listen},
    {"api-threads", 1, 1, 0, d_api_threads},
    {"api-body-limit", 1, 1, 0, d_body_limit},
    {"api-import-limit", 1, 1, 0, d_import_limit},
    {"device-network", 1, 1, 1, d_network},
    {"tls-cert", 1, 1, 0, d_tls_cert},
    {"tls-key", 1, 1, 0, d_tls_key},
    {NULL, 0, 0, 0, NULL},
};

/* Every directive, as one numbering for the "already set" check. */
static const struct directive *const tables[] = {
    core_directives,
    config_radius_directives,
    config_policy_directives,
    config_monitor_directives,
    config_scan_directives,
};

static const struct directive *
find_directive(const char *name, size_t *index)
{
	size_t n = 0;

	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (const struct directive *d = tables[t]; d->name != NULL;
		    d++, n++)
			if (strcmp(name, d->name) == 0) {
				*index = n;
				return d;
			}
	return NULL;
}

/* Whether c ends an unquoted word. A NUL does not: it stays in the word,
 * where the NUL check below reports it. */
static int
word_end(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '#';
}

/*
 * Split one line into words. A word is a run of non-blank bytes or a
 * double-quoted string with \" and \\ escapes; "#" outside quotes ends the
 * line. Returns the word count, or -1 after reporting an error.
 */
static int
split_line(struct parser *p, const char *s, size_t n, char words[][MAX_TOKEN],
    int max)
{
	size_t i = 0, w;
	int count = 0;

	for (;;) {
		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
			i++;
		if (i == n || s[i] == '#')
			return count;
		if (count == max) {
			perr(p, "too many words on this line");
			return -1;
		}
		w = 0;
		if (s[i] == '"') {
			for (i++; i < n && s[i] != '"'; i++) {
				if (s[i] == '\\' && i + 1 < n)
					i++;
				if (w < MAX_TOKEN)
					words[count][w++] = s[i];
			}
			if (i == n) {
				perr(p, "quoted string is not closed");
				return -1;
			}
			i++;
		} else {
			for (; i < n && !word_end(s[i]); i++)
				if (w < MAX_TOKEN)
					words[count][w++] = s[i];
		}
		if (w >= MAX_TOKEN) {
			perr(p, "a word is over %d bytes", MAX_TOKEN - 1);
			return -1;
		}
		if (memchr(words[count], '\0', w) != NULL) {
			perr(p, "NUL byte in the line");
			return -1;
		}
		words[count++][w] = '\0';
	}
}

static void
parse_line(struct parser *p, const char *s, size_t n)
{
	char words[MAX_ARGS + 1][MAX_TOKEN];
	char *argv[MAX_ARGS];
	int count = split_line(p, s, n, words, MAX_ARGS + 1);
	const struct directive *d;
	size_t i;

	if (count <= 0)
		return;
	d = find_directive(words[0], &i);
	if (d == NULL) {
		perr(p, "unknown directive '%s'", words[0]);
		return;
	}
	if (count - 1 < d->min_args || count - 1 > d->max_args) {
		if (d->min_args == d->max_args)
			perr(p, "%s takes %d argument%s", words[0],
			    d->min_args, d->min_args == 1 ? "" : "s");
		else
			perr(p, "%s takes %d to %d arguments", words[0],
			    d->min_args, d->max_args);
		return;
	}
	if (!d->repeatable && p->seen[i] != 0) {
		perr(p, "%s is already set at line %u", words[0], p->seen[i]);
		return;
	}
	p->seen[i] = p->line;
	for (int k = 1; k < count; k++)
		argv[k - 1] = words[k];
	d->apply(p, count - 1, argv);
}

/* Checks that need the whole file. */
static void
parse_finish(struct parser *p)
{
	struct cidr def;

	if ((p->c->tls_cert[0] == '\0') != (p->c->tls_key[0] == '\0')) {
		p->line = p->tls_line;
		perr(p, "tls-cert and tls-key go together");
	}
	if (p->c->n_networks == 0) {
		cidr_parse("10.64.0.0/10", &def);
		p->c->networks[p->c->n_networks++] = def;
	}
	config_radius_finish(p);
	config_policy_finish(p);
	config_monitor_finish(p);
	config_scan_finish(p);
}

int
config_parse(struct config *c, const char *text, size_t len,
    const char *file, config_error_cb cb, void *arg)
{
	struct parser p = {.c = c, .file = file, .cb = cb, .arg = arg};
	const char *s = text, *end = text + len;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = (size_t)((nl != NULL ? nl : end) - s);

		p.line++;
		parse_line(&p, s, n);
		s += n + (nl != NULL);
	}
	parse_finish(&p);
	return p.errors;
}

/* A file that cannot be read counts as one error, reported at line 0. */
static int
load_error(config_error_cb cb, void *arg, const char *path, const char *what)
{
	char msg[512];

	snprintf(msg, sizeof(msg), "%s: %s", what, strerror(errno));
	if (cb != NULL)
		cb(arg, path, 0, msg);
	return 1;
}

int
config_load(struct config *c, const char *path, config_error_cb cb,
    void *arg)
{
	char *text = NULL;
	struct stat sb;
	int fd, errors;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return load_error(cb, arg, path, "cannot open");
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_size > CONFIG_MAX_BYTES) {
		errno = EFBIG;
		errors = load_error(cb, arg, path, "not a regular file of at "
						   "most 1 MiB");
		goto out;
	}
	text = malloc((size_t)sb.st_size + 1);
	if (text == NULL || read(fd, text, (size_t)sb.st_size) != sb.st_size) {
		errors = load_error(cb, arg, path, "cannot read");
		goto out;
	}
	errors = config_parse(c, text, (size_t)sb.st_size, path, cb, arg);
out:
	close(fd);
	free(text);
	return errors;
}

void
config_to_msg(const struct config *c, struct msg_config *m)
{
	memset(m, 0, sizeof(*m));
	m->log_level = (uint8_t)c->log_level;
	m->body_limit = c->api_body_limit;
	m->import_limit = c->api_import_limit;
	m->n_networks = (uint16_t)c->n_networks;
	memcpy(m->networks, c->networks, sizeof(m->networks[0]) *
	    c->n_networks);
}
