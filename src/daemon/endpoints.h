/*
 * The enforcer's memory of what it put in the kernel: each SIM's and LAN
 * device's endpoint, by its key ("s" and the ICCID, "d" and the device
 * id), so that a change can remove exactly the elements the old one added.
 * Open addressing with linear probing; about 60 bytes per endpoint.
 */
#ifndef AIRLOCK_ENDPOINTS_H
#define AIRLOCK_ENDPOINTS_H

#include <stddef.h>

#include "policy/policy.h"

#define ENDPOINT_KEY_MAX 24

struct endpoint {
	char key[ENDPOINT_KEY_MAX]; /* "" when the slot is free */
	int deleted;                /* a tombstone, so probes go on */
	struct policy_endpoint ep;
};

struct endpoints {
	size_t cap;  /* a power of two */
	size_t used; /* live and tombstones */
	size_t live;
	struct endpoint *v;
};

void endpoints_init(struct endpoints *t);
void endpoints_reset(struct endpoints *t);
/* The endpoint with this key, or NULL. */
struct endpoint *endpoints_get(const struct endpoints *t, const char *key);
/* Insert or replace; -1 when memory runs out. */
int endpoints_put(
    struct endpoints *t, const char *key, const struct policy_endpoint *ep);
void endpoints_del(struct endpoints *t, const char *key);
/* Every live endpoint into an array the caller frees; NULL (and *n 0)
 * when there is none or memory runs out. */
struct policy_endpoint *endpoints_all(const struct endpoints *t, size_t *n);

#endif
