/*
 * The vulnerable-versions file's parser, the banner reader and the
 * version comparison, on anything. The input is the file; its first
 * line, split at a tab, also gives two versions to compare and a banner.
 * Checked promises: the callback is called once per error counted; a
 * range read has a known product, a CVE of the right form and a lower
 * bound not above its upper; a fixed build read has a version and a
 * revision that start with a digit; version_compare is antisymmetric and
 * reflexive; a version read from a banner is NUL-terminated, shorter than
 * VERSION_MAX and starts with a digit, and so is its distribution's
 * revision when it has one; vulndb_fixed never holds without one.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "count_errors.h"
#include "scan/versions.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
sign(int x)
{
	return (x > 0) - (x < 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vulndb db;
	char a[128] = "", b[128] = "";
	char *text = malloc(size ? size : 1), *tab;
	struct banner_version bv;
	size_t first = 0;
	int seen = 0, errors;

	if (text == NULL)
		abort();
	memcpy(text, data, size);
	errors = vulndb_parse(&db, text, size, "fuzz", count_errors, &seen);
	if (errors != seen)
		abort();
	for (size_t i = 0; i < db.n; i++) {
		const struct vuln_range *r = &db.v[i];

		if (strncmp(r->cve, "CVE-", 4) != 0 || r->severity == SEV_INFO)
			abort();
		if (r->lo.v[0] != '\0' && r->hi.v[0] != '\0' &&
		    version_compare(r->lo.v, r->hi.v) > 0)
			abort();
	}
	for (size_t i = 0; i < db.n_fixes; i++)
		if (db.fixes[i].version[0] < '0' ||
		    db.fixes[i].version[0] > '9' ||
		    db.fixes[i].revision[0] < '0' ||
		    db.fixes[i].revision[0] > '9' ||
		    strncmp(db.fixes[i].cve, "CVE-", 4) != 0)
			abort();
	while (first < size && first < sizeof(a) - 1 && data[first] != '\n' &&
	       data[first] != '\0')
		first++;
	memcpy(a, data, first);
	a[first] = '\0';
	tab = strchr(a, '\t');
	if (tab != NULL) {
		*tab = '\0';
		snprintf(b, sizeof(b), "%s", tab + 1);
	}
	if (sign(version_compare(a, b)) != -sign(version_compare(b, a)) ||
	    version_compare(a, a) != 0)
		abort();
	if (version_from_banner(a, &bv) &&
	    (strlen(bv.version) >= VERSION_MAX || bv.version[0] < '0' ||
	        bv.version[0] > '9'))
		abort();
	if (bv.revision[0] != '\0' &&
	    (strlen(bv.revision) >= VERSION_MAX || bv.revision[0] < '0' ||
	        bv.revision[0] > '9' || !bv.distro_build))
		abort();
	for (size_t i = 0; i < db.n_fixes; i++)
		if (bv.revision[0] == '\0' &&
		    vulndb_fixed(&db, &bv, db.fixes[i].cve))
			abort();
	free(text);
	return 0;
}
