/*
 * SMTP (tcp/25, 587): does the server relay mail for anyone? The probe
 * reads the greeting, says EHLO (HELO if EHLO is refused), gives a
 * sender in a reserved domain (RFC 2606 .invalid) and one recipient
 * outside (example.com, reserved too), and reads the answer to RCPT TO:
 * accepted means an open relay (RFC 5321 3.6.2 says a server must not
 * be one). Then QUIT. It never says DATA: no mail is ever
 * sent. One command at a time, each after the reply to the one before
 * (no pipelining, which some servers refuse). Pure.
 */
#ifndef AIRLOCK_PROBE_SMTP_H
#define AIRLOCK_PROBE_SMTP_H

#include <stddef.h>

#define SMTP_OUT_MAX 128   /* the longest command the probe sends */
#define SMTP_LINE_MAX 1024 /* a reply line kept until its end */

enum smtp_result {
	SMTP_PENDING,    /* wants more of the server's bytes */
	SMTP_NOT_SMTP,   /* no 220 greeting, or a reply that is no reply */
	SMTP_CLOSED,     /* a 4xx/5xx before RCPT: no verdict */
	SMTP_NO_RELAY,   /* RCPT TO outside refused */
	SMTP_OPEN_RELAY, /* RCPT TO outside accepted */
};

struct smtp_probe {
	int step;
	char line[SMTP_LINE_MAX]; /* the reply line being read */
	size_t linelen;
	int code;          /* of the reply being read; 0 before */
	char greeting[96]; /* the 220 line, printable */
	int helo;          /* EHLO was refused: HELO tried */
};

void smtp_probe_init(struct smtp_probe *p);

/* Take len bytes from the server; a command to send is written to out
 * (SMTP_OUT_MAX) and its length to *outlen (0 for none). */
enum smtp_result smtp_probe_feed(struct smtp_probe *p, const char *in,
    size_t len, char *out, size_t *outlen);

/* What the probe sends once it has its verdict: QUIT (which drops the
 * transaction; a RSET before it would be pipelining). */
extern const char smtp_probe_goodbye[];

#endif
