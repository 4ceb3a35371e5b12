/*
 * airlock scan: what cmd_scan.c hands to its report (scan_report.c).
 */
#ifndef AIRLOCK_CLI_SCAN_H
#define AIRLOCK_CLI_SCAN_H

#include <stdio.h>

#include "scan/scanner.h"
#include "scan/versions.h"

struct scan_report {
	const struct scan_host *hosts;
	size_t n_hosts;
	const struct scan_stats *stats;
	const struct vulndb *vulns; /* the banners' versions are checked */
	int all; /* --all: every address, up or not, with or without findings */
};

void scan_report_table(const struct scan_report *r, FILE *fp);
void scan_report_json(const struct scan_report *r, FILE *fp);
/* scan_html.c: the page; 0, or -1 when memory or the file failed. */
int scan_report_html(const struct scan_report *r, FILE *fp);
/* s as HTML text: & < > " ' escaped. */
void scan_html_text(FILE *fp, const char *s);

#endif
