/*
 * airlock analyze: captures and Zeek conn.logs read offline through the
 * detection engine (src/detect/), and the per-device report it prints.
 * Nothing here talks to a server.
 */
#ifndef AIRLOCK_ANALYZE_H
#define AIRLOCK_ANALYZE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "detect/detect.h"

/* What one input file gave. */
struct analyze_file {
	const char *path;
	const char *kind;   /* "pcap", "conn.log"; NULL when neither */
	size_t order;       /* on the command line */
	uint64_t first_us;  /* its first packet's time: files are read by it */
	uint64_t records;   /* packets or flow records read */
	uint64_t malformed; /* packets the decoder refused */
	char error[512]; /* why the reading stopped early; "" if it did not */
};

struct analysis {
	struct detection *events; /* in the order they came */
	size_t n_events, cap_events;
	int out_of_memory;
	struct analyze_file *files;
	size_t n_files;
	/* The engine's aggregates of the devices reported: those with an
	 * event, or with --all every one it still holds. */
	struct detect_device *devices;
	size_t n_devices, cap_devices;
	int all;
	struct detect_stats stats;
	double seconds; /* wall time of the reading */
};

/* The engine's emit callback: arg is a struct analysis. */
void analyze_collect(void *arg, const struct detection *ev);
/* detect_foreach_device()'s callback: keeps the devices to report. */
void analyze_collect_device(const struct detect_device *dev, void *arg);

/* The report, one row per (device, event type), devices in address order;
 * or as JSON. */
void analyze_report_table(struct analysis *a, FILE *fp);
void analyze_report_json(struct analysis *a, FILE *fp);

#endif
