/*
 * The scanner's SSH logins against a server of its own (libssh's server
 * side, in a child, on 127.0.0.80:22) that offers keyboard-interactive
 * only, and behaves by user name. The traps take any answer, so that a
 * scanner that answered them would log in, and only a refusal passes:
 *   otp:    one round of two hidden prompts (a password and a code);
 *   echo:   one round whose prompt is echoed;
 *   second: the password, then a second round asking for a code.
 * The others take their name followed by "123" and nothing else:
 *   cam:    one hidden prompt, then success;
 *   pam:    one hidden prompt, then an empty round (as OpenSSH's PAM
 *           sends), then success;
 *   mfa:    one hidden prompt, then partial success (a second factor
 *           wanted: the password was right).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libssh/libssh.h>
#include <libssh/server.h>

#include "scan/scanner.h"

#define SSH_LAB_ADDR "127.0.0.80"

static int
is(const char *user, const char *name)
{
	return strcmp(user, name) == 0;
}

/* Whether the round's one answer is user's password. */
static int
right(ssh_session se, const char *user)
{
	const char *a = ssh_userauth_kbdint_getanswer(se, 0);
	char pw[40];

	snprintf(pw, sizeof(pw), "%s123", user);
	return a != NULL && strcmp(a, pw) == 0;
}

static void
prompts(ssh_message m, unsigned n, const char *const *text, char *echo)
{
	ssh_message_auth_interactive_request(
	    m, "", "", n, (const char **)text, echo);
}

/* The answer to user's kbdint message of this round (0: the request;
 * 1, 2: the answers to the rounds before). */
static void
reply(ssh_session se, ssh_message m, const char *user, int round)
{
	static const char *const two[] = {"Password: ", "Code: "};
	static const char *const pw[] = {"Password: "};
	static const char *const code[] = {"Verification code: "};
	char hidden[2] = {0, 0}, shown[1] = {1};
	int trap = is(user, "otp") || is(user, "echo") || is(user, "second");

	if (round == 0)
		prompts(m, is(user, "otp") ? 2 : 1, is(user, "otp") ? two : pw,
		    is(user, "echo") ? shown : hidden);
	else if (round == 1 && is(user, "second"))
		prompts(m, 1, code, hidden);
	else if (trap)
		ssh_message_auth_reply_success(m, 0);
	else if (round == 1 && !right(se, user))
		ssh_message_reply_default(m); /* refused */
	else if (round == 1 && is(user, "pam"))
		prompts(m, 0, NULL, NULL);
	else
		ssh_message_auth_reply_success(m, is(user, "mfa"));
}

static void
serve_session(ssh_session se)
{
	ssh_message m;
	char user[32] = ""; /* a response does not name it again */
	int round = 0;

	while ((m = ssh_message_get(se)) != NULL) {
		if (ssh_message_type(m) != SSH_REQUEST_AUTH) {
			ssh_message_reply_default(m);
		} else if (ssh_message_subtype(m) !=
		           SSH_AUTH_METHOD_INTERACTIVE) {
			ssh_message_auth_set_methods(
			    m, SSH_AUTH_METHOD_INTERACTIVE);
			ssh_message_reply_default(m);
		} else if (!ssh_message_auth_kbdint_is_response(m)) {
			snprintf(
			    user, sizeof(user), "%s", ssh_message_auth_user(m));
			round = 0;
			reply(se, m, user, round);
		} else {
			reply(se, m, user, ++round);
		}
		ssh_message_free(m);
	}
}

static void
serve_ssh(ssh_bind b)
{
	for (;;) {
		ssh_session se = ssh_new();

		if (se == NULL || ssh_bind_accept(b, se) != SSH_OK)
			_exit(0);
		if (ssh_handle_key_exchange(se) == SSH_OK)
			serve_session(se);
		ssh_disconnect(se);
		ssh_free(se);
	}
}

/* The server's bind, listening; NULL when port 22 is taken here. */
static ssh_bind
ssh_lab_bind(void)
{
	ssh_bind b = ssh_bind_new();
	ssh_key key = NULL;
	unsigned port = 22;

	assert_non_null(b);
	assert_int_equal(ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key), 0);
	assert_int_equal(
	    ssh_bind_options_set(b, SSH_BIND_OPTIONS_IMPORT_KEY, key), 0);
	assert_int_equal(
	    ssh_bind_options_set(b, SSH_BIND_OPTIONS_BINDADDR, SSH_LAB_ADDR),
	    0);
	assert_int_equal(
	    ssh_bind_options_set(b, SSH_BIND_OPTIONS_BINDPORT, &port), 0);
	if (ssh_bind_listen(b) != SSH_OK) {
		ssh_bind_free(b);
		return NULL;
	}
	return b;
}

/* The SSH login of one scan of the server with dictionary cr. */
static struct scan_login_state
login_with(const struct creds *cr)
{
	static struct scan_conf c;
	struct scan_login_state l;
	struct ipaddr target;
	struct scan *s;
	char err[256];
	size_t n;

	scan_conf_defaults(&c);
	c.n_udp_ports = 0;
	memset(&c.zone, 0, sizeof(c.zone));
	assert_int_equal(
	    cidr_parse("127.0.0.0/8", &c.zone.nets[c.zone.n++]), 0);
	c.ports[0] = 22;
	c.n_ports = 1;
	c.creds = cr;
	assert_int_equal(ipaddr_parse(SSH_LAB_ADDR, &target), 0);
	s = scan_new(&c, &target, 1, err, sizeof(err));
	assert_non_null(s);
	assert_int_equal(scan_run(s, NULL, NULL, err, sizeof(err)), 0);
	l = scan_hosts(s, &n)->login[SCAN_SSH];
	scan_free(s);
	return l;
}

static void
test_kbdint_password_alone(void **state)
{
	static struct creds traps = {.n = 5,
	    .v = {{"otp", "x", 1}, {"echo", "x", 2}, {"second", "x", 3},
	        {"cam", "admin", 4}, {"cam", "cam123", 5}}};
	static struct creds pam = {
	    .n = 2, .v = {{"pam", "admin", 1}, {"pam", "pam123", 2}}};
	static struct creds mfa = {
	    .n = 2, .v = {{"mfa", "admin", 1}, {"mfa", "mfa123", 2}}};
	struct scan_login_state l;
	ssh_bind b = ssh_lab_bind();
	pid_t pid;

	(void)state;
	if (b == NULL) {
		skip(); /* port 22 is taken on this machine */
		return;
	}
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		alarm(30); /* gone even if the test fails half-way */
		signal(SIGPIPE, SIG_IGN);
		serve_ssh(b);
	}
	ssh_bind_free(b);
	/* the traps refused, cam's wrong password refused, then cam123;
	 * a random password after it refused too (not "any") */
	l = login_with(&traps);
	assert_int_equal(l.result, SCAN_LOGIN_OK);
	assert_ptr_equal(l.cred, &traps.v[4]);
	assert_int_equal(l.tries, 5);
	/* an empty round after the password, as OpenSSH's PAM sends */
	l = login_with(&pam);
	assert_int_equal(l.result, SCAN_LOGIN_OK);
	assert_ptr_equal(l.cred, &pam.v[1]);
	/* partial success after it: the password was right */
	l = login_with(&mfa);
	assert_int_equal(l.result, SCAN_LOGIN_OK);
	assert_ptr_equal(l.cred, &mfa.v[1]);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kbdint_password_alone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
