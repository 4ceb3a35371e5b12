/*
 * Versions and vulnerable ranges (versions.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan/versions.h"

static const char *const products[] = {
    "busybox", "dropbear", "openssh", "lighttpd"};

/* --- comparing ------------------------------------------------------------ */

/* The next segment of *s: a run of digits (*num set) or of letters. 0 at
 * the end. */
static int
segment(
    const char **s, unsigned long long *num, const char **word, size_t *wlen)
{
	while (**s != '\0' && !isalnum((unsigned char)**s))
		(*s)++;
	if (**s == '\0')
		return 0;
	*word = *s;
	if (isdigit((unsigned char)**s)) {
		*num = 0;
		while (isdigit((unsigned char)**s)) {
			if (*num < 1000000000000ull)
				*num = *num * 10 + (unsigned)(**s - '0');
			(*s)++;
		}
		*wlen = 0;
		return 1;
	}
	while (isalpha((unsigned char)**s))
		(*s)++;
	*wlen = (size_t)(*s - *word);
	return 2;
}

int
version_compare(const char *a, const char *b)
{
	unsigned long long na = 0, nb = 0;
	const char *wa = NULL, *wb = NULL;
	size_t la = 0, lb = 0;
	int ka, kb, c;

	for (;;) {
		ka = segment(&a, &na, &wa, &la);
		kb = segment(&b, &nb, &wb, &lb);
		if (ka == 0 || kb == 0)
			return (ka != 0) - (kb != 0);
		if (ka != kb) /* a number beats a letter: 1.0.1 > 1.0a */
			return ka == 1 ? 1 : -1;
		if (ka == 1 && na != nb)
			return na < nb ? -1 : 1;
		if (ka == 2) {
			c = strncmp(wa, wb, la < lb ? la : lb);
			if (c != 0 || la != lb)
				return c != 0 ? c : (la < lb ? -1 : 1);
		}
	}
}

/* --- banners ------------------------------------------------------------ */

/* The version that follows marker in banner: digits, dots and letters,
 * starting with a digit. */
static int
after(const char *banner, const char *marker, char version[VERSION_MAX])
{
	const char *p = strstr(banner, marker);
	size_t n = 0;

	if (p == NULL)
		return 0;
	p += strlen(marker);
	if (!isdigit((unsigned char)*p))
		return 0;
	while ((isalnum((unsigned char)p[n]) || p[n] == '.') &&
	       n + 1 < VERSION_MAX)
		n++;
	memcpy(version, p, n);
	version[n] = '\0';
	return 1;
}

/* The distributions whose builds banners name, and fixed lines may. */
static const char *const distros[] = {"Debian", "Ubuntu", "Raspbian"};

/* A distribution's revision: "Debian-2+deb12u3", "Ubuntu-3ubuntu0.10". */
static void
distro_of(const char *banner, struct banner_version *out)
{
	const char *p;
	size_t n;

	for (size_t i = 0; i < sizeof(distros) / sizeof(*distros); i++) {
		p = strstr(banner, distros[i]);
		if (p == NULL)
			continue;
		out->distro_build = 1;
		p += strlen(distros[i]);
		if (p[0] != '-' || !isdigit((unsigned char)p[1]))
			continue; /* a build, of no revision we can read */
		p++;
		n = 0;
		while ((isalnum((unsigned char)p[n]) || p[n] == '.' ||
		           p[n] == '+' || p[n] == '~') &&
		       n + 1 < VERSION_MAX)
			n++;
		snprintf(out->distro, sizeof(out->distro), "%s", distros[i]);
		memcpy(out->revision, p, n);
		out->revision[n] = '\0';
		return;
	}
}

int
version_from_banner(const char *banner, struct banner_version *out)
{
	static const struct {
		const char *marker, *product;
	} marks[] = {
	    {"SSH-2.0-dropbear_", "dropbear"},
	    {"SSH-2.0-OpenSSH_", "openssh"},
	    {"SSH-1.99-OpenSSH_", "openssh"},
	    {"BusyBox v", "busybox"},
	    {"lighttpd/", "lighttpd"},
	};

	memset(out, 0, sizeof(*out));
	distro_of(banner, out);
	for (size_t i = 0; i < sizeof(marks) / sizeof(*marks); i++)
		if (after(banner, marks[i].marker, out->version)) {
			snprintf(out->product, sizeof(out->product), "%s",
			    marks[i].product);
			return 1;
		}
	return 0;
}

int
vulndb_fixed(
    const struct vulndb *db, const struct banner_version *b, const char *cve)
{
	if (b->revision[0] == '\0')
		return 0;
	for (size_t i = 0; i < db->n_fixes; i++) {
		const struct vuln_fix *f = &db->fixes[i];

		if (strcmp(f->cve, cve) == 0 &&
		    strcmp(f->product, b->product) == 0 &&
		    strcmp(f->distro, b->distro) == 0 &&
		    strcmp(f->version, b->version) == 0 &&
		    version_compare(b->revision, f->revision) >= 0)
			return 1;
	}
	return 0;
}

static int
holds(const struct vuln_range *r, const char *version)
{
	int c;

	if (r->lo.v[0] != '\0') {
		c = version_compare(version, r->lo.v);
		if (c < 0 || (c == 0 && !r->lo.inclusive))
			return 0;
	}
	if (r->hi.v[0] != '\0') {
		c = version_compare(version, r->hi.v);
		if (c > 0 || (c == 0 && !r->hi.inclusive))
			return 0;
	}
	return 1;
}

size_t
vulndb_match(const struct vulndb *db, const char *product, const char *version,
    const struct vuln_range **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < db->n && n < max; i++)
		if (strcmp(db->v[i].product, product) == 0 &&
		    holds(&db->v[i], version))
			out[n++] = &db->v[i];
	return n;
}

/* --- the data file ------------------------------------------------------ */

/* A version: starts with a digit, then letters, digits and dots. */
static int
valid_version(const char *s)
{
	if (!isdigit((unsigned char)s[0]))
		return 0;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '.')
			return 0;
	return 1;
}

static int
parse_bound(struct datafile *p, const char *s, struct vuln_range *r)
{
	struct version_bound *b;
	size_t skip;

	if (s[0] == '<')
		b = &r->hi;
	else if (s[0] == '>')
		b = &r->lo;
	else
		goto bad;
	b->inclusive = s[1] == '=';
	skip = 1 + (size_t)b->inclusive;
	if (b->v[0] != '\0') {
		datafile_error(
		    p, "range: two %s bounds", b == &r->hi ? "upper" : "lower");
		return -1;
	}
	if (strlen(s + skip) >= VERSION_MAX || !valid_version(s + skip))
		goto bad;
	snprintf(b->v, sizeof(b->v), "%s", s + skip);
	return 0;
bad:
	datafile_error(
	    p, "range: '%s' is not <V, <=V, >V or >=V (V: 1.2.3, 9.2p1)", s);
	return -1;
}

static int
parse_range(struct datafile *p, char *s, struct vuln_range *r)
{
	char *comma = strchr(s, ',');

	if (comma != NULL)
		*comma = '\0';
	if (parse_bound(p, s, r) < 0 ||
	    (comma != NULL && parse_bound(p, comma + 1, r) < 0))
		return -1;
	if (r->lo.v[0] != '\0' && r->hi.v[0] != '\0' &&
	    version_compare(r->lo.v, r->hi.v) > 0) {
		datafile_error(p,
		    "range: its lower bound %s is above its upper %s", r->lo.v,
		    r->hi.v);
		return -1;
	}
	return 0;
}

static int
valid_cve(const char *s)
{
	size_t digits = 0;

	if (strncmp(s, "CVE-", 4) != 0)
		return 0;
	for (int i = 4; i < 8; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	if (s[8] != '-')
		return 0;
	for (s += 9; isdigit((unsigned char)*s); s++)
		digits++;
	return *s == '\0' && digits >= 4 && digits <= 8;
}

/* Whether s is a product versions.c reads from banners; else an error. */
static int
known_product(struct datafile *p, const char *s)
{
	for (size_t i = 0; i < sizeof(products) / sizeof(*products); i++)
		if (strcmp(s, products[i]) == 0)
			return 1;
	datafile_error(p,
	    "unknown product '%.32s' (busybox, dropbear, openssh, lighttpd)",
	    s);
	return 0;
}

/* Split a line at tabs into at most n fields; their number. */
static size_t
split(char *s, char **f, size_t n)
{
	size_t k = 0;

	f[k++] = s;
	for (; *s != '\0'; s++)
		if (*s == '\t') {
			*s = '\0';
			if (k == n)
				return n + 1;
			f[k++] = s + 1;
		}
	return k;
}

static int
valid_revision(const char *s)
{
	if (!isdigit((unsigned char)s[0]))
		return 0;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && strchr(".+~", *s) == NULL)
			return 0;
	return 1;
}

static int
known_distro(const char *s)
{
	for (size_t i = 0; i < sizeof(distros) / sizeof(*distros); i++)
		if (strcmp(s, distros[i]) == 0)
			return 1;
	return 0;
}

/* fixed, product, distribution, VERSION-REVISION, CVE */
static void
parse_fix(struct datafile *p, struct vulndb *db, char **f)
{
	struct vuln_fix x = {.line = p->line};
	char *dash = strchr(f[3], '-');

	if (!known_product(p, f[1]))
		return;
	if (!known_distro(f[2])) {
		datafile_error(p,
		    "unknown distribution '%.32s' (Debian, Ubuntu, Raspbian)",
		    f[2]);
		return;
	}
	if (dash != NULL)
		*dash = '\0';
	if (dash == NULL || strlen(f[3]) >= VERSION_MAX ||
	    !valid_version(f[3]) || strlen(dash + 1) >= VERSION_MAX ||
	    !valid_revision(dash + 1)) {
		if (dash != NULL)
			*dash = '-';
		datafile_error(p,
		    "build '%.48s' is not VERSION-REVISION (9.2p1-2+deb12u3)",
		    f[3]);
		return;
	}
	if (!valid_cve(f[4])) {
		datafile_error(
		    p, "'%.32s' is not a CVE identifier (CVE-2024-6387)", f[4]);
		return;
	}
	if (db->n_fixes == VULN_FIXES_MAX) {
		datafile_error(p, "more than %d fixed builds", VULN_FIXES_MAX);
		return;
	}
	snprintf(x.product, sizeof(x.product), "%s", f[1]);
	snprintf(x.distro, sizeof(x.distro), "%s", f[2]);
	snprintf(x.version, sizeof(x.version), "%s", f[3]);
	snprintf(x.revision, sizeof(x.revision), "%s", dash + 1);
	snprintf(x.cve, sizeof(x.cve), "%s", f[4]);
	db->fixes[db->n_fixes++] = x;
}

static void
parse_fields(struct datafile *p, struct vulndb *db, char *s)
{
	struct vuln_range r = {.line = p->line};
	char *f[5];
	size_t k = split(s, f, 5);

	if (k != 5) {
		datafile_error(p,
		    "%s fields: a line is product, range, CVE, severity "
		    "and summary (or fixed, product, distribution, build and "
		    "CVE), separated by tabs",
		    k > 5 ? "more than 5" : "fewer than 5");
		return;
	}
	if (strcmp(f[0], "fixed") == 0) {
		parse_fix(p, db, f);
		return;
	}
	if (!known_product(p, f[0]))
		return;
	snprintf(r.product, sizeof(r.product), "%s", f[0]);
	if (parse_range(p, f[1], &r) < 0)
		return;
	if (!valid_cve(f[2])) {
		datafile_error(
		    p, "'%.32s' is not a CVE identifier (CVE-2024-6387)", f[2]);
		return;
	}
	snprintf(r.cve, sizeof(r.cve), "%s", f[2]);
	if (event_severity_parse(f[3], &r.severity) < 0 ||
	    r.severity == SEV_INFO) {
		datafile_error(
		    p, "severity '%.32s': low, medium, high or critical", f[3]);
		return;
	}
	if (f[4][0] == '\0' || strlen(f[4]) >= sizeof(r.summary)) {
		datafile_error(
		    p, "summary: 1 to %zu characters", sizeof(r.summary) - 1);
		return;
	}
	snprintf(r.summary, sizeof(r.summary), "%s", f[4]);
	if (db->n == VULNS_MAX) {
		datafile_error(p, "more than %d ranges", VULNS_MAX);
		return;
	}
	db->v[db->n++] = r;
}

/* A line: copied, so that its fields can be cut in place. */
static void
parse_line(struct datafile *p, const char *s, size_t n, void *db)
{
	char line[512];

	if (n >= sizeof(line)) {
		datafile_error(p, "longer than %zu bytes", sizeof(line) - 1);
		return;
	}
	if (memchr(s, '\0', n) != NULL) {
		datafile_error(p, "a NUL byte");
		return;
	}
	memcpy(line, s, n);
	line[n] = '\0';
	if (n > 0 && line[0] != '#')
		parse_fields(p, db, line);
}

int
vulndb_parse(struct vulndb *db, const char *text, size_t len, const char *file,
    datafile_error_cb cb, void *arg)
{
	struct datafile d = {.file = file, .cb = cb, .arg = arg};

	db->n = 0;
	db->n_fixes = 0;
	datafile_lines(&d, text, len, parse_line, db);
	return d.errors;
}

int
vulndb_load(
    struct vulndb *db, const char *path, datafile_error_cb cb, void *arg)
{
	struct datafile d = {.file = path, .cb = cb, .arg = arg};
	size_t len;
	char *text = datafile_read(&d, path, VULNS_FILE_MAX, &len);
	int rc;

	if (text == NULL) {
		db->n = 0;
		return d.errors;
	}
	rc = vulndb_parse(db, text, len, path, cb, arg);
	free(text);
	return rc;
}
