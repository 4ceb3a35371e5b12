/*
 * The SSDP probe (probe_ssdp.h). The answer is read a line at a time
 * within the datagram; header names are matched without regard to case
 * (UDA: they are HTTP's), and unknown headers are skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scan/probe_ssdp.h"

size_t
ssdp_probe_request(char *out, const char *host)
{
	int n = snprintf(out, SSDP_REQUEST_MAX,
	    "M-SEARCH * HTTP/1.1\r\nHOST: %s:1900\r\nMAN: \"ssdp:discover\"\r\n"
	    "MX: 1\r\nST: ssdp:all\r\n\r\n",
	    host);

	return n > 0 && n < SSDP_REQUEST_MAX ? (size_t)n : 0;
}

/* A header's value into out: leading and trailing blanks dropped, other
 * bytes outside printable ASCII as '?'. */
static void
value(const char *v, size_t n, char *out, size_t outlen)
{
	size_t k = 0;

	while (n > 0 && (*v == ' ' || *v == '\t'))
		v++, n--;
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	for (size_t i = 0; i < n && k + 1 < outlen; i++) {
		unsigned char c = (unsigned char)v[i];

		out[k++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	out[k] = '\0';
}

static void
header(const char *line, size_t n, struct ssdp_answer *a)
{
	static const struct {
		const char *name;
		size_t off;
	} known[] = {
	    {"location", offsetof(struct ssdp_answer, location)},
	    {"server", offsetof(struct ssdp_answer, server)},
	    {"st", offsetof(struct ssdp_answer, st)},
	    {"usn", offsetof(struct ssdp_answer, usn)},
	};
	const char *colon = memchr(line, ':', n);
	size_t name;

	if (colon == NULL)
		return;
	name = (size_t)(colon - line);
	for (size_t i = 0; i < sizeof(known) / sizeof(*known); i++)
		if (strlen(known[i].name) == name &&
		    strncasecmp(line, known[i].name, name) == 0) {
			char *out = (char *)a + known[i].off;

			if (out[0] == '\0') /* the first one counts */
				value(colon + 1, n - name - 1, out,
				    SSDP_FIELD_MAX);
			return;
		}
}

int
ssdp_probe_parse(const char *in, size_t n, struct ssdp_answer *a)
{
	const char *p = in, *end = in + n, *eol;
	size_t len;

	memset(a, 0, sizeof(*a));
	if (n < 12 || memcmp(in, "HTTP/1.", 7) != 0 || in[8] != ' ')
		return -1;
	for (int i = 9; i < 12; i++) {
		if (in[i] < '0' || in[i] > '9')
			return -1;
		a->status = a->status * 10 + (in[i] - '0');
	}
	if (n > 12 && in[12] != ' ' && in[12] != '\r' && in[12] != '\n')
		return -1;
	while (p < end) {
		eol = memchr(p, '\n', (size_t)(end - p));
		len = (size_t)((eol != NULL ? eol : end) - p);
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (p != in && len == 0)
			break; /* the end of the headers */
		if (p != in)
			header(p, len, a);
		p = eol != NULL ? eol + 1 : end;
	}
	return 0;
}

/* The host part of a URL, "[v6]" or "v4", into out; its length in url,
 * or 0. */
static size_t
url_host(const char *url, char *out, size_t outlen)
{
	size_t n;

	if (url[0] == '[') {
		n = strcspn(url + 1, "]");
		if (url[1 + n] != ']' || n == 0 || n >= outlen)
			return 0;
		memcpy(out, url + 1, n);
		out[n] = '\0';
		return n + 2;
	}
	n = strcspn(url, ":/");
	if (n == 0 || n >= outlen)
		return 0;
	memcpy(out, url, n);
	out[n] = '\0';
	return n;
}

int
ssdp_location_parse(const char *url, struct ipaddr *host, uint16_t *port,
    char *path, size_t pathlen)
{
	char text[64], *end;
	unsigned long p = 80;
	size_t n;

	if (strncasecmp(url, "http://", 7) != 0)
		return -1;
	url += 7;
	n = url_host(url, text, sizeof(text));
	if (n == 0 || ipaddr_parse(text, host) < 0)
		return -1;
	url += n;
	if (*url == ':') {
		if (url[1] < '0' || url[1] > '9')
			return -1;
		p = strtoul(url + 1, &end, 10);
		if (p == 0 || p > 65535 || (*end != '/' && *end != '\0'))
			return -1;
		url = end;
	}
	if (*url != '/' && *url != '\0')
		return -1;
	*port = (uint16_t)p;
	if (*url == '\0')
		url = "/";
	for (const char *c = url; *c != '\0'; c++)
		if ((unsigned char)*c <= 0x20 || (unsigned char)*c >= 0x7f)
			return -1;
	if (strlen(url) >= pathlen)
		return -1;
	memcpy(path, url, strlen(url) + 1);
	return 0;
}

int
ssdp_is_igd_type(const char *type)
{
	return strstr(type, ":service:WANIPConnection:") != NULL ||
	       strstr(type, ":service:WANPPPConnection:") != NULL;
}
