#include "common/jsonw.h"

#include <math.h>
#include <string.h>
#include <time.h>

void
jsonw_init(struct jsonw *w, struct obuf *out)
{
	w->out = out;
	w->depth = 0;
	w->first[0] = 1;
	w->after_key = 0;
}

/* Emit the separator a new value needs at the current position. */
static void
jsonw_sep(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (!w->first[w->depth])
		obuf_putc(w->out, ',');
	w->first[w->depth] = 0;
}

static void
jsonw_open(struct jsonw *w, char c)
{
	jsonw_sep(w);
	obuf_putc(w->out, c);
	if (w->depth + 1 >= JSONW_MAX_DEPTH) {
		w->out->failed = 1;
		return;
	}
	w->first[++w->depth] = 1;
}

static void
jsonw_close(struct jsonw *w, char c)
{
	obuf_putc(w->out, c);
	if (w->depth > 0)
		w->depth--;
}

void
jsonw_obj_open(struct jsonw *w)
{
	jsonw_open(w, '{');
}

void
jsonw_obj_close(struct jsonw *w)
{
	jsonw_close(w, '}');
}

void
jsonw_arr_open(struct jsonw *w)
{
	jsonw_open(w, '[');
}

void
jsonw_arr_close(struct jsonw *w)
{
	jsonw_close(w, ']');
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t
utf8_seq_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned c = s[0];
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

static void
jsonw_escaped(struct obuf *o, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run;

	obuf_putc(o, '"');
	while (i < n) {
		unsigned char c = p[i];

		if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
			run = i;
			while (run < n && p[run] >= 0x20 && p[run] < 0x80 &&
			    p[run] != '"' && p[run] != '\\')
				run++;
			obuf_put(o, p + i, run - i);
			i = run;
			continue;
		}
		if (c == '"' || c == '\\') {
			char e[2] = {'\\', (char)c};
			obuf_put(o, e, 2);
			i++;
		} else if (c < 0x20) {
			char e[6] = {'\\', 'u', '0', '0', hex[c >> 4],
			    hex[c & 15]};
			obuf_put(o, e, 6);
			i++;
		} else {
			size_t l = utf8_seq_len(p + i, n - i);

			if (l == 0) {
				obuf_puts(o, "\xef\xbf\xbd");
				i++;
			} else {
				obuf_put(o, p + i, l);
				i += l;
			}
		}
	}
	obuf_putc(o, '"');
}

void
jsonw_key(struct jsonw *w, const char *key)
{
	jsonw_sep(w);
	jsonw_escaped(w->out, key, strlen(key));
	obuf_putc(w->out, ':');
	w->after_key = 1;
}

void
jsonw_strn(struct jsonw *w, const char *s, size_t n)
{
	jsonw_sep(w);
	jsonw_escaped(w->out, s, n);
}

void
jsonw_str(struct jsonw *w, const char *s)
{
	jsonw_strn(w, s, strlen(s));
}

void
jsonw_int(struct jsonw *w, int64_t v)
{
	jsonw_sep(w);
	obuf_printf(w->out, "%lld", (long long)v);
}

void
jsonw_uint(struct jsonw *w, uint64_t v)
{
	jsonw_sep(w);
	obuf_printf(w->out, "%llu", (unsigned long long)v);
}

void
jsonw_double(struct jsonw *w, double v)
{
	jsonw_sep(w);
	if (isfinite(v))
		obuf_printf(w->out, "%.17g", v);
	else
		obuf_puts(w->out, "null");
}

void
jsonw_bool(struct jsonw *w, int v)
{
	jsonw_sep(w);
	obuf_puts(w->out, v ? "true" : "false");
}

void
jsonw_null(struct jsonw *w)
{
	jsonw_sep(w);
	obuf_puts(w->out, "null");
}

void
jsonw_raw(struct jsonw *w, const char *json)
{
	jsonw_sep(w);
	obuf_puts(w->out, json);
}

void
jsonw_kstr(struct jsonw *w, const char *key, const char *s)
{
	jsonw_key(w, key);
	jsonw_str(w, s);
}

void
jsonw_kstr_or_null(struct jsonw *w, const char *key, const char *s)
{
	jsonw_key(w, key);
	if (s[0] == '\0')
		jsonw_null(w);
	else
		jsonw_str(w, s);
}

void
jsonw_kint(struct jsonw *w, const char *key, int64_t v)
{
	jsonw_key(w, key);
	jsonw_int(w, v);
}

void
jsonw_kuint(struct jsonw *w, const char *key, uint64_t v)
{
	jsonw_key(w, key);
	jsonw_uint(w, v);
}

void
jsonw_kbool(struct jsonw *w, const char *key, int v)
{
	jsonw_key(w, key);
	jsonw_bool(w, v);
}

void
jsonw_ktime(struct jsonw *w, const char *key, int64_t unix_seconds)
{
	char stamp[32];
	struct tm tm;
	time_t t = (time_t)unix_seconds;

	jsonw_key(w, key);
	if (unix_seconds == 0 || gmtime_r(&t, &tm) == NULL) {
		jsonw_null(w);
		return;
	}
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	jsonw_str(w, stamp);
}
