/*
 * A SIM record in a compact binary form (about 120 bytes instead of the
 * 700 of struct sim), for holding a million of them in memory: the rows of
 * an import that arrive out of ICCID order wait in it to be sorted.
 */
#ifndef AIRLOCK_SIM_PACK_H
#define AIRLOCK_SIM_PACK_H

#include "common/ibuf.h"
#include "common/obuf.h"
#include "registry/sim.h"

/* Append s, and a position (its line or item) to out. */
void sim_pack(struct obuf *out, const struct sim *s, unsigned long pos);
/* Read one record back; -EBADMSG on malformed input. */
int sim_unpack(struct ibuf *in, struct sim *s, unsigned long *pos);

#endif
