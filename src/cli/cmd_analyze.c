/*
 * airlock analyze FILE... --devices CIDR [--set NAME=VALUE]... [--all]
 *     [--json]
 *
 * The report has a row per device and event type; --all adds a row for
 * every device seen without an event.
 *
 * Each file is a capture (pcap or pcapng, told by its magic number) or a
 * Zeek conn.log (text starting with '#'). They are read through one
 * engine as one stream, in the order of their first packet's time: a
 * shell glob sorts "capture-10" before "capture-2", and the windows the
 * detectors count in must see time go forward. A file that stops in the
 * middle (cut, corrupt) is reported with the byte offset or line, what
 * was read before it stays in the analysis, and the exit code is then
 * EX_DATAERR, after the report.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>

#include "cli/analyze.h"
#include "cli/args.h"
#include "cli/cmd.h"
#include "cli/progress.h"
#include "common/clock.h"
#include "common/memavail.h"
#include "detect/detect_pipeline.h"
#include "monitor/capture.h"
#include "monitor/connlog.h"
#include "monitor/connlog_file.h"
#include "monitor/decode.h"

#define PROGRESS_EVERY 65536 /* records between two progress updates */
/* The most of a record the engine reads: the largest IP packet without
 * jumbograms, and room for its link header (Ethernet with VLAN tags,
 * Linux cooked). A longer record is cut to it, and counted malformed if
 * that cuts an IP packet. */
#define CAPTURE_SNAPLEN (65535 + 64)

struct reader {
	struct detect *d;
	struct detect_pipeline *pipe; /* captures go through it */
	struct progress bar;
	uint64_t done, total; /* bytes of the files before this one, all */
};

/* "pcap" for pcap and pcapng, "conn.log" for text starting with '#',
 * NULL (err filled) for anything else. */
static const char *
sniff(const char *path, char *err, size_t errlen)
{
	unsigned char m[4];
	FILE *fp = fopen(path, "rb");
	size_t n;

	if (fp == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	n = fread(m, 1, sizeof(m), fp);
	fclose(fp);
	if (n >= 1 && m[0] == '#')
		return "conn.log";
	/* pcap in either byte order, with micro- or nanoseconds; pcapng */
	if (n == 4 &&
	    ((m[0] == 0xd4 && m[1] == 0xc3) || (m[0] == 0xa1 && m[1] == 0xb2) ||
	        (m[0] == 0x4d && m[1] == 0x3c) ||
	        memcmp(m, "\n\r\r\n", 4) == 0))
		return "pcap";
	snprintf(err, errlen,
	    "%s: neither a capture (pcap, pcapng) nor a Zeek conn.log "
	    "(its first line starts with '#')",
	    path);
	return NULL;
}

/* The time of the file's first packet or record; 0 when it has none. */
static uint64_t
first_time(const char *path, const char *kind)
{
	char err[512];
	uint64_t ts = 0;

	if (kind != NULL && strcmp(kind, "pcap") == 0) {
		struct capture *c = capture_open_file(path, err, sizeof(err));
		const uint8_t *data;
		size_t caplen, wirelen;

		if (c != NULL &&
		    capture_next(c, &data, &caplen, &wirelen, &ts) != 1)
			ts = 0;
		capture_close(c);
	} else if (kind != NULL) {
		struct connlog_file *c =
		    connlog_file_open(path, err, sizeof(err));
		struct conn_record rec;

		if (c != NULL && connlog_file_next(c, &rec) == 1)
			ts = (uint64_t)rec.ts_us;
		connlog_file_close(c);
	}
	return ts;
}

static int
by_first_time(const void *p, const void *q)
{
	const struct analyze_file *x = p, *y = q;

	if (x->first_us != y->first_us)
		return x->first_us < y->first_us ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void
read_capture(struct reader *r, struct analyze_file *f)
{
	struct capture *c = capture_open_file(f->path, f->error,
	    sizeof(f->error));
	const uint8_t *data;
	size_t caplen, wirelen;
	uint64_t ts;
	int link, rc;

	if (c == NULL)
		return;
	link = capture_link(c);
	while ((rc = capture_next(c, &data, &caplen, &wirelen, &ts)) == 1) {
		rc = detect_pipeline_push(
		    r->pipe, link, data, caplen, (uint32_t)wirelen, ts);
		if (rc == DECODE_ETRUNC || rc == DECODE_EMALFORMED)
			f->malformed++; /* what was decoded counts */
		if (capture_count(c) % PROGRESS_EVERY == 0)
			progress_update(&r->bar, r->done + capture_offset(c),
			    r->total);
	}
	/* the next file's packets, or the report, come after these */
	detect_pipeline_drain(r->pipe);
	if (rc < 0)
		snprintf(f->error, sizeof(f->error), "%s", capture_error(c));
	f->records = capture_count(c);
	capture_close(c);
}

static void
read_connlog(struct reader *r, struct analyze_file *f)
{
	struct connlog_file *c =
	    connlog_file_open(f->path, f->error, sizeof(f->error));
	struct conn_record rec;
	int rc;

	if (c == NULL)
		return;
	while ((rc = connlog_file_next(c, &rec)) == 1) {
		detect_conn(r->d, &rec);
		if (++f->records % PROGRESS_EVERY == 0)
			progress_update(&r->bar,
			    r->done + connlog_file_offset(c), r->total);
	}
	if (rc < 0)
		snprintf(
		    f->error, sizeof(f->error), "%s", connlog_file_error(c));
	connlog_file_close(c);
}

static int
setup(struct detect_conf *c, const struct args_list *devices,
    const struct args_list *sets)
{
	char err[256], buf[256], *tok, *save, *eq;

	detect_conf_defaults(c);
	for (size_t i = 0; i < devices->n; i++) {
		if (strlen(devices->v[i]) >= sizeof(buf)) {
			cli_warnx("--devices: longer than %zu characters: give "
			          "it several times",
			    sizeof(buf) - 1);
			return -1;
		}
		snprintf(buf, sizeof(buf), "%s", devices->v[i]);
		for (tok = strtok_r(buf, ",", &save); tok != NULL;
		     tok = strtok_r(NULL, ",", &save))
			if (detect_conf_add_devices(c, tok, err, sizeof(err)) <
			    0) {
				cli_warnx("--devices: %s", err);
				return -1;
			}
	}
	if (c->n_devices == 0) {
		cli_warnx("--devices CIDR is needed: the networks whose hosts "
		          "are the devices");
		return -1;
	}
	for (size_t i = 0; i < sets->n; i++) {
		if (strlen(sets->v[i]) >= sizeof(buf)) {
			cli_warnx("--set: longer than %zu characters",
			    sizeof(buf) - 1);
			return -1;
		}
		snprintf(buf, sizeof(buf), "%s", sets->v[i]);
		eq = strchr(buf, '=');
		if (eq == NULL) {
			cli_warnx("--set %s: NAME=VALUE expected", sets->v[i]);
			return -1;
		}
		*eq = '\0';
		if (detect_conf_set(c, buf, eq + 1, err, sizeof(err)) < 0) {
			cli_warnx("--set: %s", err);
			return -1;
		}
	}
	return 0;
}

static uint64_t
file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
}

/* The tables' memory is claimed whole at start, and a small input cannot
 * fill the default ones: every entry needs a record of 32 bytes at least
 * (a pcap record's header and an IP header; a conn.log line), so the
 * tables are cut to eight times what the input could fill. At that load a
 * bucket of eight overflows about once in a million; the devices' table,
 * which a record between two devices fills twice, about once in 4,000,
 * and then only the bucket's oldest device is forgotten. */
static void
fit_tables(struct detect_conf *c, uint64_t input_bytes)
{
	uint64_t room = input_bytes / 32 * 8;
	size_t *caps[] = {&c->max_flows, &c->max_devices, &c->max_peers};

	if (room < 4096)
		room = 4096;
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		if (*caps[i] > room)
			*caps[i] = (size_t)room;
}

int
cmd_analyze(struct cli *cli, int argc, char **argv)
{
	static const char *files[ARGS_LIST_MAX];
	struct args_list devices = {0}, sets = {0};
	struct analysis a = {0};
	const struct args_opt opts[] = {
	    {"devices", NULL, NULL, &devices},
	    {"set", NULL, NULL, &sets},
	    {"all", &a.all, NULL, NULL},
	    {NULL, NULL, NULL, NULL},
	};
	struct reader r = {0};
	struct detect_conf conf;
	char err[256];
	int n, failed = 0;
	double start;

	n = args_parse(cli, argc, argv, opts, files, 1, ARGS_LIST_MAX);
	if (n < 0)
		return args_exit(n);
	if (setup(&conf, &devices, &sets) < 0) {
		cli_usage(cli, stderr);
		return EX_USAGE;
	}
	for (int i = 0; i < n; i++)
		r.total += file_size(files[i]);
	fit_tables(&conf, r.total);
	if (mem_check(detect_memory(&conf),
	        "the detection tables (--set max-flows, max-peers, "
	        "max-devices)",
	        err, sizeof(err)) < 0) {
		cli_warnx("%s", err);
		return EX_OSERR;
	}
	r.d = detect_new(&conf, analyze_collect, &a);
	r.pipe = r.d == NULL ? NULL : detect_pipeline_new(r.d, CAPTURE_SNAPLEN);
	a.files = calloc((size_t)n, sizeof(*a.files));
	if (r.pipe == NULL || a.files == NULL) {
		cli_warnx("out of memory for the detection tables");
		detect_pipeline_free(r.pipe);
		detect_free(r.d);
		free(a.files);
		return EX_OSERR;
	}
	for (int i = 0; i < n; i++) {
		struct analyze_file *f = &a.files[a.n_files++];

		f->path = files[i];
		f->order = (size_t)i;
		f->kind = sniff(f->path, f->error, sizeof(f->error));
		f->first_us = first_time(f->path, f->kind);
	}
	qsort(a.files, a.n_files, sizeof(*a.files), by_first_time);
	progress_init(&r.bar, "reading", NULL);
	start = monotonic_seconds();
	for (size_t i = 0; i < a.n_files; i++) {
		struct analyze_file *f = &a.files[i];

		if (f->kind != NULL && strcmp(f->kind, "pcap") == 0)
			read_capture(&r, f);
		else if (f->kind != NULL)
			read_connlog(&r, f);
		r.done += file_size(f->path);
		if (f->error[0] != '\0')
			failed = 1;
	}
	a.seconds = monotonic_seconds() - start;
	progress_done(&r.bar);
	detect_flush(r.d);
	detect_get_stats(r.d, &a.stats);
	detect_foreach_device(r.d, analyze_collect_device, &a);
	for (size_t i = 0; i < a.n_files; i++)
		if (a.files[i].error[0] != '\0')
			cli_warnx("%s", a.files[i].error);
	if (a.out_of_memory)
		cli_warnx("out of memory: some events were not kept");
	if (cli->json)
		analyze_report_json(&a, stdout);
	else
		analyze_report_table(&a, stdout);
	detect_pipeline_free(r.pipe);
	detect_free(r.d);
	free(a.events);
	free(a.devices);
	free(a.files);
	return failed || a.out_of_memory ? EX_DATAERR : EX_OK;
}
