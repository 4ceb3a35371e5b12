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
	int risk_score; /* -1 until scanned */
	int64_t last_scan;
	int64_t created;
	int64_t updated;
};

void device_json_write(struct jsonw *w, const struct device *d);
/* Apply the members of a JSON object to d: name, sim, mac, ip, vendor,
 * model, firmware, profile; the ip must fall inside one of nets. id,
 * risk_score, last_scan, created and updated are ignored. Returns the
 * number of errors added to errs. */
int device_json_apply(struct device *d, json_t *obj, const struct cidr *nets,
    size_t n_nets, struct field_errors *errs);

#endif
