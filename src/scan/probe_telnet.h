/*
 * One telnet login attempt, as a pure state machine: the engine feeds it
 * what the device sent and sends what it answers. It speaks just enough
 * of the protocol (RFC 854, 855) to reach a login prompt: it refuses
 * every option the server asks it to take on, lets the server echo and
 * suppress go-ahead, and skips subnegotiations. It types the user at a
 * login prompt and the password at a password prompt, and stops at the
 * first sign of the outcome: a shell prompt (the login worked), or a
 * failure message or a new prompt (it did not). It never types anything
 * after a login succeeded.
 *
 * A prompt is the last line of the text, with nothing after it: a line
 * that ends in '#' but is followed by a newline is a banner, not a
 * prompt. And since a banner can arrive in pieces, a shell prompt only
 * counts once the line has been quiet for a while: feed() says
 * TELNET_QUIET_WAIT, and the caller asks telnet_probe_quiet() when the
 * quiet time has passed with nothing more.
 */
#ifndef AIRLOCK_PROBE_TELNET_H
#define AIRLOCK_PROBE_TELNET_H

#include <stddef.h>
#include <stdint.h>

#define TELNET_TEXT_MAX 512
#define TELNET_BANNER_MAX 128
/* What one feed can ask to send: option answers (at most one per option
 * and verb, over the whole session) and a line of the dictionary. */
#define TELNET_OUT_MAX 2048

enum telnet_result {
	TELNET_PENDING,    /* wants more of the device's bytes */
	TELNET_QUIET_WAIT, /* a shell prompt stands last: wait, then quiet() */
	TELNET_LOGIN_OK,   /* a shell prompt after the password */
	TELNET_LOGIN_FAILED, /* a failure message, or a prompt again */
	TELNET_NO_AUTH,      /* a shell prompt before any login was asked */
};

struct telnet_probe {
	const char *user, *pass; /* borrowed; NULL user: only look */
	int step;
	int iac;                 /* where in an IAC sequence the input is */
	uint8_t verb;            /* the WILL/WONT/DO/DONT being read */
	int esc;                 /* inside a terminal escape sequence */
	uint8_t answered[2][32]; /* options answered, per DO/WILL: a bit each */
	char text[TELNET_TEXT_MAX]; /* printable text since we last typed */
	size_t textlen;
	char banner[TELNET_BANNER_MAX]; /* printable text before any prompt */
	size_t bannerlen;
	int typed_user;
};

void telnet_probe_init(
    struct telnet_probe *t, const char *user, const char *pass);

/* Take len bytes from the device; what to send back is written to
 * out[0..*outlen), out holding TELNET_OUT_MAX. */
enum telnet_result telnet_probe_feed(struct telnet_probe *t, const uint8_t *in,
    size_t len, uint8_t *out, size_t *outlen);

/* The outcome once the line has been quiet after TELNET_QUIET_WAIT:
 * TELNET_LOGIN_OK or TELNET_NO_AUTH (TELNET_PENDING when called at any
 * other time). */
enum telnet_result telnet_probe_quiet(const struct telnet_probe *t);

/* Whether the probe has typed anything: a user, or a password at a
 * password-only prompt. */
int telnet_probe_typed(const struct telnet_probe *t);

/* The banner, NUL-terminated: text the device showed before its first
 * prompt (an /etc/issue such as "BusyBox v1.35.0"), blanks collapsed. */
const char *telnet_probe_banner(struct telnet_probe *t);

#endif
