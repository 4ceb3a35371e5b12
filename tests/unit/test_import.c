/*
 * Bulk import: CSV (RFC 4180), JSON arrays and NDJSON. Every input is copied
 * into a heap buffer of exactly its length, with no NUL after it, so that
 * AddressSanitizer catches a parser that reads past the end.
 *
 * What matters to an operator: every bad row is reported (not only the
 * first), at the physical line where the record starts, and the callback,
 * which writes to the store, only ever sees good rows.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/addr.h"
#include "registry/import.h"

/* Luhn-valid ICCIDs (computed with an independent Luhn). */
#define ICCID1 "8944100000000000018"
#define ICCID2 "8944100000000000026"
#define ICCID3 "8944100000000000034"
#define ICCID4 "8944100000000000042"
#define ICCID5 "8944100000000000059"
#define ICCID_BAD "8944100000000000019" /* check digit off by one */

#define SEEN_MAX 64

struct seen {
	int calls;
	unsigned long pos[SEEN_MAX];
	char iccid[SEEN_MAX][21];
	struct sim last;
	unsigned long refuse_pos; /* the callback refuses this row */
};

struct fixture {
	struct cidr nets[2];
	struct import_ctx ctx;
	struct import_report rep;
	struct seen seen;
};

static int
seen_cb(void *arg, const struct sim *s, unsigned long pos,
    struct import_report *rep)
{
	struct seen *sn = arg;

	if (sn->calls < SEEN_MAX) {
		sn->pos[sn->calls] = pos;
		snprintf(
		    sn->iccid[sn->calls], sizeof(sn->iccid[0]), "%s", s->iccid);
	}
	sn->calls++;
	memcpy(&sn->last, s, sizeof(*s));
	if (pos == sn->refuse_pos) {
		import_report_add(rep, pos, "iccid", "is already taken");
		return 1;
	}
	return 0;
}

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	assert_int_equal(cidr_parse("10.64.0.0/10", &fx->nets[0]), 0);
	assert_int_equal(cidr_parse("2001:db8:100::/48", &fx->nets[1]), 0);
	fx->ctx.nets = fx->nets;
	fx->ctx.n_nets = 2;
	fx->ctx.cb = seen_cb;
	fx->ctx.arg = &fx->seen;
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	import_report_reset(&fx->rep);
	free(fx);
	return 0;
}

/* Run one importer over an exact-length copy of text. */
static int
run(struct fixture *fx, enum import_format fmt, const char *text, size_t len)
{
	char *copy = malloc(len > 0 ? len : 1);
	int rc;

	assert_non_null(copy);
	memcpy(copy, text, len);
	import_report_reset(&fx->rep);
	memset(&fx->seen.pos, 0, sizeof(fx->seen.pos));
	fx->seen.calls = 0;
	assert_int_equal(import_report_init(&fx->rep, fmt), 0);
	rc = import_run(fmt, copy, len, &fx->ctx, &fx->rep);
	free(copy);
	return rc;
}

static int
run_s(struct fixture *fx, enum import_format fmt, const char *text)
{
	return run(fx, fmt, text, strlen(text));
}

/* Error number i is at pos, on field, and its message mentions part. */
static void
assert_err(const struct fixture *fx, size_t i, unsigned long pos,
    const char *field, const char *part)
{
	const struct import_error *e;

	if (i >= fx->rep.n_kept)
		fail_msg("error %zu missing, only %zu kept", i, fx->rep.n_kept);
	e = &fx->rep.kept[i];
	if (e->pos != pos || strcmp(e->fe.field, field) != 0 ||
	    strstr(e->fe.msg, part) == NULL)
		fail_msg("error %zu is %lu \"%s\" \"%s\"; wanted %lu \"%s\" "
		         "mentioning \"%s\"",
		    i, e->pos, e->fe.field, e->fe.msg, pos, field, part);
}

/* The callback saw exactly these positions, in this order. */
static void
assert_calls(const struct fixture *fx, const unsigned long *pos, int n)
{
	if (fx->seen.calls != n)
		fail_msg(
		    "callback called %d times, wanted %d", fx->seen.calls, n);
	for (int i = 0; i < n; i++)
		if (fx->seen.pos[i] != pos[i])
			fail_msg("call %d at %lu, wanted %lu", i,
			    fx->seen.pos[i], pos[i]);
}

static void
assert_counts(const struct fixture *fx, unsigned long rows,
    unsigned long bad_rows, unsigned long errors)
{
	if (fx->rep.rows != rows || fx->rep.bad_rows != bad_rows ||
	    fx->rep.error_count != errors)
		fail_msg("rows %lu bad %lu errors %lu; wanted %lu %lu %lu",
		    fx->rep.rows, fx->rep.bad_rows, fx->rep.error_count, rows,
		    bad_rows, errors);
	assert_int_equal(fx->rep.n_kept, errors);
}

static void
test_csv_good(void **state)
{
	struct fixture *fx = *state;
	static const unsigned long want[] = {2, 3, 4};
	/* clang-format off */
	const char *csv =
	    "iccid,imsi,msisdn,apn,static_ip,state,imei_policy,imei_match,"
	    "bound_imei,data_limit,profile,labels\n"
	    ICCID1 ",234150999999991,447700900001,m2m.example,10.64.0.1,"
	    "active,learn,full,,500M,meter,site=leeds\n"
	    ICCID2 ",,,,2001:db8:100::2,suspended,off,full,,,,\n"
	    ICCID3 ",234150999999993,+447700900003,M2M.Example,10.64.0.3,"
	    "blocked,fixed,tac,35332510,1GiB,gate,site=york;app=gate\n";
	/* clang-format on */

	assert_int_equal(run_s(fx, IMPORT_CSV, csv), 0);
	assert_counts(fx, 3, 0, 0);
	assert_calls(fx, want, 3);
	assert_string_equal(fx->seen.iccid[0], ICCID1);
	assert_string_equal(fx->seen.iccid[1], ICCID2);
	assert_string_equal(fx->seen.iccid[2], ICCID3);
	/* The last row, fully parsed and canonicalised. */
	assert_string_equal(fx->seen.last.imsi, "234150999999993");
	assert_string_equal(fx->seen.last.msisdn, "+447700900003");
	assert_string_equal(fx->seen.last.apn, "m2m.example");
	assert_string_equal(fx->seen.last.static_ip, "10.64.0.3");
	assert_int_equal(fx->seen.last.state, SIM_BLOCKED);
	assert_int_equal(fx->seen.last.imei_policy, IMEI_POLICY_FIXED);
	assert_int_equal(fx->seen.last.imei_match, IMEI_MATCH_TAC);
	assert_string_equal(fx->seen.last.bound_imei, "35332510");
	assert_int_equal(fx->seen.last.data_limit, 1073741824);
	assert_string_equal(fx->seen.last.profile, "gate");
	assert_string_equal(fx->seen.last.labels, "app=gate,site=york");
}

static void
test_csv_columns_any_order(void **state)
{
	struct fixture *fx = *state;
	static const unsigned long want[] = {2};

	/* clang-format off */
	assert_int_equal(run_s(fx, IMPORT_CSV,
			     "profile,iccid\nmeter," ICCID1 "\n"), 0);
	/* clang-format on */
	assert_calls(fx, want, 1);
	assert_string_equal(fx->seen.last.iccid, ICCID1);
	assert_string_equal(fx->seen.last.profile, "meter");
	assert_int_equal(fx->seen.last.state, SIM_ACTIVE);
}

static void
test_csv_every_bad_row(void **state)
{
	struct fixture *fx = *state;
	static const unsigned long want[] = {2, 4};
	/* clang-format off */
	const char *csv = "iccid,imsi,msisdn,static_ip\n"
			  ICCID1 ",,,10.64.0.1\n"
			  ICCID_BAD ",,,10.64.0.2\n"
			  ICCID2 ",,,\n"
			  ICCID3 ",,,192.168.1.1\n"
			  ICCID4 ",12345,0447700900123,10.64.0.5\n";
	/* clang-format on */

	assert_int_equal(run_s(fx, IMPORT_CSV, csv), -EINVAL);
	assert_counts(fx, 5, 3, 4);
	assert_err(fx, 0, 3, "iccid", "Luhn");
	assert_err(fx, 1, 5, "static_ip", "outside");
	assert_err(fx, 2, 6, "imsi", "15");
	assert_err(fx, 3, 6, "msisdn", "E.164");
	assert_calls(fx, want, 2);
}

static void
test_csv_quoted_cells(void **state)
{
	struct fixture *fx = *state;
	static const unsigned long want[] = {2, 5, 6};
	/* clang-format off */
	const char *csv = "iccid,profile,labels\n"
			  ICCID1 ",\"meter\",\"site=the \"\"hub\"\";x=1\"\n"
			  ICCID2 ",\"bad\nname\",\n"
			  ICCID3 ",gate,\"b=2,a=1\"\n"
			  "\"" ICCID4 "\",,\n"
			  ICCID_BAD ",,\n";
	/* clang-format on */

	assert_int_equal(run_s(fx, IMPORT_CSV, csv), -EINVAL);
	assert_counts(fx, 5, 2, 2);
	/* The quoted newline: the record starts on line 3, the next one
	 * on line 5. */
	assert_err(fx, 0, 3, "profile", "letters");
	assert_err(fx, 1, 7, "iccid", "Luhn");
	assert_calls(fx, want, 3);
	assert_string_equal(fx->seen.iccid[0], ICCID1);
	assert_string_equal(fx->seen.iccid[1], ICCID3);
	assert_string_equal(fx->seen.iccid[2], ICCID4);
	assert_string_equal(fx->seen.last.labels, "");
}

static void
test_csv_quote_escapes(void **state)
{
	struct fixture *fx = *state;

	/* clang-format off */
	assert_int_equal(run_s(fx, IMPORT_CSV,
			     "iccid,labels\n" ICCID1
			     ",\"site=the \"\"hub\"\";x=1\"\n"), 0);
	/* clang-format on */
	assert_string_equal(fx->seen.last.labels, "site=the \"hub\",x=1");
	/* A comma inside quotes is part of the cell. */
	/* clang-format off */
	assert_int_equal(run_s(fx, IMPORT_CSV,
			     "iccid,labels,profile\n" ICCID1
			     ",\"b=2,a=1\",meter\n"), 0);
	/* clang-format on */
	assert_string_equal(fx->seen.last.labels, "a=1,b=2");
	assert_string_equal(fx->seen.last.profile, "meter");
	/* An empty quoted cell is an empty cell. */
	/* clang-format off */
	assert_int_equal(run_s(fx, IMPORT_CSV,
			     "iccid,profile\n" ICCID1 ",\"\"\n"), 0);
	/* clang-format on */
	assert_string_equal(fx->seen.last.profile, "");
}

static void
test_csv_crlf(void **state)
{
	struct fixture *fx = *state;
	static const unsigned long want[] = {2, 4};

	/* clang-format off */
	assert_int_equal(run_s(fx, IMPORT_CSV,
			     "iccid,profile\r\n" ICCID1 ",meter\r\n" ICCID_BAD
			     ",gate\r\n" ICCID2 ",gate\r\n"), -EINVAL);
	/* clang-format on */
	assert_counts(fx, 3, 1, 1);
	assert_err(fx, 0, 3, "iccid", "Luhn");
	assert_calls(fx, want, 2);
	/* No carriage return left on the last cell. */
	assert_string_equal(fx->seen.last.profile, "gate");
	/* CRLF without a final line end. */
	/* clang-format off */
	assert_int_equal(run_s(fx, IMPORT_CSV,
			     "iccid,profile\r\n" ICCID1 ",meter"), 0);
	/* clang-format on */
	assert_string_equal(fx->seen.last.profile, "meter");
}

static void
test_csv_bom(void **state)
{
	struct fixture *fx = *state;
	static const unsigned long want[] = {2};

	/* clang-format off */
	assert_int_equal(run_s(fx, IMPORT_CSV,
			     "\xef\xbb\xbf" "iccid,profile\r\n" ICCID1
			     ",meter\r\n"), 0);
	/* clang-format on */
	assert_counts(fx, 1, 0, 0);
	assert_calls(fx, want, 1);
	/* A BOM and nothing else is an empty file. */
	assert_int_equal(run_s(fx, IMPORT_CSV, "\xef\xbb\xbf"), -EINVAL);
	assert_err(fx, 0, 1, "", "empty");
	/* A BOM is skipped only at the very start. */
	assert_int_equal(
	    run_s(fx, IMPORT_CSV, "iccid,\xef\xbb\xbfprofile\n"), -EINVAL);
	assert_counts(fx, 0, 0, 1);
}

static void
test_csv_empty(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(run(fx, IMPORT_CSV, "", 0), -EINVAL);
	assert_counts(fx, 0, 0, 1);
	assert_err(fx, 0, 1, "", "empty");
	assert_int_equal(fx->seen.calls, 0);
	assert_int_equal(run_s(fx, IMPORT_CSV, "\n\r\n\n"), -EINVAL);
	assert_counts(fx, 0, 0, 1);
	assert_err(fx, 0, 1, "", "empty");
}

static void
test_csv_header_only(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(run_s(fx, IMPORT_CSV, "iccid,imsi\n"), 0);
	assert_counts(fx, 0, 0, 0);
	assert_int_equal(run_s(fx, IMPORT_CSV, "iccid"), 0);
	assert_counts(fx, 0, 0, 0);
	assert_int_equal(fx->seen.calls, 0);
}

static void
test_csv_blank_lines(void **state)
{
	struct fixture *fx = *state;
	static const unsigned long want[] = {3, 6};

	/* clang-format off */
	assert_int_equal(run_s(fx, IMPORT_CSV,
			     "iccid\n\n" ICCID1 "\n\r\n\n" ICCID2 "\n\n\n"), 0);
	/* clang-format on */
	assert_counts(fx, 2, 0, 0);
	assert_calls(fx, want, 2);
}

/* An editor that ends the file with a lone CR: a blank line, not a row. */
static void
test_csv_trailing_cr(void **state)
{
	struct fixture *fx = *state;
	static const unsigned long want[] = {2};

	assert_int_equal(run_s(fx, IMPORT_CSV, "iccid\r\n" ICCID1 "\r\n\r"), 0);
	assert_counts(fx, 1, 0, 0);
	assert_calls(fx, want, 1);
	assert_int_equal(
	    run_s(fx, IMPORT_CSV, "iccid,profile\n" ICCID1 ",m\n\r"), 0);
	assert_counts(fx, 1, 0, 0);
}

static void
test_csv_header_unknown_columns(void **state)
{
	struct fixture *fx = *state;

	/* clang-format off */
	assert_int_equal(run_s(fx, IMPORT_CSV,
			     "iccid,colour,size\n" ICCID1 ",red,x\n"), -EINVAL);
	/* clang-format on */
	assert_counts(fx, 0, 0, 2);
	assert_err(fx, 0, 1, "colour", "not a SIM field");
	assert_err(fx, 1, 1, "size", "not a SIM field");
	/* No row is imported under a bad header. */
	assert_int_equal(fx->seen.calls, 0);

	/* Blank lines before the header move its line. */
	assert_int_equal(run_s(fx, IMPORT_CSV, "\n\nIccid\n"), -EINVAL);
	assert_err(fx, 0, 3, "Iccid", "not a SIM field");
	assert_err(fx, 1, 3, "iccid", "no iccid column");
}

static void
test_csv_header_duplicate_column(void **state)
{
	struct fixture *fx = *state;

	/* clang-format off */
	assert_int_equal(run_s(fx, IMPORT_CSV,
			     "iccid,imsi,profile,imsi\n" ICCID1
			     ",234150999999991,meter,234150999999991\n"),
	    -EINVAL);
	/* clang-format on */
	assert_counts(fx, 0, 0, 1);
	assert_err(fx, 0, 1, "imsi", "twice");
	assert_int_equal(fx->seen.calls, 0);
}

static void
test_csv_header_no_iccid(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(
	    run_s(fx, IMPORT_CSV, "imsi,profile\n234150999999991,meter\n"),
	    -EINVAL);
	assert_counts(fx, 0, 0, 1);
	assert_err(fx, 0, 1, "iccid", "no iccid column");
	assert_int_equal(fx->seen.calls, 0);
}

static void
test_csv_wrong_cell_count(void **state)
{
	struct fixture *fx = *state;
	static const unsigned long want[] = {4};

	/* clang-format off */
	assert_int_equal(run_s(fx, IMPORT_CSV,
			     "iccid,imsi,profile\n"
			     ICCID1 ",234150999999991\n"
			     ICCID2 ",234150999999992,meter,extra\n"
			     ICCID3 ",,gate\n"
			     ICCID4 ",,,\n"),
	    -EINVAL);
	/* clang-format on */
	assert_counts(fx, 4, 3, 3);
	assert_err(fx, 0, 2, "", "has 2 cells, the header has 3");
	assert_err(fx, 1, 3, "", "has 4 cells, the header has 3");
	assert_err(fx, 2, 5, "", "has 4 cells, the header has 3");
	assert_calls(fx, want, 1);

	/* A short row reports its cell count only, not its cells (nor the
	 * cells left over from the row before it). */
	/* clang-format off */
	assert_int_equal(run_s(fx, IMPORT_CSV,
			     "iccid,imsi,profile\n"
			     ICCID1 ",x,-bad\n"
			     ICCID2 ",y\n"),
	    -EINVAL);
	/* clang-format on */
	assert_counts(fx, 2, 2, 3);
	assert_err(fx, 0, 2, "imsi", "digits");
	assert_err(fx, 1, 2, "profile", "letter or digit");
	assert_err(fx, 2, 3, "", "has 2 cells, the header has 3");
}

static void
test_csv_stray_quote_and_cr(void **state)
{
	struct fixture *fx = *state;
	static const unsigned long want[] = {3, 5};

	/* clang-format off */
	assert_int_equal(run_s(fx, IMPORT_CSV,
			     "iccid,profile\n"
			     ICCID1 ",me\"ter\n"
			     ICCID2 ",gate\n"
			     ICCID3 ",me\rter\n"
			     ICCID4 ",gate\n"),
	    -EINVAL);
	/* clang-format on */
	assert_counts(fx, 4, 2, 2);
	assert_err(fx, 0, 2, "", "stray");
	assert_err(fx, 1, 4, "", "stray");
	assert_calls(fx, want, 2);
}

static void
test_csv_unclosed_quote(void **state)
{
	struct fixture *fx = *state;
	static const unsigned long want[] = {2};

	/* clang-format off */
	assert_int_equal(run_s(fx, IMPORT_CSV,
			     "iccid,profile\n"
			     ICCID1 ",gate\n"
			     ICCID2 ",\"meter\n"
			     ICCID3 ",gate\n"),
	    -EINVAL);
	/* clang-format on */
	assert_counts(fx, 2, 1, 1);
	assert_err(fx, 0, 3, "", "never closed");
	assert_calls(fx, want, 1);
}

static void
test_csv_oversized_cell(void **state)
{
	struct fixture *fx = *state;
	static const unsigned long want[] = {4};
	char csv[2048], big[601];
	size_t len;

	memset(big, 'a', 600);
	big[600] = '\0';
	len = (size_t)snprintf(csv, sizeof(csv),
	    "iccid,profile\n" ICCID1 ",%s\n" ICCID2 ",\"%s\"\n" ICCID3
	    ",gate\n",
	    big, big);
	assert_true(len < sizeof(csv));
	assert_int_equal(run(fx, IMPORT_CSV, csv, len), -EINVAL);
	assert_err(fx, 0, 2, "", "511");
	assert_err(fx, 1, 3, "", "511");
	assert_counts(fx, 3, 2, 2);
	assert_calls(fx, want, 1);

	/* 511 bytes fit (and then fail as a profile name, which is fine). */
	big[511] = '\0';
	len = (size_t)snprintf(
	    csv, sizeof(csv), "iccid,profile\n" ICCID1 ",%s\n", big);
	assert_int_equal(run(fx, IMPORT_CSV, csv, len), -EINVAL);
	assert_err(fx, 0, 2, "profile", "63");
}

static void
test_csv_too_many_cells(void **state)
{
	struct fixture *fx = *state;
	static const unsigned long want[] = {3};
	char csv[512];
	size_t len;

	len = (size_t)snprintf(csv, sizeof(csv), "iccid\n" ICCID1);
	for (int i = 0; i < 32; i++)
		len += (size_t)snprintf(csv + len, sizeof(csv) - len, ",x");
	len += (size_t)snprintf(csv + len, sizeof(csv) - len, "\n" ICCID2 "\n");
	assert_int_equal(run(fx, IMPORT_CSV, csv, len), -EINVAL);
	assert_counts(fx, 2, 1, 1);
	assert_err(fx, 0, 2, "", "32");
	assert_calls(fx, want, 1);
}

static void
test_csv_callback_refuses(void **state)
{
	struct fixture *fx = *state;
	static const unsigned long want[] = {2, 3, 4};

	fx->seen.refuse_pos = 3;
	/* clang-format off */
	assert_int_equal(run_s(fx, IMPORT_CSV,
			     "iccid\n" ICCID1 "\n" ICCID2 "\n" ICCID3 "\n"),
	    -EINVAL);
	/* clang-format on */
	assert_counts(fx, 3, 1, 1);
	assert_err(fx, 0, 3, "iccid", "taken");
	assert_calls(fx, want, 3);
}

static void
test_csv_no_callback(void **state)
{
	struct fixture *fx = *state;

	fx->ctx.cb = NULL;
	/* clang-format off */
	assert_int_equal(run_s(fx, IMPORT_CSV,
			     "iccid\n" ICCID1 "\n" ICCID2 "\n"), 0);
	/* clang-format on */
	assert_counts(fx, 2, 0, 0);
	/* clang-format off */
	assert_int_equal(run_s(fx, IMPORT_CSV,
			     "iccid\n" ICCID1 "\n" ICCID_BAD "\n"), -EINVAL);
	/* clang-format on */
	assert_counts(fx, 2, 1, 1);
	assert_int_equal(fx->seen.calls, 0);
}

/* Past IMPORT_ERRORS_KEPT errors are counted but not kept. */
static void
test_csv_error_cap(void **state)
{
	struct fixture *fx = *state;
	const size_t rows = 1200, rowlen = sizeof(ICCID_BAD);
	char *csv = malloc(6 + rows * rowlen);
	size_t len;

	assert_non_null(csv);
	memcpy(csv, "iccid\n", 6);
	len = 6;
	for (size_t i = 0; i < rows; i++) {
		memcpy(csv + len, ICCID_BAD "\n", rowlen);
		len += rowlen;
	}
	assert_int_equal(run(fx, IMPORT_CSV, csv, len), -EINVAL);
	free(csv);
	assert_int_equal(fx->rep.rows, rows);
	assert_int_equal(fx->rep.bad_rows, rows);
	assert_int_equal(fx->rep.error_count, rows);
	assert_int_equal(fx->rep.n_kept, IMPORT_ERRORS_KEPT);
	assert_err(fx, 0, 2, "iccid", "Luhn");
	assert_err(fx, IMPORT_ERRORS_KEPT - 1, IMPORT_ERRORS_KEPT + 1, "iccid",
	    "Luhn");
	assert_int_equal(fx->seen.calls, 0);
}

static void
test_json_array(void **state)
{
	struct fixture *fx = *state;
	static const unsigned long want[] = {1, 3, 6};
	/* clang-format off */
	const char *json = "[\n"
			   " {\"iccid\": \"" ICCID1 "\", \"data_limit\": 5000,"
			   " \"labels\": {\"site\": \"leeds\"}},\n"
			   " {\"iccid\": \"" ICCID_BAD "\"},\n"
			   " {\"iccid\": \"" ICCID2 "\", \"static_ip\": "
			   "\"10.64.1.2\"},\n"
			   " {\"iccid\": \"" ICCID3 "\", \"static_ip\": "
			   "\"172.16.0.1\"},\n"
			   " {\"iccid\": \"" ICCID4 "\", \"imsi\": \"1\", "
			   "\"apn\": \"a..b\"},\n"
			   " {\"iccid\": \"" ICCID5 "\", \"created\": "
			   "\"2026-01-01T00:00:00Z\"}\n"
			   "]\n";
	/* clang-format on */

	assert_int_equal(run_s(fx, IMPORT_JSON, json), -EINVAL);
	assert_counts(fx, 6, 3, 4);
	assert_err(fx, 0, 2, "iccid", "Luhn");
	assert_err(fx, 1, 4, "static_ip", "outside");
	assert_err(fx, 2, 5, "imsi", "15");
	assert_err(fx, 3, 5, "apn", "label");
	assert_calls(fx, want, 3);
	assert_string_equal(fx->seen.iccid[0], ICCID1);
	assert_string_equal(fx->seen.iccid[1], ICCID2);
	assert_string_equal(fx->seen.last.iccid, ICCID5);
	assert_int_equal(fx->seen.last.created, 0);
}

static void
test_json_item_shapes(void **state)
{
	struct fixture *fx = *state;
	static const unsigned long want[] = {3};

	/* clang-format off */
	assert_int_equal(run_s(fx, IMPORT_JSON,
			     "[{\"imsi\": \"234150999999991\"}, 1, {\"iccid\": "
			     "\"" ICCID1 "\"}, {\"iccid\": null}]"),
	    -EINVAL);
	/* clang-format on */
	assert_counts(fx, 4, 3, 3);
	assert_err(fx, 0, 1, "iccid", "required");
	assert_err(fx, 1, 2, "", "object");
	assert_err(fx, 2, 4, "iccid", "required");
	assert_calls(fx, want, 1);
}

static void
test_json_not_array(void **state)
{
	struct fixture *fx = *state;

	/* clang-format off */
	assert_int_equal(run_s(fx, IMPORT_JSON,
			     "{\"iccid\": \"" ICCID1 "\"}"), -EINVAL);
	/* clang-format on */
	assert_counts(fx, 0, 0, 1);
	assert_err(fx, 0, 0, "", "array");
	assert_int_equal(fx->seen.calls, 0);
}

static void
test_json_syntax_error(void **state)
{
	struct fixture *fx = *state;

	/* clang-format off */
	assert_int_equal(run_s(fx, IMPORT_JSON,
			     "[{\"iccid\": \"" ICCID1 "\"},\n {\"iccid\": }]"),
	    -EINVAL);
	/* clang-format on */
	assert_counts(fx, 1, 1, 1);
	assert_err(fx, 0, 0, "", "invalid JSON at line 2");
	assert_int_equal(fx->seen.calls, 0);
	/* Duplicate keys are refused, not silently merged. */
	/* clang-format off */
	assert_int_equal(run_s(fx, IMPORT_JSON,
			     "[{\"iccid\": \"" ICCID1 "\", \"iccid\": \"" ICCID2
			     "\"}]"), -EINVAL);
	/* clang-format on */
	assert_err(fx, 0, 0, "", "invalid JSON");
	assert_int_equal(fx->seen.calls, 0);
	assert_int_equal(run(fx, IMPORT_JSON, "", 0), -EINVAL);
	assert_err(fx, 0, 0, "", "invalid JSON");
}

static void
test_json_empty_array(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(run_s(fx, IMPORT_JSON, " [ ] \n"), 0);
	assert_counts(fx, 0, 0, 0);
}

static void
test_ndjson(void **state)
{
	struct fixture *fx = *state;
	static const unsigned long want[] = {1, 5, 7};

	/* clang-format off */
	assert_int_equal(run_s(fx, IMPORT_NDJSON,
			     "{\"iccid\": \"" ICCID1 "\"}\n"
			     "\n"
			     "{\"iccid\": \"" ICCID_BAD "\"}\n"
			     "   \t\r\n"
			     "{\"iccid\": \"" ICCID2 "\", \"profile\": \"m\"}\r\n"
			     "{\"iccid\": \n"
			     "{\"iccid\": \"" ICCID3 "\"}\n"
			     "[1]\n"),
	    -EINVAL);
	/* clang-format on */
	assert_counts(fx, 6, 3, 3);
	assert_err(fx, 0, 3, "iccid", "Luhn");
	assert_err(fx, 1, 6, "", "invalid JSON");
	assert_err(fx, 2, 8, "", "object");
	assert_calls(fx, want, 3);
	assert_string_equal(fx->seen.iccid[1], ICCID2);
}

static void
test_ndjson_no_final_newline(void **state)
{
	struct fixture *fx = *state;
	static const unsigned long want[] = {1, 2};

	/* clang-format off */
	assert_int_equal(run_s(fx, IMPORT_NDJSON,
			     "{\"iccid\": \"" ICCID1 "\"}\n{\"iccid\": \"" ICCID2
			     "\"}"), 0);
	/* clang-format on */
	assert_calls(fx, want, 2);
	/* A last line of only blanks, with nothing after it. */
	/* clang-format off */
	assert_int_equal(run_s(fx, IMPORT_NDJSON,
			     "{\"iccid\": \"" ICCID1 "\"}\n   "), 0);
	/* clang-format on */
	assert_counts(fx, 1, 0, 0);
	assert_int_equal(run_s(fx, IMPORT_NDJSON, " \t "), -EINVAL);
	assert_err(fx, 0, 1, "", "empty");
}

static void
test_ndjson_empty(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(run(fx, IMPORT_NDJSON, "", 0), -EINVAL);
	assert_counts(fx, 0, 0, 1);
	assert_err(fx, 0, 1, "", "empty");
	assert_int_equal(run_s(fx, IMPORT_NDJSON, "\n \n\r\n"), -EINVAL);
	assert_counts(fx, 0, 0, 1);
}

static void
test_format_parse(void **state)
{
	enum import_format f = IMPORT_NDJSON;

	(void)state;
	assert_int_equal(import_format_parse("text/csv", &f), 0);
	assert_int_equal(f, IMPORT_CSV);
	assert_int_equal(
	    import_format_parse("Application/JSON; charset=utf-8", &f), 0);
	assert_int_equal(f, IMPORT_JSON);
	assert_int_equal(import_format_parse("application/x-ndjson", &f), 0);
	assert_int_equal(f, IMPORT_NDJSON);
	f = IMPORT_CSV;
	assert_int_equal(import_format_parse("application/jsonl", &f), 0);
	assert_int_equal(f, IMPORT_NDJSON);
	assert_int_equal(import_format_parse("text/csvx", &f), -EINVAL);
	assert_int_equal(import_format_parse("text/cs", &f), -EINVAL);
	assert_int_equal(import_format_parse("text/plain", &f), -EINVAL);
	assert_int_equal(import_format_parse("", &f), -EINVAL);
	assert_int_equal(import_format_parse(NULL, &f), -EINVAL);
	assert_int_equal(f, IMPORT_NDJSON);
	assert_string_equal(import_format_name(IMPORT_CSV), "csv");
	assert_string_equal(import_format_name(IMPORT_JSON), "json");
	assert_string_equal(import_format_name(IMPORT_NDJSON), "ndjson");
}

static void
test_report(void **state)
{
	struct import_report rep;

	(void)state;
	assert_int_equal(import_report_init(&rep, IMPORT_JSON), 0);
	assert_int_equal(rep.format, IMPORT_JSON);
	assert_int_equal(rep.rows, 0);
	import_report_add(&rep, 7, "iccid", "is wrong");
	assert_int_equal(rep.error_count, 1);
	assert_int_equal(rep.n_kept, 1);
	assert_int_equal(rep.kept[0].pos, 7);
	assert_string_equal(rep.kept[0].fe.field, "iccid");
	assert_string_equal(rep.kept[0].fe.msg, "is wrong");
	import_report_reset(&rep);
	assert_null(rep.kept);
	/* After reset errors are still counted, never stored. */
	import_report_add(&rep, 8, "x", "y");
	assert_int_equal(rep.error_count, 2);
	assert_int_equal(rep.n_kept, 1);
	import_report_reset(&rep);
}

/* Errors found in a later pass (an out-of-order import's sorted writes)
 * still leave the report with the file's first errors. */
static void
test_report_keeps_the_first_errors(void **state)
{
	struct import_report rep;
	int seen_first = 0, seen_last = 0;

	(void)state;
	assert_int_equal(import_report_init(&rep, IMPORT_CSV), 0);
	for (unsigned long pos = 2; pos < 2 + IMPORT_ERRORS_KEPT; pos++)
		import_report_add(&rep, pos, "iccid", "bad");
	import_report_add(&rep, 5000, "iccid", "later, dropped");
	import_report_add(&rep, 1, "imsi", "earlier, kept");
	assert_int_equal(rep.error_count, IMPORT_ERRORS_KEPT + 2);
	assert_int_equal(rep.n_kept, IMPORT_ERRORS_KEPT);
	import_report_sort(&rep);
	for (size_t i = 0; i < rep.n_kept; i++) {
		seen_first |= rep.kept[i].pos == 1;
		seen_last |= rep.kept[i].pos >= 1 + IMPORT_ERRORS_KEPT;
		if (i > 0)
			assert_true(rep.kept[i - 1].pos <= rep.kept[i].pos);
	}
	assert_true(seen_first);
	assert_false(seen_last);
	assert_string_equal(rep.kept[0].fe.field, "imsi");
	import_report_reset(&rep);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_csv_good),
	    T(test_csv_columns_any_order),
	    T(test_csv_every_bad_row),
	    T(test_csv_quoted_cells),
	    T(test_csv_quote_escapes),
	    T(test_csv_crlf),
	    T(test_csv_bom),
	    T(test_csv_empty),
	    T(test_csv_header_only),
	    T(test_csv_blank_lines),
	    T(test_csv_trailing_cr),
	    T(test_csv_header_unknown_columns),
	    T(test_csv_header_duplicate_column),
	    T(test_csv_header_no_iccid),
	    T(test_csv_wrong_cell_count),
	    T(test_csv_stray_quote_and_cr),
	    T(test_csv_unclosed_quote),
	    T(test_csv_oversized_cell),
	    T(test_csv_too_many_cells),
	    T(test_csv_callback_refuses),
	    T(test_csv_no_callback),
	    T(test_csv_error_cap),
	    T(test_json_array),
	    T(test_json_item_shapes),
	    T(test_json_not_array),
	    T(test_json_syntax_error),
	    T(test_json_empty_array),
	    T(test_ndjson),
	    T(test_ndjson_no_final_newline),
	    T(test_ndjson_empty),
	    cmocka_unit_test(test_format_parse),
	    cmocka_unit_test(test_report),
	    cmocka_unit_test(test_report_keeps_the_first_errors),
	};
#undef T

	return cmocka_run_group_tests_name("import", tests, NULL, NULL);
}
