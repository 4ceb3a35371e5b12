/*
 * A progress line on stderr for imports and analyses: a bar, bytes done of
 * the total and the rate, then for an import "validating and committing…"
 * with the seconds waited, because a large import spends most of its time
 * on the server after the last byte. It shows only when stderr is a terminal,
 * so logs and pipes never see it, and it erases itself at the end.
 */
#ifndef AIRLOCK_PROGRESS_H
#define AIRLOCK_PROGRESS_H

#include <stdint.h>

struct progress {
	const char *verb;  /* "uploading", "reading" */
	const char *after; /* shown once every byte went; NULL for nothing */
	const char *unit;  /* what is counted: NULL for bytes, else "probes" */
	int on;            /* stderr is a terminal */
	int drawn;         /* a line is on the screen */
	double start;      /* monotonic seconds at init */
	double sent_at;    /* when the last byte went; 0 before */
	double last_draw;  /* to redraw at most ten times a second */
};

/* verb names what happens to the bytes; after, what the wait after the
 * last byte is ("validating and committing"), or NULL. */
void progress_init(struct progress *p, const char *verb, const char *after);
/* sent bytes of total have gone up. Cheap to call often. */
void progress_update(struct progress *p, uint64_t sent, uint64_t total);
/* Erase the line so that what follows starts on a clean one. */
void progress_done(struct progress *p);

#endif
