/*
 * JSON imports: an array of SIM objects (positions are 1-based items), or
 * NDJSON, one object per line (positions are lines). Each object goes
 * through sim_json_apply(), the same checks as a single POST.
 */
#include "registry/import.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "registry/sim_json.h"

static void
json_row(json_t *obj, unsigned long pos, const struct import_ctx *ctx,
    struct import_report *rep)
{
	struct field_errors errs = {0};
	struct sim s;

	sim_init(&s);
	sim_json_apply(&s, obj, ctx->no_state ? SIM_JSON_NO_STATE : 0, &errs);
	if (errs.n == 0 && json_object_get(obj, "iccid") == NULL) {
		struct field_error *fe = field_errors_next(&errs);

		snprintf(fe->field, sizeof(fe->field), "iccid");
		snprintf(fe->msg, sizeof(fe->msg), "is required");
	}
	import_finish_row(ctx, &s, pos, &errs, rep);
}

static void
syntax_error(struct import_report *rep, unsigned long pos,
    const json_error_t *jerr)
{
	char msg[192];

	snprintf(msg, sizeof(msg), "invalid JSON at line %d, column %d: %.120s",
	    jerr->line, jerr->column, jerr->text);
	rep->rows++;
	rep->bad_rows++;
	import_report_add(rep, pos, "", msg);
}

int
import_json(const char *data, size_t len, const struct import_ctx *ctx,
    struct import_report *rep)
{
	json_error_t jerr;
	json_t *root, *item;
	size_t i;

	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		syntax_error(rep, 0, &jerr);
		return -EINVAL;
	}
	if (!json_is_array(root)) {
		import_report_add(rep, 0, "", "a JSON import must be an array "
					      "of SIM objects");
		goto out;
	}
	json_array_foreach(root, i, item)
		json_row(item, (unsigned long)i + 1, ctx, rep);
out:
	json_decref(root);
	return rep->error_count == 0 ? 0 : -EINVAL;
}

/* Whether the n bytes at p are all blanks. Bounded: the body is not
 * NUL-terminated, so strspn() could run past its end. */
static int
blank_line(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			return 0;
	return 1;
}

int
import_ndjson(const char *data, size_t len, const struct import_ctx *ctx,
    struct import_report *rep)
{
	const char *p = data, *end = data + len;
	unsigned long line = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl != NULL ? nl : end) - p);
		json_error_t jerr;
		json_t *obj;

		line++;
		if (!blank_line(p, n)) {
			obj = json_loadb(p, n, JSON_REJECT_DUPLICATES, &jerr);
			if (obj == NULL) {
				syntax_error(rep, line, &jerr);
			} else {
				json_row(obj, line, ctx, rep);
				json_decref(obj);
			}
		}
		p += n + (nl != NULL);
	}
	if (rep->rows == 0 && rep->error_count == 0)
		import_report_add(rep, 1, "", "the file is empty");
	return rep->error_count == 0 ? 0 : -EINVAL;
}
