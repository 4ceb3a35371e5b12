/*
 * airlockd.conf: one directive per line, "#" starts a comment, values may be
 * double-quoted. The parser is pure (text in, struct out) and reports every
 * error through a callback as file:line: message, then keeps going, so that
 * `airlockd -n` shows all the mistakes at once.
 */
#ifndef AIRLOCK_CONFIG_H
#define AIRLOCK_CONFIG_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "common/addr.h"
#include "common/ipc.h"
#include "common/log.h"

#define CONFIG_DEFAULT_PATH "/etc/airlock/airlockd.conf"
#define CONFIG_MAX_BYTES (1024 * 1024)

struct config {
	char user[33];
	char store[PATH_MAX];
	enum log_level log_level;
	int log_syslog;
	char api_listen[64];
	struct sockaddr_storage api_addr;
	socklen_t api_addrlen;
	unsigned api_threads;
	uint64_t api_body_limit;
	uint64_t api_import_limit;
	size_t n_networks;
	struct cidr networks[IPC_MAX_NETWORKS];
	char tls_cert[PATH_MAX];
	char tls_key[PATH_MAX];
};

typedef void (*config_error_cb)(void *arg, const char *file, unsigned line,
    const char *msg);

void config_defaults(struct config *c);
/* Parse text into c (which holds the defaults). Returns the number of
 * errors; c is only meaningful when that is 0. */
int config_parse(struct config *c, const char *text, size_t len,
    const char *file, config_error_cb cb, void *arg);
/* Read and parse a file; an unreadable file is one error at line 0. */
int config_load(struct config *c, const char *path, config_error_cb cb,
    void *arg);
/* The settings a running child can take without a restart. */
void config_to_msg(const struct config *c, struct msg_config *m);

#endif
