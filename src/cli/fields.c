#include "cli/fields.h"

#include <stdint.h>
#include <string.h>
#include <sysexits.h>

#include "common/sizes.h"

void
fields_init(struct fields *f, const struct field *defs, size_t n)
{
	memset(f, 0, sizeof(*f));
	f->defs = defs;
	f->n = n < FIELDS_MAX ? n : FIELDS_MAX;
}

size_t
fields_opts(struct fields *f, struct args_opt *opts)
{
	for (size_t i = 0; i < f->n; i++) {
		memset(&opts[i], 0, sizeof(opts[i]));
		opts[i].name = f->defs[i].flag;
		opts[i].value = &f->vals[i];
	}
	return f->n;
}

/* The JSON for one given value; NULL after a message. */
static json_t *
fields_value(const struct field *d, const char *val)
{
	uint64_t bytes;
	json_t *v;

	if (val[0] == '\0')
		return json_null();
	if (d->kind == FIELD_SIZE) {
		if (size_parse(val, &bytes) < 0 || bytes > INT64_MAX) {
			cli_warnx("--%s: '%s' is not a size such as 500M or "
			          "1GiB",
			    d->flag, val);
			return NULL;
		}
		return json_integer((json_int_t)bytes);
	}
	v = json_string(val);
	if (v == NULL)
		cli_warnx("--%s: not valid UTF-8", d->flag);
	return v;
}

int
fields_body(const struct fields *f, json_t *obj)
{
	json_t *v;

	for (size_t i = 0; i < f->n; i++) {
		if (f->vals[i] == NULL)
			continue;
		v = fields_value(&f->defs[i], f->vals[i]);
		if (v == NULL ||
		    json_object_set_new(obj, f->defs[i].key, v) < 0)
			return EX_USAGE;
	}
	return EX_OK;
}

/* One "k=v" into labels; an empty one adds nothing, so that "--label ''"
 * alone sends {} and clears the set. */
static int
fields_label(json_t *labels, const char *kv)
{
	const char *eq = strchr(kv, '=');
	json_t *key = NULL, *v;
	int ret = EX_USAGE;

	if (kv[0] == '\0')
		return EX_OK;
	if (eq == NULL || eq == kv) {
		cli_warnx("--label wants key=value, not '%s'", kv);
		return EX_USAGE;
	}
	key = json_stringn(kv, (size_t)(eq - kv));
	v = json_string(eq + 1);
	if (key == NULL || v == NULL) {
		cli_warnx("--label %s: not valid UTF-8", kv);
		json_decref(v);
		goto out;
	}
	if (json_object_set_new(labels, json_string_value(key), v) == 0)
		ret = EX_OK;
out:
	json_decref(key);
	return ret;
}

int
fields_labels(const struct args_list *list, json_t *obj)
{
	json_t *labels;
	int ret = EX_OK;

	if (list->n == 0)
		return EX_OK;
	labels = json_object();
	for (size_t i = 0; i < list->n && ret == EX_OK; i++)
		ret = fields_label(labels, list->v[i]);
	if (ret == EX_OK && json_object_set_new(obj, "labels", labels) < 0)
		return EX_USAGE;
	if (ret != EX_OK)
		json_decref(labels);
	return ret;
}
