/*
 * A progress line on stderr for imports: a bar, bytes sent of the total and
 * the rate while the file goes up, then "validating and committing…" with
 * the seconds waited, because a large import spends most of its time on
 * the server after the last byte. It shows only when stderr is a terminal,
 * so logs and pipes never see it, and it erases itself at the end.
 */
#ifndef AIRLOCK_PROGRESS_H
#define AIRLOCK_PROGRESS_H

#include <stdint.h>

struct progress {
	int on;           /* stderr is a terminal */
	int drawn;        /* a line is on the screen */
	double start;     /* monotonic seconds at init */
	double sent_at;   /* when the last byte went; 0 before */
	double last_draw; /* to redraw at most ten times a second */
};

void progress_init(struct progress *p);
/* sent bytes of total have gone up. Cheap to call often. */
void progress_update(struct progress *p, uint64_t sent, uint64_t total);
/* Erase the line so that what follows starts on a clean one. */
void progress_done(struct progress *p);

#endif
