/*
 * JSON request bodies: the bulk import of a JSON array, and the body of a
 * single POST or PATCH, parsed the way the API parses it and applied onto a
 * SIM with every combination of flags. A record that applied cleanly is
 * written back out with sim_json_write(): the output must be valid JSON and
 * must read back to the same record, which is what a client that GETs and
 * then PUTs a SIM relies on. Device bodies get the same treatment.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "common/jsonw.h"
#include "common/obuf.h"
#include "registry/device.h"
#include "registry/import.h"
#include "registry/sim_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
count_row(void *arg, const struct sim *s, unsigned long pos,
    struct import_report *rep)
{
	(void)s;
	(void)rep;
	if (pos == 0)
		abort();
	(*(unsigned long *)arg)++;
	return 0;
}

static void
fuzz_import(const uint8_t *data, size_t size)
{
	struct cidr net;
	struct import_report rep;
	struct import_ctx ctx = {.nets = &net, .n_nets = 1, .cb = count_row};
	unsigned long good = 0;
	int rc;

	if (cidr_parse("10.64.0.0/10", &net) < 0 ||
	    import_report_init(&rep, IMPORT_JSON) < 0)
		abort();
	ctx.arg = &good;
	rc = import_json((const char *)data, size, &ctx, &rep);
	if ((rc == 0) != (rep.error_count == 0) || rep.bad_rows > rep.rows ||
	    good != rep.rows - rep.bad_rows)
		abort();
	import_report_reset(&rep);
}

static int
sim_same(const struct sim *a, const struct sim *b)
{
	return strcmp(a->iccid, b->iccid) == 0 &&
	       strcmp(a->imsi, b->imsi) == 0 &&
	       strcmp(a->msisdn, b->msisdn) == 0 &&
	       strcmp(a->apn, b->apn) == 0 &&
	       strcmp(a->static_ip, b->static_ip) == 0 &&
	       a->state == b->state && a->imei_policy == b->imei_policy &&
	       a->imei_match == b->imei_match &&
	       strcmp(a->bound_imei, b->bound_imei) == 0 &&
	       a->data_limit == b->data_limit &&
	       strcmp(a->profile, b->profile) == 0 &&
	       strcmp(a->labels, b->labels) == 0;
}

/* Write s as the API would, read it back, and compare. */
static void
round_trip(const struct sim *s)
{
	struct field_errors errs = {0};
	struct obuf ob;
	struct jsonw w;
	struct sim back;
	json_error_t jerr;
	json_t *obj;

	obuf_init(&ob, 1 << 16);
	jsonw_init(&w, &ob);
	sim_json_write(&w, s);
	if (obuf_failed(&ob))
		abort();
	obj = json_loadb(ob.data, ob.len, JSON_REJECT_DUPLICATES, &jerr);
	if (obj == NULL)
		abort(); /* the API wrote invalid JSON */
	sim_init(&back);
	if (sim_json_apply(&back, obj, 0, &errs) != 0 || !sim_same(s, &back))
		abort();
	json_decref(obj);
	obuf_reset(&ob);
}

static void
apply(json_t *obj, unsigned flags, int prefilled)
{
	struct field_errors errs = {0};
	struct field_error fe;
	struct sim s;
	int n;

	sim_init(&s);
	if (prefilled) {
		/* A stored record, as a PATCH finds it. */
		if (sim_set_field(&s, "iccid", "8944100000000000018", &fe) ||
		    sim_set_field(&s, "apn", "m2m.example", &fe) ||
		    sim_set_field(&s, "labels", "site=leeds", &fe) ||
		    sim_set_field(&s, "profile", "meter", &fe))
			abort();
	}
	n = sim_json_apply(&s, obj, flags, &errs);
	if (n < 0 || (size_t)n < errs.n || errs.n > FIELD_ERRORS_MAX ||
	    ((size_t)n > errs.n && errs.n != FIELD_ERRORS_MAX))
		abort();
	if (n == 0 && s.iccid[0] != '\0')
		round_trip(&s);
}

static int
device_same(const struct device *a, const struct device *b)
{
	return strcmp(a->name, b->name) == 0 && strcmp(a->sim, b->sim) == 0 &&
	       strcmp(a->mac, b->mac) == 0 && strcmp(a->ip, b->ip) == 0 &&
	       strcmp(a->vendor, b->vendor) == 0 &&
	       strcmp(a->model, b->model) == 0 &&
	       strcmp(a->firmware, b->firmware) == 0 &&
	       strcmp(a->profile, b->profile) == 0;
}

/* A device body, applied; a clean one must write valid JSON that applies
 * back to the same record. */
static void
apply_device(json_t *obj)
{
	struct field_errors errs = {0};
	struct device d = {.risk_score = -1}, back = {.risk_score = -1};
	struct cidr net;
	struct obuf ob;
	struct jsonw w;
	json_error_t jerr;
	json_t *out;

	if (cidr_parse("10.64.0.0/10", &net) < 0)
		abort();
	if (device_json_apply(&d, obj, &net, 1, &errs) != 0)
		return;
	obuf_init(&ob, 1 << 16);
	jsonw_init(&w, &ob);
	device_json_write(&w, &d);
	out = json_loadb(ob.data, ob.len, JSON_REJECT_DUPLICATES, &jerr);
	if (out == NULL || device_json_apply(&back, out, &net, 1, &errs) != 0 ||
	    !device_same(&d, &back))
		abort();
	json_decref(out);
	obuf_reset(&ob);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t jerr;
	json_t *obj;

	fuzz_import(data, size);
	obj =
	    json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
	if (obj == NULL)
		return 0;
	for (unsigned flags = 0; flags < 4; flags++)
		apply(obj, flags, 0);
	apply(obj, SIM_JSON_NO_ICCID | SIM_JSON_NO_STATE, 1);
	apply_device(obj);
	/* Each member of an array too, as the import sees them. */
	if (json_is_array(obj)) {
		size_t i;
		json_t *item;

		json_array_foreach (obj, i, item) {
			if (i >= 8)
				break;
			apply(item, 0, 0);
		}
	}
	json_decref(obj);
	return 0;
}
