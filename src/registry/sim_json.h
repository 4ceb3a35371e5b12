/*
 * SIM records to and from JSON. Output goes through jsonw; input is a
 * jansson object whose members are converted to text and handed to
 * sim_set_field(), so JSON and CSV input are checked by the same code.
 */
#ifndef AIRLOCK_SIM_JSON_H
#define AIRLOCK_SIM_JSON_H

#include <jansson.h>

#include "common/jsonw.h"
#include "registry/sim.h"

/* Members that may not be set through this call. */
#define SIM_JSON_NO_ICCID 0x1 /* PATCH: the key is in the URL */
#define SIM_JSON_NO_STATE 0x2 /* PATCH: state changes go through actions */

void sim_json_write(struct jsonw *w, const struct sim *s);
/* Apply every member of obj to s. Returns the number of errors added to
 * errs (0 when all applied). created, updated and last_seen are read-only
 * and ignored, so a record read from the API can be sent back. */
int sim_json_apply(struct sim *s, json_t *obj, unsigned flags,
    struct field_errors *errs);
/* Labels in canonical "k=v,k=v" form as a JSON object. */
void sim_json_labels(struct jsonw *w, const char *labels);

#endif
