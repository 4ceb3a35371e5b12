#include "registry/validate.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int
fail(const char **why, const char *msg)
{
	*why = msg;
	return -EINVAL;
}

int
luhn_valid(const char *digits, size_t n)
{
	unsigned sum = 0;

	if (n < 2 || !all_digits(digits, n))
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned d = (unsigned)(digits[n - 1 - i] - '0');

		if (i % 2 == 1) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return sum % 10 == 0;
}

int
valid_iccid(const char *s, const char **why)
{
	size_t n = strlen(s);

	if (n == 0)
		return fail(why, "is required");
	if (!all_digits(s, n))
		return fail(why, "must contain only digits");
	if (n != 19 && n != 20)
		return fail(why, "must be 19 or 20 digits long");
	if (s[0] != '8' || s[1] != '9')
		return fail(why, "must start with 89 (ITU-T E.118 telecom)");
	if (!luhn_valid(s, n))
		return fail(why, "Luhn check digit is wrong");
	return 0;
}

int
valid_imsi(const char *s, const char **why)
{
	size_t n = strlen(s);

	if (!all_digits(s, n))
		return fail(why, "must contain only digits");
	if (n != 15)
		return fail(why, "must be 15 digits long");
	return 0;
}

int
valid_msisdn(const char *s, char *out, size_t outsz, const char **why)
{
	const char *d = s[0] == '+' ? s + 1 : s;
	size_t n = strlen(d);

	if (!all_digits(d, n))
		return fail(why, "must be E.164: an optional '+' and digits");
	if (n < 6 || n > 15)
		return fail(why, "must be E.164: 6 to 15 digits");
	if (d[0] == '0')
		return fail(why, "must be E.164: the country code cannot start "
				 "with 0");
	if (n + 2 > outsz)
		return fail(why, "is too long");
	out[0] = '+';
	memcpy(out + 1, d, n + 1);
	return 0;
}

int
valid_imei(const char *s, int allow_tac, const char **why)
{
	size_t n = strlen(s);

	if (!all_digits(s, n))
		return fail(why, "must contain only digits");
	if (n == 8 && allow_tac)
		return 0;
	if (n == 16)
		return 0; /* IMEISV: no check digit, a 2-digit version */
	if (n != 15)
		return fail(why, allow_tac ? "must be an IMEI (15 digits), an "
					     "IMEISV (16) or a TAC (8)"
					   : "must be an IMEI (15 digits) or "
					     "an IMEISV (16)");
	if (!luhn_valid(s, n))
		return fail(why, "IMEI Luhn check digit is wrong");
	return 0;
}

int
valid_apn(const char *s, char *out, size_t outsz, const char **why)
{
	size_t n = strlen(s), label = 0;

	if (n == 0 || n > 100)
		return fail(why, "must be 1 to 100 characters long");
	if (n >= outsz)
		return fail(why, "is too long");
	for (size_t i = 0; i <= n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '.' || c == '\0') {
			if (label == 0 || s[i - 1] == '-')
				return fail(why, "has an empty label or one "
						 "ending in '-'");
			label = 0;
		} else if (isalnum(c) || (c == '-' && label > 0)) {
			if (++label > 63)
				return fail(why, "has a label over 63 "
						 "characters");
		} else {
			return fail(why, "may hold only letters, digits, '-' "
					 "and '.'");
		}
		out[i] = (char)tolower(c);
	}
	return 0;
}

int
valid_name(const char *s, const char **why)
{
	size_t n = strlen(s);

	if (n == 0 || n > 63)
		return fail(why, "must be 1 to 63 characters long");
	if (!isalnum((unsigned char)s[0]))
		return fail(why, "must start with a letter or digit");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!isalnum(c) && c != '.' && c != '_' && c != '-')
			return fail(why, "may hold only letters, digits, "
					 "'.', '_' and '-'");
	}
	return 0;
}

#define LABELS_MAX 16

struct label {
	char key[33];
	char value[65];
};

static int
label_cmp(const void *a, const void *b)
{
	return strcmp(((const struct label *)a)->key,
	    ((const struct label *)b)->key);
}

/* Parse one "key=value" item of length n into l. */
static int
label_parse(const char *s, size_t n, struct label *l, const char **why)
{
	const char *eq = memchr(s, '=', n);
	size_t kn, vn;

	if (eq == NULL)
		return fail(why, "each label must be key=value");
	kn = (size_t)(eq - s);
	vn = n - kn - 1;
	if (kn == 0 || kn >= sizeof(l->key))
		return fail(why, "a label key must be 1 to 32 characters");
	if (vn >= sizeof(l->value))
		return fail(why, "a label value must be at most 64 characters");
	for (size_t i = 0; i < kn; i++)
		if (!islower((unsigned char)s[i]) &&
		    !isdigit((unsigned char)s[i]) && !strchr("_.-", s[i]))
			return fail(why, "a label key may hold only a-z, 0-9, "
					 "'_', '.' and '-'");
	for (size_t i = 0; i < vn; i++)
		if (!isprint((unsigned char)eq[1 + i]) || eq[1 + i] == '=')
			return fail(why, "a label value must be printable "
					 "ASCII without ',', ';' or '='");
	memcpy(l->key, s, kn);
	l->key[kn] = '\0';
	memcpy(l->value, eq + 1, vn);
	l->value[vn] = '\0';
	return 0;
}

int
valid_labels(const char *s, char *out, size_t outsz, const char **why)
{
	struct label labels[LABELS_MAX];
	size_t n = 0, len = 0;

	while (*s != '\0') {
		size_t item = strcspn(s, ",;");

		if (item > 0) {
			if (n == LABELS_MAX)
				return fail(why, "at most 16 labels");
			if (label_parse(s, item, &labels[n], why) < 0)
				return -EINVAL;
			n++;
		}
		s += item;
		if (*s != '\0')
			s++;
	}
	qsort(labels, n, sizeof(labels[0]), label_cmp);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		int w;

		if (i > 0 && strcmp(labels[i].key, labels[i - 1].key) == 0)
			return fail(why, "a label key is given twice");
		w = snprintf(out + len, outsz - len, "%s%s=%s", i ? "," : "",
		    labels[i].key, labels[i].value);
		if (w < 0 || (size_t)w >= outsz - len)
			return fail(why, "labels are too long in all");
		len += (size_t)w;
	}
	return 0;
}
