/*
 * The telnet login attempt (probe_telnet.h). Prompts are recognised on
 * the last line of the text since the probe last typed, lower-cased and
 * with trailing spaces dropped: login prompts end in "login:",
 * "username:" or "user:", password prompts in "password:", shell
 * prompts in '#', '$', '>' or '%'. A shell prompt wins over a failure
 * word earlier in the text (a "2 failed login attempts since..." notice
 * before the prompt of a login that worked); failure words count only
 * while no shell prompt stands last.
 */
#include <ctype.h>
#include <string.h>

#include "scan/probe_telnet.h"

enum {
	IAC = 255,
	DONT = 254,
	DO = 253,
	WONT = 252,
	WILL = 251,
	SB = 250,
	SE = 240,
	OPT_ECHO = 1,
	OPT_SGA = 3,
};

enum { IAC_DATA, IAC_CMD, IAC_OPTION, IAC_SUB, IAC_SUB_IAC };

enum {
	STEP_PROMPT,   /* before any prompt */
	STEP_PASSWORD, /* the user typed, waiting for the password prompt */
	STEP_RESULT,   /* the password typed */
};

static const char *const login_prompts[] = {"login:", "username:", "user:"};
static const char *const failures[] = {"incorrect", "fail", "denied", "invalid",
    "bad password", "wrong", "error", "refused"};

void
telnet_probe_init(struct telnet_probe *t, const char *user, const char *pass)
{
	memset(t, 0, sizeof(*t));
	t->user = user;
	t->pass = pass;
}

/* Answer an option once: a server that repeats itself gets no echo of
 * its loop. */
static void
negotiate(struct telnet_probe *t, uint8_t verb, uint8_t opt, uint8_t *out,
    size_t *outlen)
{
	uint8_t answer, *seen = t->answered[verb == WILL];

	if (verb != DO && verb != WILL)
		return; /* DONT and WONT ask nothing of us */
	if (seen[opt / 8] & (1u << (opt % 8)))
		return;
	seen[opt / 8] |= (uint8_t)(1u << (opt % 8));
	if (verb == DO)
		answer = WONT;
	else
		answer = opt == OPT_ECHO || opt == OPT_SGA ? DO : DONT;
	out[(*outlen)++] = IAC;
	out[(*outlen)++] = answer;
	out[(*outlen)++] = opt;
}

/* Terminal escape sequences (a shell asking for the cursor position
 * after its prompt, colours) are not text: ESC [ ... final byte, or ESC
 * and one byte. Whether a byte belongs to one; it updates the state. */
static int
in_escape(struct telnet_probe *t, uint8_t ch)
{
	switch (t->esc) {
	case 0:
		if (ch != 0x1b)
			return 0;
		t->esc = 1;
		return 1;
	case 1:
		t->esc = ch == '[' ? 2 : 0;
		return 1;
	default:
		if (ch >= 0x40 && ch <= 0x7e)
			t->esc = 0;
		return 1;
	}
}

static void
add_text(struct telnet_probe *t, uint8_t ch)
{
	char c;

	if (in_escape(t, ch))
		return;
	if (ch == '\r' || ch == '\n')
		c = '\n';
	else if (ch >= 0x20 && ch < 0x7f)
		c = (char)tolower(ch);
	else
		return;
	if (t->textlen == sizeof(t->text)) {
		/* keep the newer half: prompts are at the end */
		memmove(t->text, t->text + sizeof(t->text) / 2,
		    sizeof(t->text) / 2);
		t->textlen = sizeof(t->text) / 2;
	}
	t->text[t->textlen++] = c;
	if (t->step == STEP_PROMPT && !t->typed_user &&
	    t->bannerlen + 1 < sizeof(t->banner)) {
		c = ch == '\r' || ch == '\n' ? ' ' : (char)ch;
		if (c != ' ' ||
		    (t->bannerlen > 0 && t->banner[t->bannerlen - 1] != ' '))
			t->banner[t->bannerlen++] = c;
	}
}

/* The text without its trailing spaces (not newlines: a prompt has no
 * newline after it): its length. */
static size_t
trimmed(const struct telnet_probe *t)
{
	size_t n = t->textlen;

	while (n > 0 && t->text[n - 1] == ' ')
		n--;
	return n;
}

static int
ends_with(const struct telnet_probe *t, const char *suffix)
{
	size_t n = trimmed(t), k = strlen(suffix);

	return n >= k && memcmp(t->text + n - k, suffix, k) == 0;
}

static int
at_login_prompt(const struct telnet_probe *t)
{
	for (size_t i = 0; i < sizeof(login_prompts) / sizeof(*login_prompts);
	     i++)
		if (ends_with(t, login_prompts[i]))
			return 1;
	return 0;
}

static int
at_shell_prompt(const struct telnet_probe *t)
{
	size_t n = trimmed(t);

	return n > 0 && strchr("#$>%", t->text[n - 1]) != NULL;
}

static int
says_failure(const struct telnet_probe *t)
{
	for (size_t i = 0; i < sizeof(failures) / sizeof(*failures); i++)
		if (memmem(t->text, t->textlen, failures[i],
		        strlen(failures[i])) != NULL)
			return 1;
	return 0;
}

/* Type s and a telnet end of line (CR LF), and forget the text so far. */
static void
type(struct telnet_probe *t, const char *s, uint8_t *out, size_t *outlen)
{
	size_t n = strlen(s);

	memcpy(out + *outlen, s, n);
	*outlen += n;
	out[(*outlen)++] = '\r';
	out[(*outlen)++] = '\n';
	t->textlen = 0;
}

/* After the password (or a user that needed none): the outcome. */
static enum telnet_result
after_login(const struct telnet_probe *t, int password)
{
	if (at_shell_prompt(t))
		return TELNET_QUIET_WAIT;
	if (password || at_login_prompt(t) || says_failure(t))
		return TELNET_LOGIN_FAILED;
	return TELNET_PENDING;
}

static enum telnet_result
decide(struct telnet_probe *t, uint8_t *out, size_t *outlen)
{
	int password = ends_with(t, "password:");

	switch (t->step) {
	case STEP_PROMPT:
		if (at_shell_prompt(t))
			return TELNET_QUIET_WAIT;
		if (t->user == NULL)
			return at_login_prompt(t) || password
			           ? TELNET_LOGIN_FAILED
			           : TELNET_PENDING;
		if (at_login_prompt(t)) {
			type(t, t->user, out, outlen);
			t->typed_user = 1;
			t->step = STEP_PASSWORD;
		} else if (password) {
			type(t, t->pass, out, outlen);
			t->step = STEP_RESULT;
		}
		return TELNET_PENDING;
	case STEP_PASSWORD:
		if (password) {
			type(t, t->pass, out, outlen);
			t->step = STEP_RESULT;
			return TELNET_PENDING;
		}
		/* a user without a password: a shell at once */
		return after_login(t, 0);
	default:
		return after_login(t, password);
	}
}

enum telnet_result
telnet_probe_quiet(const struct telnet_probe *t)
{
	if (!at_shell_prompt(t))
		return TELNET_PENDING;
	return t->step == STEP_PROMPT ? TELNET_NO_AUTH : TELNET_LOGIN_OK;
}

enum telnet_result
telnet_probe_feed(struct telnet_probe *t, const uint8_t *in, size_t len,
    uint8_t *out, size_t *outlen)
{
	*outlen = 0;
	for (size_t i = 0; i < len; i++) {
		uint8_t b = in[i];

		switch (t->iac) {
		case IAC_DATA:
			if (b == IAC)
				t->iac = IAC_CMD;
			else
				add_text(t, b);
			break;
		case IAC_CMD:
			t->iac = IAC_DATA;
			if (b >= WILL && b <= DONT) {
				t->verb = b;
				t->iac = IAC_OPTION;
			} else if (b == SB) {
				t->iac = IAC_SUB;
			}
			break; /* IAC IAC is a 255 byte: not text */
		case IAC_OPTION:
			negotiate(t, t->verb, b, out, outlen);
			t->iac = IAC_DATA;
			break;
		case IAC_SUB:
			if (b == IAC)
				t->iac = IAC_SUB_IAC;
			break;
		default: /* IAC_SUB_IAC */
			t->iac = b == SE ? IAC_DATA : IAC_SUB;
			break;
		}
	}
	return decide(t, out, outlen);
}

int
telnet_probe_typed(const struct telnet_probe *t)
{
	return t->step != STEP_PROMPT;
}

const char *
telnet_probe_banner(struct telnet_probe *t)
{
	while (t->bannerlen > 0 && t->banner[t->bannerlen - 1] == ' ')
		t->bannerlen--;
	t->banner[t->bannerlen] = '\0';
	return t->banner;
}
