/*
 * The scanner's SSH logins against a server of its own (libssh's server
 * side, in a child, on 127.0.0.80:22) that offers keyboard-interactive
 * only, and behaves by user name:
 *   otp:    one round of two hidden prompts (a password and a code);
 *   echo:   one round whose prompt is echoed;
 *   second: the password, then a second round asking for a code;
 *   cam:    one hidden prompt, taking "cam123" and nothing else.
 * Each of the first three takes any answer: a scanner that answered them
 * would log in, so only a refusal passes. The dictionary puts them
 * before cam's pairs; the login found must be cam/cam123.
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

/* A prompt round for user, the first (round 0) or the one after an
 * answer (round 1): 0 when sent, 1 when the user has no such round. */
static int
ask(ssh_message m, const char *user, int round)
{
	static const char *const two[] = {"Password: ", "Code: "};
	static const char *const pw[] = {"Password: "};
	static const char *const code[] = {"Verification code: "};
	char hidden[2] = {0, 0}, shown[1] = {1};

	if (round == 0 && strcmp(user, "otp") == 0)
		return ssh_message_auth_interactive_request(
		           m, "", "", 2, (const char **)two, hidden) != SSH_OK;
	if (round == 0 && strcmp(user, "echo") == 0)
		return ssh_message_auth_interactive_request(
		           m, "", "", 1, (const char **)pw, shown) != SSH_OK;
	if (round == 0)
		return ssh_message_auth_interactive_request(
		           m, "", "", 1, (const char **)pw, hidden) != SSH_OK;
	if (round == 1 && strcmp(user, "second") == 0)
		return ssh_message_auth_interactive_request(
		           m, "", "", 1, (const char **)code, hidden) != SSH_OK;
	return 1;
}

/* Whether the answers so far let user in. */
static int
let_in(ssh_session se, const char *user)
{
	const char *a = ssh_userauth_kbdint_getanswer(se, 0);

	if (strcmp(user, "cam") == 0)
		return a != NULL && strcmp(a, "cam123") == 0;
	return 1; /* the traps take anything */
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
			if (ask(m, user, round) != 0)
				ssh_message_reply_default(m);
		} else if (ask(m, user, ++round) != 0) {
			if (let_in(se, user))
				ssh_message_auth_reply_success(m, 0);
			else
				ssh_message_reply_default(m);
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

static void
test_kbdint_password_alone(void **state)
{
	static struct scan_conf c;
	static struct creds cr = {.n = 5,
	    .v = {{"otp", "x", 1}, {"echo", "x", 2}, {"second", "x", 3},
	        {"cam", "admin", 4}, {"cam", "cam123", 5}}};
	const struct scan_host *h;
	struct ipaddr target;
	struct scan *s;
	char err[256];
	size_t n;
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
	scan_conf_defaults(&c);
	c.n_udp_ports = 0;
	memset(&c.zone, 0, sizeof(c.zone));
	assert_int_equal(
	    cidr_parse("127.0.0.0/8", &c.zone.nets[c.zone.n++]), 0);
	c.ports[0] = 22;
	c.n_ports = 1;
	c.creds = &cr;
	assert_int_equal(ipaddr_parse(SSH_LAB_ADDR, &target), 0);
	s = scan_new(&c, &target, 1, err, sizeof(err));
	assert_non_null(s);
	assert_int_equal(scan_run(s, NULL, NULL, err, sizeof(err)), 0);
	h = scan_hosts(s, &n);
	assert_int_equal(n, 1);
	/* the traps refused, cam's wrong password refused, then cam123;
	 * a random password after it refused too (not "any") */
	assert_int_equal(h->login[SCAN_SSH].result, SCAN_LOGIN_OK);
	assert_ptr_equal(h->login[SCAN_SSH].cred, &cr.v[4]);
	assert_int_equal(h->login[SCAN_SSH].tries, 5);
	scan_free(s);
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
