/*
 * The SMTP relay probe (probe_smtp.h). A reply is one or more lines
 * "NNN-text", ending with "NNN text" (or "NNN" alone), all of one code
 * (RFC 5321 4.2.1); the probe acts on the last line of each reply.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "scan/probe_smtp.h"

#define SENDER "<scan@airlock-scan.invalid>"
#define RECIPIENT "<relay-test@example.com>"

const char smtp_probe_goodbye[] = "QUIT\r\n";

enum { STEP_GREETING, STEP_EHLO, STEP_MAIL, STEP_RCPT, STEP_DONE };

void
smtp_probe_init(struct smtp_probe *p)
{
	memset(p, 0, sizeof(*p));
}

static size_t
command(char *out, const char *text)
{
	return (size_t)snprintf(out, SMTP_OUT_MAX, "%s\r\n", text);
}

/* One whole reply of code came: the next command, or the verdict. */
static enum smtp_result
reply(struct smtp_probe *p, int code, char *out, size_t *outlen)
{
	switch (p->step) {
	case STEP_GREETING:
		if (code != 220)
			return SMTP_NOT_SMTP;
		*outlen = command(out, "EHLO airlock-scan.invalid");
		p->step = STEP_EHLO;
		return SMTP_PENDING;
	case STEP_EHLO:
		if (code / 100 == 5 && !p->helo) {
			p->helo = 1;
			*outlen = command(out, "HELO airlock-scan.invalid");
			return SMTP_PENDING;
		}
		if (code != 250)
			return SMTP_CLOSED;
		*outlen = command(out, "MAIL FROM:" SENDER);
		p->step = STEP_MAIL;
		return SMTP_PENDING;
	case STEP_MAIL:
		if (code != 250)
			return SMTP_CLOSED;
		*outlen = command(out, "RCPT TO:" RECIPIENT);
		p->step = STEP_RCPT;
		return SMTP_PENDING;
	default:
		p->step = STEP_DONE;
		return code == 250 || code == 251 ? SMTP_OPEN_RELAY
		                                  : SMTP_NO_RELAY;
	}
}

/* A reply line: "NNN" then '-', ' ' or its end. The code, or -1. */
static int
line_code(const char *s, size_t n, int *last)
{
	if (n < 3 || !isdigit((unsigned char)s[0]) ||
	    !isdigit((unsigned char)s[1]) || !isdigit((unsigned char)s[2]))
		return -1;
	if (n > 3 && s[3] != '-' && s[3] != ' ')
		return -1;
	*last = n == 3 || s[3] == ' ';
	return (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
}

static void
keep_greeting(struct smtp_probe *p)
{
	size_t k = 0;

	for (size_t i = 0; i < p->linelen && k + 1 < sizeof(p->greeting); i++)
		p->greeting[k++] =
		    p->line[i] >= 0x20 && p->line[i] < 0x7f ? p->line[i] : '?';
	p->greeting[k] = '\0';
}

/* A whole line came (without its CR LF). */
static enum smtp_result
end_line(struct smtp_probe *p, char *out, size_t *outlen)
{
	int last = 0, code = line_code(p->line, p->linelen, &last);

	if (code < 100 || code > 599 || (p->code != 0 && code != p->code))
		return SMTP_NOT_SMTP;
	if (p->step == STEP_GREETING && p->greeting[0] == '\0')
		keep_greeting(p);
	p->linelen = 0;
	if (!last) {
		p->code = code;
		return SMTP_PENDING;
	}
	p->code = 0;
	return reply(p, code, out, outlen);
}

enum smtp_result
smtp_probe_feed(
    struct smtp_probe *p, const char *in, size_t len, char *out, size_t *outlen)
{
	enum smtp_result r = SMTP_PENDING;

	*outlen = 0;
	if (p->step == STEP_DONE)
		return SMTP_PENDING;
	for (size_t i = 0; i < len && r == SMTP_PENDING && *outlen == 0; i++) {
		if (in[i] == '\n') {
			if (p->linelen > 0 && p->line[p->linelen - 1] == '\r')
				p->linelen--;
			r = end_line(p, out, outlen);
		} else if (p->linelen < sizeof(p->line)) {
			p->line[p->linelen++] = in[i];
		} else {
			return SMTP_NOT_SMTP; /* no reply line is that long */
		}
	}
	return r;
}
