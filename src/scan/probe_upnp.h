/*
 * A UPnP device description (UDA 2.0, section 2.3), as fetched from the
 * LOCATION an SSDP answer gave, when that is the device's own address:
 * the root device's friendlyName, manufacturer, modelName, modelNumber,
 * and the serviceTypes of every embedded device. A small tolerant tag
 * reader, not an XML parser: it is fed the body in pieces as they come,
 * keeps no more than a tag's name and a field's text, and gives up on
 * nothing (a broken document yields fewer fields). No SOAP action is
 * ever sent: reading the description is the whole probe.
 */
#ifndef AIRLOCK_PROBE_UPNP_H
#define AIRLOCK_PROBE_UPNP_H

#include <stddef.h>

#define UPNP_TEXT_MAX 64
#define UPNP_TYPE_MAX 80
#define UPNP_SERVICES_MAX 8
#define UPNP_TAG_MAX 32

struct upnp_desc {
	char friendly_name[UPNP_TEXT_MAX], manufacturer[UPNP_TEXT_MAX];
	char model_name[UPNP_TEXT_MAX], model_number[UPNP_TEXT_MAX];
	char services[UPNP_SERVICES_MAX][UPNP_TYPE_MAX]; /* the first ones */
	size_t n_services;                               /* all of them */
	int igd; /* a WANIPConnection or WANPPPConnection service */
	/* the reader's */
	int state, field;
	char tag[UPNP_TAG_MAX];
	size_t tag_len;
	char text[UPNP_TYPE_MAX];
	size_t text_len;
	unsigned dashes; /* "--" seen at the end of a comment */
};

void upnp_desc_init(struct upnp_desc *d);

/* Feed the next n bytes of the body; any split gives the same result. */
void upnp_desc_feed(struct upnp_desc *d, const char *in, size_t n);

/* "name (manufacturer model number); services: a, b" into out, printable,
 * cut to fit. */
void upnp_desc_summary(const struct upnp_desc *d, char *out, size_t outlen);

#endif
