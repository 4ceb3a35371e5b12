/*
 * One SSH login attempt through libssh, driven by the engine's epoll: the
 * session runs non-blocking on the engine's own connected socket, and
 * each step (key exchange, the "none" method, the password) is called
 * again when the socket is ready in the direction libssh asks for.
 *
 * The "none" method comes first: a server that lets it in needs no
 * credential at all; one whose methods lack both "password" and
 * "keyboard-interactive" (keys only) gets no password typed, ever.
 * Keyboard-interactive (RFC 4256: OpenSSH with PAM, where password
 * logins are off) is used when "password" is not offered: the pair's
 * password answers the one hidden prompt of a round, once; a round that
 * asks for anything else (a second hidden prompt, an echoed one, a
 * prompt after the password was given: a one-time code, a retry) ends
 * the attempt as refused, so that only a password alone counts as a
 * login. Empty rounds (OpenSSH's PAM sends one after the password) are
 * answered empty. A partial success after the password (the server wants
 * another method too) is a login, as with "password": the password
 * was right. Host keys are not checked (the scanner audits
 * the device; it trusts nothing it learns from it) and nothing is
 * written to a known_hosts file. After a login, the session is closed
 * without opening a channel.
 *
 * libssh gets a duplicate of the engine's socket, set last of its
 * options: whether or not it closes it (it does once it has connected,
 * not if an option failed first), the engine closes its own, and the
 * duplicate if it is still open, so the descriptor leaves epoll either
 * way. A pair with an empty user is skipped: libssh refuses one.
 */
#include <fcntl.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "scan/scan_engine.h"

enum { STEP_KEX, STEP_NONE, STEP_PASSWORD, STEP_KBDINT };

/* Wait for what libssh wants next. */
static void
rewatch(struct scan *s, struct conn *c)
{
	int flags = ssh_get_poll_flags(c->ssh);
	uint32_t ev = 0;

	if (flags & SSH_READ_PENDING)
		ev |= EPOLLIN;
	if (flags & SSH_WRITE_PENDING)
		ev |= EPOLLOUT;
	if (conn_watch(s, c, ev != 0 ? ev : EPOLLIN, EPOLL_CTL_MOD) < 0)
		scan_ssh_expire(s, c);
}

static void
finish(struct scan *s, struct conn *c, enum attempt a)
{
	scan_login_done(s, c, a);
	conn_close(s, c, 0); /* frees the session, which closes the fd */
}

static int
configure(struct scan *s, struct conn *c)
{
	const struct creds *cr = s->conf.creds;
	struct scan_login_state *l = &c->host->login[SCAN_SSH];
	char host[ADDR_STRLEN];
	int off = 0, quiet = SSH_LOG_NOLOG;
	long timeout = (long)s->conf.login_ms / 1000 + 1;

	ipaddr_format(&c->host->addr, host, sizeof(host));
	return ssh_options_set(c->ssh, SSH_OPTIONS_HOST, host) < 0 ||
	       ssh_options_set(
	           c->ssh, SSH_OPTIONS_USER, cr->v[l->next_cred].user) < 0 ||
	       ssh_options_set(c->ssh, SSH_OPTIONS_PROCESS_CONFIG, &off) < 0 ||
	       ssh_options_set(c->ssh, SSH_OPTIONS_KNOWNHOSTS, "/dev/null") <
	           0 ||
	       ssh_options_set(
	           c->ssh, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null") < 0 ||
	       ssh_options_set(c->ssh, SSH_OPTIONS_LOG_VERBOSITY, &quiet) < 0 ||
	       ssh_options_set(c->ssh, SSH_OPTIONS_TIMEOUT, &timeout) < 0 ||
	       (c->ssh_fd = fcntl(c->fd, F_DUPFD_CLOEXEC, 0)) < 0 ||
	       ssh_options_set(c->ssh, SSH_OPTIONS_FD, &c->ssh_fd) < 0;
}

void
scan_ssh_begin(struct scan *s, struct conn *c, uint64_t now)
{
	struct scan_login_state *l = &c->host->login[SCAN_SSH];

	c->ssh_fd = -1;
	if (scan_login_user(s, l)[0] == '\0') {
		finish(s, c, ATTEMPT_FAILED); /* on to the next pair */
		return;
	}
	c->ssh = ssh_new();
	if (c->ssh == NULL || configure(s, c)) {
		s->stats.errors++;
		finish(s, c, ATTEMPT_NO_PROMPT);
		return;
	}
	ssh_set_blocking(c->ssh, 0);
	c->phase = CONN_SSH;
	c->ssh_step = STEP_KEX;
	c->deadline = now + (uint64_t)s->conf.login_ms * NS_PER_MS;
	scan_ssh_event(s, c);
}

/* The password step: the pair's password, once. */
static void
password(struct scan *s, struct conn *c)
{
	struct scan_login_state *l = &c->host->login[SCAN_SSH];
	int rc = ssh_userauth_password(c->ssh, NULL, scan_login_pass(s, l));

	/* partial: the password was right, a second factor is wanted */
	if (rc == SSH_AUTH_AGAIN)
		rewatch(s, c);
	else
		finish(s, c,
		    rc == SSH_AUTH_SUCCESS || rc == SSH_AUTH_PARTIAL
		        ? ATTEMPT_OK
		        : ATTEMPT_FAILED);
}

/* Keyboard-interactive: rounds of prompts until a verdict. */
static void
kbdint(struct scan *s, struct conn *c)
{
	struct scan_login_state *l = &c->host->login[SCAN_SSH];
	int rc = ssh_userauth_kbdint(c->ssh, NULL, NULL), n, in;
	char echo;

	while (rc == SSH_AUTH_INFO) {
		n = ssh_userauth_kbdint_getnprompts(c->ssh);
		if (n != 0) { /* an error (-1) is refused too */
			if (n != 1 || c->ssh_answered ||
			    ssh_userauth_kbdint_getprompt(c->ssh, 0, &echo) ==
			        NULL ||
			    echo) {
				finish(s, c, ATTEMPT_FAILED);
				return;
			}
			if (ssh_userauth_kbdint_setanswer(
			        c->ssh, 0, scan_login_pass(s, l)) < 0) {
				finish(s, c, ATTEMPT_FAILED);
				return;
			}
			c->ssh_answered = 1;
		}
		rc = ssh_userauth_kbdint(c->ssh, NULL, NULL);
	}
	if (rc == SSH_AUTH_AGAIN) {
		rewatch(s, c);
		return;
	}
	/* partial after the password, as in password(): it was right, and
	 * a second factor is wanted; partial before it proves nothing */
	in = rc == SSH_AUTH_SUCCESS || rc == SSH_AUTH_PARTIAL;
	finish(s, c,
	    in && c->ssh_answered    ? ATTEMPT_OK
	    : rc == SSH_AUTH_SUCCESS ? ATTEMPT_NO_AUTH
	                             : ATTEMPT_FAILED);
}

void
scan_ssh_event(struct scan *s, struct conn *c)
{
	struct scan_login_state *l = &c->host->login[SCAN_SSH];
	int rc, methods;

	switch (c->ssh_step) {
	case STEP_KEX:
		rc = ssh_connect(c->ssh);
		if (rc == SSH_AGAIN) {
			rewatch(s, c);
			return;
		}
		if (rc != SSH_OK) {
			finish(s, c, ATTEMPT_NO_PROMPT);
			return;
		}
		c->ssh_step = STEP_NONE;
		/* fall through */
	case STEP_NONE:
		rc = ssh_userauth_none(c->ssh, NULL);
		if (rc == SSH_AUTH_AGAIN) {
			rewatch(s, c);
			return;
		}
		if (rc == SSH_AUTH_SUCCESS || rc == SSH_AUTH_ERROR) {
			finish(s, c,
			    rc == SSH_AUTH_SUCCESS ? ATTEMPT_NO_AUTH
			                           : ATTEMPT_NO_PROMPT);
			return;
		}
		methods = ssh_userauth_list(c->ssh, NULL);
		if (methods & SSH_AUTH_METHOD_PASSWORD)
			c->ssh_step = STEP_PASSWORD;
		else if (methods & SSH_AUTH_METHOD_INTERACTIVE)
			c->ssh_step = STEP_KBDINT;
		else {
			finish(s, c, ATTEMPT_NO_PASSWORD);
			return;
		}
		l->tries += !l->control;
		s->stats.logins++;
		c->ssh_answered = 0;
		/* fall through */
	default:
		if (c->ssh_step == STEP_KBDINT)
			kbdint(s, c);
		else
			password(s, c);
	}
}

void
scan_ssh_expire(struct scan *s, struct conn *c)
{
	/* slow to answer a password is a refusal; slow before it, no login */
	finish(s, c,
	    c->ssh_step >= STEP_PASSWORD ? ATTEMPT_FAILED : ATTEMPT_NO_PROMPT);
}
