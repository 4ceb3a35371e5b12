/*
 * A limit on the events a role sends: one per (type, subject) per minute,
 * and at most EVLIMIT_PER_SECOND in all. A misconfigured peer or an attack
 * can make every packet an event; the parent and the store must not pay
 * for each. What is held back is counted, and the next event of the same
 * kind says how many. Direct-mapped: a collision forgets the older kind.
 */
#ifndef AIRLOCK_EVLIMIT_H
#define AIRLOCK_EVLIMIT_H

#include <stdint.h>
#include <time.h>

#define EVLIMIT_SLOTS 4096
#define EVLIMIT_WINDOW 60
#define EVLIMIT_PER_SECOND 100

struct evlimit;

/* NULL when memory runs out; the caller frees it. */
struct evlimit *evlimit_new(void);
void evlimit_free(struct evlimit *l);
/* Whether an event may go now; *suppressed gets how many of its kind were
 * held back since the last one that went. */
int evlimit_allow(struct evlimit *l, const char *type, const char *subject,
    time_t now, uint32_t *suppressed);

#endif
