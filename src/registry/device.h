/*
 * A device in the zone: with a SIM (M2M) or without (a LAN device). Its
 * rules and its JSON form; pure, shared by the API and the store.
 */
#ifndef AIRLOCK_DEVICE_H
#define AIRLOCK_DEVICE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "common/addr.h"
#include "common/jsonw.h"
#include "registry/sim.h"

/* A LAN device's own state; a device with a SIM follows the SIM's. */
enum device_state { DEVICE_ACTIVE, DEVICE_QUARANTINED };

struct device {
	int64_t id;
	char name[64];
	char sim[21]; /* ICCID, empty for a LAN device */
	char mac[18]; /* aa:bb:cc:dd:ee:ff */
	char ip[ADDR_STRLEN];
	char vendor[64];
	char model[64];
	char firmware[64];
	char profile[64];
	enum device_state state; /* changed only by quarantine and release */
	int risk_score;          /* -1 until scanned */
	int64_t last_scan;
	int64_t created;
	int64_t updated;
};

const char *device_state_name(enum device_state s);
int device_state_parse(const char *s, enum device_state *out);

void device_json_write(struct jsonw *w, const struct device *d);
/* Apply the members of a JSON object to d: name, sim, mac, ip, vendor,
 * model, firmware, profile; the ip must fall inside one of nets. id,
 * risk_score, last_scan, created and updated are ignored; a state other
 * than d's is refused (it changes through quarantine and release only),
 * the same one passes, so that a record read can be sent back. Returns the
 * number of errors added to errs. */
int device_json_apply(struct device *d, json_t *obj, const struct cidr *nets,
    size_t n_nets, struct field_errors *errs);

#endif
