/*
 * Outdated software: the product and version a banner gives away
 * ("SSH-2.0-dropbear_2022.83", "BusyBox v1.35.0"), checked against a data
 * file of vulnerable version ranges, each with its CVE, and of the
 * distribution builds known to carry a fix under the old version
 * ("OpenSSH_9.2p1 Debian-2+deb12u3"). Pure: the parser reports every
 * error as file:line: message and keeps going.
 */
#ifndef AIRLOCK_VERSIONS_H
#define AIRLOCK_VERSIONS_H

#include <stddef.h>

#include "common/severity.h"
#include "scan/datafile.h"

#define VULNS_MAX 1024
#define VULN_FIXES_MAX 256
#define VULNS_FILE_MAX (512 * 1024)
#define VERSION_MAX 24
#define PRODUCT_MAX 16

/* One bound of a range: "" for none. */
struct version_bound {
	char v[VERSION_MAX];
	int inclusive;
};

struct vuln_range {
	char product[PRODUCT_MAX];
	struct version_bound lo, hi;
	char cve[24];
	enum event_severity severity;
	char summary[112];
	unsigned line;
};

/* A distribution's build of an upstream version that carries a CVE's
 * fix: that version, from that revision on. */
struct vuln_fix {
	char product[PRODUCT_MAX];
	char distro[PRODUCT_MAX];   /* as banners name it: "Debian" */
	char version[VERSION_MAX];  /* upstream: "9.2p1" */
	char revision[VERSION_MAX]; /* the first with the fix: "2+deb12u3" */
	char cve[24];
	unsigned line;
};

struct vulndb {
	size_t n, n_fixes;
	struct vuln_range v[VULNS_MAX];
	struct vuln_fix fixes[VULN_FIXES_MAX];
};

/* What a banner says of its software. */
struct banner_version {
	char product[PRODUCT_MAX];
	char version[VERSION_MAX];
	int distro_build;           /* a distribution's build (Debian...) */
	char distro[PRODUCT_MAX];   /* its name when it gives a revision */
	char revision[VERSION_MAX]; /* "2+deb12u3"; "" when not given */
};

/* Parse text into db (emptied first). Returns the number of errors. */
int vulndb_parse(struct vulndb *db, const char *text, size_t len,
    const char *file, datafile_error_cb cb, void *arg);

/* Read and parse a file; an unreadable or oversized one is one error at
 * line 0. */
int vulndb_load(
    struct vulndb *db, const char *path, datafile_error_cb cb, void *arg);

/* Compare versions segment by segment: runs of digits as numbers, runs
 * of letters as text, other characters as separators ("9.2p1" is 9, 2,
 * p, 1; "1.35.0" > "1.4.99"; "2022.83" > "2020.81"). <0, 0 or >0. */
int version_compare(const char *a, const char *b);

/* The product and version in a banner, if it names one the file knows:
 * 1, or 0; and whether it is a distribution's build, of which revision
 * ("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3": Debian, 2+deb12u3). */
int version_from_banner(const char *banner, struct banner_version *out);

/* Whether b's distribution build carries cve's fix, by the file's fixed
 * lines: 1, or 0. */
int vulndb_fixed(
    const struct vulndb *db, const struct banner_version *b, const char *cve);

/* The ranges that hold product's version, into out (at most max); their
 * number. */
size_t vulndb_match(const struct vulndb *db, const char *product,
    const char *version, const struct vuln_range **out, size_t max);

#endif
