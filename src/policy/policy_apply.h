/*
 * The kernel side of the policy: nft scripts run through libnftables, each
 * one atomic transaction, and the table's listing read back. Only the
 * parent, which holds CAP_NET_ADMIN, uses it.
 */
#ifndef AIRLOCK_POLICY_APPLY_H
#define AIRLOCK_POLICY_APPLY_H

#include <stddef.h>

#include "common/obuf.h"

struct policy_apply;

/* NULL when libnftables cannot make a context. The caller frees it. */
struct policy_apply *policy_apply_new(void);
void policy_apply_free(struct policy_apply *pa);

/*
 * Run a script in one transaction. With check, the kernel validates the
 * whole transaction and aborts it (a dry run: nothing changes). Returns 0,
 * or -1 with nft's message, trimmed, in err.
 */
int policy_apply_run(struct policy_apply *pa, const char *script, int check,
    char *err, size_t errlen);

/* The table's listing, without counter values, appended to out. Returns
 * 0, 1 when the table does not exist, or -1 with the message in err. */
int policy_apply_list(
    struct policy_apply *pa, struct obuf *out, char *err, size_t errlen);

/* The output of a listing command ("list set inet airlock exposure4"),
 * with counters, appended to out. 0, or -1 with the message in err. */
int policy_apply_query(struct policy_apply *pa, const char *cmd,
    struct obuf *out, char *err, size_t errlen);

#endif
