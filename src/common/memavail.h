/*
 * The memory the kernel can give without swapping (MemAvailable in
 * /proc/meminfo): what a process about to claim a large table checks
 * first, so that it refuses with a clear error instead of being killed
 * by the kernel for want of memory once it writes to it.
 */
#ifndef AIRLOCK_MEMAVAIL_H
#define AIRLOCK_MEMAVAIL_H

#include <stddef.h>
#include <stdint.h>

/* Bytes available, or 0 when unknown (no /proc, an older kernel). */
uint64_t mem_available(void);
/* 0 when need bytes fit in what is available (or that is unknown);
 * otherwise -1 with err saying how much was needed and how much there
 * is, for "what" (e.g. "the detection tables"). */
int mem_check(uint64_t need, const char *what, char *err, size_t errlen);

#endif
