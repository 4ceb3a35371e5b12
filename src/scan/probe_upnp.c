/*
 * The device description reader (probe_upnp.h): a byte-at-a-time state
 * machine over text, tags and comments. A tag's name is kept without its
 * namespace prefix ("dev:friendlyName" is friendlyName) and cut at
 * UPNP_TAG_MAX; a field's text is what lies between its opening tag and
 * the next tag, leading and trailing blanks dropped. The first
 * friendlyName, manufacturer and model in the document are the root
 * device's (UDA puts it first).
 */
#include <stdio.h>
#include <string.h>

#include "scan/probe_ssdp.h"
#include "scan/probe_upnp.h"

enum { TEXT, TAG, COMMENT };

enum {
	F_NONE,
	F_FRIENDLY,
	F_MANUFACTURER,
	F_MODEL_NAME,
	F_MODEL_NUMBER,
	F_SERVICE,
};

static const char *const field_tags[] = {
    [F_FRIENDLY] = "friendlyName",
    [F_MANUFACTURER] = "manufacturer",
    [F_MODEL_NAME] = "modelName",
    [F_MODEL_NUMBER] = "modelNumber",
    [F_SERVICE] = "serviceType",
};

void
upnp_desc_init(struct upnp_desc *d)
{
	memset(d, 0, sizeof(*d));
}

static char *
field_text(struct upnp_desc *d, int field)
{
	switch (field) {
	case F_FRIENDLY:
		return d->friendly_name;
	case F_MANUFACTURER:
		return d->manufacturer;
	case F_MODEL_NAME:
		return d->model_name;
	default:
		return d->model_number;
	}
}

/* A field's text is whole: kept where it belongs, the first one. */
static void
end_field(struct upnp_desc *d)
{
	size_t n = d->text_len;
	const char *t = d->text;
	char *out;

	while (n > 0 && (*t == ' ' || *t == '\t' || *t == '\r' || *t == '\n'))
		t++, n--;
	while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\t' ||
	                    t[n - 1] == '\r' || t[n - 1] == '\n'))
		n--;
	if (d->field == F_SERVICE) {
		char type[UPNP_TYPE_MAX];

		memcpy(type, t, n);
		type[n] = '\0';
		d->igd |= ssdp_is_igd_type(type);
		if (d->n_services < UPNP_SERVICES_MAX)
			memcpy(d->services[d->n_services], type, n + 1);
		d->n_services++;
	} else if (d->field != F_NONE) {
		out = field_text(d, d->field);
		if (out[0] == '\0' && n > 0) {
			if (n >= UPNP_TEXT_MAX)
				n = UPNP_TEXT_MAX - 1;
			memcpy(out, t, n);
			out[n] = '\0';
		}
	}
	d->field = F_NONE;
	d->text_len = 0;
}

/* A tag is read: an opening one of a field starts its text. */
static void
end_tag(struct upnp_desc *d)
{
	const char *name = d->tag, *colon;
	size_t n;

	d->tag[d->tag_len] = '\0';
	if (d->tag_len == 0 || name[0] == '/' || name[0] == '?' ||
	    name[0] == '!' || d->tag[d->tag_len - 1] == '/')
		return;
	n = strcspn(name, " \t\r\n/");
	colon = memchr(name, ':', n);
	if (colon != NULL) {
		n -= (size_t)(colon + 1 - name);
		name = colon + 1;
	}
	for (int f = F_FRIENDLY; f <= F_SERVICE; f++)
		if (strlen(field_tags[f]) == n &&
		    strncmp(name, field_tags[f], n) == 0)
			d->field = f;
}

static void
feed_byte(struct upnp_desc *d, char c)
{
	switch (d->state) {
	case TEXT:
		if (c == '<') {
			end_field(d);
			d->state = TAG;
			d->tag_len = 0;
		} else if (d->field != F_NONE &&
		           d->text_len + 1 < sizeof(d->text)) {
			unsigned char u = (unsigned char)c;

			d->text[d->text_len++] =
			    u >= 0x20 && u < 0x7f ? c : (u < 0x20 ? ' ' : '?');
		}
		break;
	case TAG:
		if (c == '>') {
			end_tag(d);
			d->state = TEXT;
			break;
		}
		if (d->tag_len + 1 < sizeof(d->tag))
			d->tag[d->tag_len++] = c;
		if (d->tag_len == 3 && memcmp(d->tag, "!--", 3) == 0) {
			d->state = COMMENT;
			d->dashes = 0;
		}
		break;
	default: /* a comment, to "-->" */
		if (c == '>' && d->dashes >= 2)
			d->state = TEXT;
		d->dashes = c == '-' ? d->dashes + 1 : 0;
		break;
	}
}

void
upnp_desc_feed(struct upnp_desc *d, const char *in, size_t n)
{
	for (size_t i = 0; i < n; i++)
		feed_byte(d, in[i]);
}

void
upnp_desc_summary(const struct upnp_desc *d, char *out, size_t outlen)
{
	size_t at;
	int n;

	n = snprintf(out, outlen, "%s (%s %s %s)",
	    d->friendly_name[0] ? d->friendly_name : "no name",
	    d->manufacturer[0] ? d->manufacturer : "?", d->model_name,
	    d->model_number);
	at = n > 0 && (size_t)n < outlen ? (size_t)n : outlen - 1;
	for (size_t i = 0; i < d->n_services && i < UPNP_SERVICES_MAX; i++) {
		/* the short form: "urn:...:service:WANIPConnection:1" */
		const char *s = strstr(d->services[i], ":service:");

		s = s != NULL ? s + 9 : d->services[i];
		n = snprintf(out + at, outlen - at, "%s%s",
		    i == 0 ? "; services: " : ", ", s);
		if (n < 0 || (size_t)n >= outlen - at)
			break;
		at += (size_t)n;
	}
}
