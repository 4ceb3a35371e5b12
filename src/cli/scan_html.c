/*
 * The scan's report as one self-contained HTML page (--html FILE): the
 * fleet's summary, then each device with findings, worst first, with its
 * open ports and its findings, their provisions and remedies. No script,
 * no external resource: the page can be mailed, archived or opened on a
 * machine without network. Every text from a device (banners, evidence)
 * is escaped: a banner is attacker-chosen, and the page must not run it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/scan.h"
#include "scan/probe_tls.h"
#include "scan/scan_finding.h"
#include "scan/scan_ports.h"

void
scan_html_text(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '&':
			fputs("&amp;", fp);
			break;
		case '<':
			fputs("&lt;", fp);
			break;
		case '>':
			fputs("&gt;", fp);
			break;
		case '"':
			fputs("&quot;", fp);
			break;
		case '\'':
			fputs("&#39;", fp);
			break;
		default:
			fputc(*s, fp);
		}
}

static const char style[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}"
    "table{border-collapse:collapse;margin:.5em 0 1.5em}"
    "td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;"
    "vertical-align:top}th{background:#f2f2f2}"
    ".g{display:inline-block;width:1.6em;text-align:center;color:#fff;"
    "border-radius:3px;font-weight:bold}"
    ".gA{background:#2e7d32}.gB{background:#689f38}.gC{background:#f9a825}"
    ".gD{background:#ef6c00}.gE{background:#d84315}.gF{background:#b71c1c}"
    ".critical{color:#b71c1c;font-weight:bold}.high{color:#d84315}"
    ".medium{color:#ef6c00}code{font-size:12px}";

struct ranked {
	const struct scan_host *h;
	struct scan_verdict v;
};

static int
by_score(const void *p, const void *q)
{
	const struct ranked *a = p, *b = q;

	if (a->v.score != b->v.score)
		return a->v.score < b->v.score ? 1 : -1;
	return (a->h > b->h) - (a->h < b->h); /* the scan's order */
}

static void
summary(const struct scan_report *r, const struct ranked *d, size_t n, FILE *fp)
{
	size_t up = 0, sev[SEV_COUNT] = {0};
	char when[32];
	time_t now = time(NULL);

	for (size_t i = 0; i < r->n_hosts; i++)
		up += r->hosts[i].state == SCAN_HOST_UP;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < d[i].v.n; k++)
			sev[d[i].v.f[k].severity]++;
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", gmtime(&now));
	fprintf(fp,
	    "<h1>airlock security scan</h1><p>%s: %zu addresses, %zu up, "
	    "%zu with findings (%zu critical, %zu high, %zu medium, %zu "
	    "low), in %.1f s.</p>\n",
	    when, r->n_hosts, up, n, sev[SEV_CRITICAL], sev[SEV_HIGH],
	    sev[SEV_MEDIUM], sev[SEV_LOW], r->stats->seconds);
}

/* A TLS port's handshake and certificate, after its banner. */
static void
tls_cell(const struct tls_facts *t, FILE *fp)
{
	char text[256];

	if (t == NULL || !t->handshake)
		return;
	snprintf(text, sizeof(text), "%s, CN %s, %s %u bits, %s, until %s",
	    t->version, t->subject[0] ? t->subject : "(none)", t->key_type,
	    t->key_bits, t->signature, t->not_after);
	fputs("<br>", fp);
	scan_html_text(fp, text);
}

static void
device(const struct ranked *d, FILE *fp)
{
	char addr[ADDR_STRLEN];

	ipaddr_format(&d->h->addr, addr, sizeof(addr));
	fprintf(fp, "<h2><span class=\"g g%c\">%c</span> %s, risk %u</h2>\n",
	    d->v.grade, d->v.grade, addr, d->v.score);
	fputs("<table><tr><th>port</th><th>service</th><th>banner</th></tr>\n",
	    fp);
	for (size_t i = 0; i < d->h->n_open; i++) {
		fprintf(fp, "<tr><td>%u/%s</td><td>%s</td><td><code>",
		    d->h->open[i].port,
		    d->h->open[i].proto == SCAN_UDP ? "udp" : "tcp",
		    scan_udp_service(&d->h->open[i]));
		scan_html_text(fp, d->h->open[i].banner);
		tls_cell(d->h->open[i].tls, fp);
		fputs("</code></td></tr>\n", fp);
	}
	fputs("</table><table><tr><th>severity</th><th>finding</th>"
	      "<th>evidence</th><th>provisions</th><th>remedy</th></tr>\n",
	    fp);
	for (size_t i = 0; i < d->v.n; i++) {
		const struct scan_finding *f = &d->v.f[i];
		const char *sev = event_severity_name(f->severity);

		fprintf(fp, "<tr><td class=\"%s\">%s</td><td>%s<br>", sev, sev,
		    f->kind->id);
		scan_html_text(fp, f->kind->title);
		fputs("</td><td><code>", fp);
		scan_html_text(fp, f->evidence);
		fputs("</code></td><td>", fp);
		scan_html_text(fp, f->kind->provisions);
		fputs("</td><td>", fp);
		scan_html_text(fp, f->kind->remedy);
		fputs("</td></tr>\n", fp);
	}
	fputs("</table>\n", fp);
}

int
scan_report_html(const struct scan_report *r, FILE *fp)
{
	struct ranked *d = calloc(r->n_hosts ? r->n_hosts : 1, sizeof(*d));
	size_t n = 0;

	if (d == NULL)
		return -1;
	for (size_t i = 0; i < r->n_hosts; i++) {
		d[n].h = &r->hosts[i];
		scan_verdict(d[n].h, r->vulns, &d[n].v);
		n += d[n].v.n > 0;
	}
	qsort(d, n, sizeof(*d), by_score);
	fprintf(fp,
	    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
	    "charset=\"utf-8\"><title>airlock security scan</title>"
	    "<style>%s</style></head><body>\n",
	    style);
	summary(r, d, n, fp);
	for (size_t i = 0; i < n; i++)
		device(&d[i], fp);
	if (n == 0)
		fputs("<p>No finding on any device.</p>\n", fp);
	fputs("</body></html>\n", fp);
	free(d);
	return ferror(fp) ? -1 : 0;
}
