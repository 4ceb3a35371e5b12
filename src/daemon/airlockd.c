/*
 * airlockd: the gateway daemon. Parses options and the configuration,
 * opens (and migrates) the store, binds the API socket while still
 * privileged, then hands over to the parent loop, which forks the roles.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "common/log.h"
#include "daemon/config.h"
#include "daemon/parent.h"
#include "monitor/monitor.h"
#include "daemon/proc.h"
#include "daemon/store_dir.h"
#include "radius/radius_stats.h"
#include "registry/token.h"
#include "registry/validate.h"
#include "store/store.h"

#ifndef AIRLOCK_VERSION
#define AIRLOCK_VERSION "0.1.0"
#endif

static void
usage(void)
{
	fprintf(stderr,
	    "usage: airlockd [-nvV] [-f file] [--create-admin-token name]\n"
	    "  -f file   configuration (default " CONFIG_DEFAULT_PATH ";\n"
	    "            built-in defaults when that file does not exist)\n"
	    "  -n        check the configuration and exit\n"
	    "  -v        log at debug level\n"
	    "  -V        print the version and exit\n"
	    "  --create-admin-token name\n"
	    "            create an admin API token in the store, print it,\n"
	    "            and exit (the first token of a new gateway)\n");
	exit(EX_USAGE);
}

static void
print_config_error(void *arg, const char *file, unsigned line,
    const char *msg)
{
	(void)arg;
	fprintf(stderr, "%s:%u: %s\n", file, line, msg);
}

static void
free_pem(char *pem)
{
	if (pem == NULL)
		return;
	explicit_bzero(pem, strlen(pem));
	free(pem);
}

/* Up to the hard limit of descriptors: each API connection holds one. */
static void
raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/* Bind the API socket now, as the parent, so that a privileged port works
 * and "address in use" is reported at start-up, not by a child. */
static int
bind_api(const struct config *cfg)
{
	int fd, one = 1;

	fd = socket(cfg->api_addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		fatal("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&cfg->api_addr, cfg->api_addrlen) < 0)
		fatal("cannot listen on %s", cfg->api_listen);
	if (listen(fd, 1024) < 0)
		fatal("listen on %s", cfg->api_listen);
	return fd;
}

/* The RADIUS sockets, bound by the parent like the API's. */
static int
bind_udp(const struct sockaddr_storage *ss, socklen_t len, const char *what)
{
	int fd = socket(ss->ss_family, SOCK_DGRAM | SOCK_CLOEXEC |
	    SOCK_NONBLOCK, 0);
	int size = 8 << 20;

	if (fd < 0)
		fatal("socket");
	/* Room for a burst (a PGW restarting re-attaches every SIM). */
	setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size));
	setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof(size));
	if (bind(fd, (const struct sockaddr *)ss, len) < 0)
		fatal("cannot listen on %s", what);
	return fd;
}

/* Counters the radius role writes and the api role reads: one shared
 * anonymous mapping, made before the fork. */
static struct radius_stats *
map_radius_stats(void)
{
	void *p = mmap(NULL, sizeof(struct radius_stats),
	    PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		fatal("mmap");
	return p;
}

/* Open (creating and migrating) the store; called only after the
 * privileges are dropped, so root never touches a file in it. */
static struct store *
open_store(const struct config *cfg)
{
	char err[512];
	struct store *st;

	st = store_open(cfg->store, err, sizeof(err));
	if (st == NULL)
		fatalx("store %s: %s", cfg->store, err);
	return st;
}

static void
prepare_store(const struct config *cfg)
{
	char err[512];

	if (store_dir_prepare(cfg, err, sizeof(err)) < 0)
		fatalx("%s", err);
}

#define TLS_FILE_MAX (256 * 1024)

/* Read a whole PEM file, while still root (the key is root's). */
static char *
read_pem(const char *path)
{
	char *buf = malloc(TLS_FILE_MAX + 1);
	ssize_t n = -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd >= 0 && buf != NULL)
		n = read(fd, buf, TLS_FILE_MAX);
	if (fd >= 0)
		close(fd);
	if (n <= 0 || n == TLS_FILE_MAX)
		fatalx("cannot read %s (or it is over 256 KiB)", path);
	buf[n] = '\0';
	return buf;
}

static int
create_admin_token(const struct config *cfg, const char *name)
{
	struct store_error serr = {0};
	uint8_t hash[TOKEN_HASH_LEN];
	char token[TOKEN_STRLEN];
	const char *why;
	struct store *st;
	int64_t id;

	if (valid_name(name, &why) < 0) {
		fprintf(stderr, "airlockd: token name '%s' %s\n", name, why);
		return EX_USAGE;
	}
	prepare_store(cfg);
	proc_drop_parent(cfg->user);
	proc_drop_privileges();
	st = open_store(cfg);
	if (token_generate(token, sizeof(token)) < 0)
		fatalx("cannot generate a token");
	token_hash(token, hash);
	if (store_token_add(st, name, ROLE_ADMIN, hash, "airlockd", &id,
		&serr) < 0) {
		fprintf(stderr, "airlockd: cannot create token '%s': %s\n", name,
		    serr.msg[0] ? serr.msg : store_errmsg(st));
		store_free(st);
		return EX_DATAERR;
	}
	printf("%s\n", token);
	explicit_bzero(token, sizeof(token));
	store_free(st);
	return 0;
}

/* Load the config: the named file, or the default path when it exists, or
 * the built-in defaults. Returns the path actually read (or NULL). */
static const char *
load_config(struct config *cfg, const char *path, int explicit_path)
{
	int errors;

	config_defaults(cfg);
	if (!explicit_path && access(path, F_OK) < 0)
		return NULL;
	errors = config_load(cfg, path, print_config_error, NULL);
	if (errors > 0) {
		fprintf(stderr, "airlockd: %s: %d error%s\n", path, errors,
		    errors == 1 ? "" : "s");
		exit(EX_CONFIG);
	}
	return path;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
	    {"create-admin-token", required_argument, NULL, 'T'},
	    {NULL, 0, NULL, 0}};
	const char *cfg_path = CONFIG_DEFAULT_PATH, *token_name = NULL;
	int ch, check_only = 0, verbose = 0, explicit_path = 0, rc;
	struct role_env env = {.listen_fd = -1, .radius_auth_fd = -1,
	    .radius_acct_fd = -1, .nflog_fd = -1,
	    .capture_fd = -1};
	char err[256];
	struct config cfg;

	while ((ch = getopt_long(argc, argv, "f:nvV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			cfg_path = optarg;
			explicit_path = 1;
			break;
		case 'n':
			check_only = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'V':
			printf("airlockd %s\n", AIRLOCK_VERSION);
			return 0;
		case 'T':
			token_name = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	/* Everything airlockd creates (the store, its journal) is the
	 * daemon's alone. */
	umask(077);
	cfg_path = load_config(&cfg, cfg_path, explicit_path);
	if (check_only) {
		fprintf(stderr, "airlockd: configuration %s is valid\n",
		    cfg_path != NULL ? cfg_path : "(built-in defaults)");
		return 0;
	}
	if (verbose)
		cfg.log_level = LOG_LEVEL_DEBUG;
	log_init("parent", cfg.log_syslog, cfg.log_level);
	if (token_name != NULL)
		return create_admin_token(&cfg, token_name);
	/* Root's part: directories, the socket, the TLS key. Then drop, and
	 * create or migrate the store as the unprivileged user. */
	prepare_store(&cfg);
	raise_fd_limit();
	env.listen_fd = bind_api(&cfg);
	env.radius_stats = map_radius_stats();
	if (cfg.radius.enabled) {
		env.radius_auth_fd = bind_udp(&cfg.radius.auth_addr,
		    cfg.radius.auth_addrlen, cfg.radius.auth_listen);
		env.radius_acct_fd = bind_udp(&cfg.radius.acct_addr,
		    cfg.radius.acct_addrlen, cfg.radius.acct_listen);
	}
	/* The monitor reads what the ruleset logs; binding the log group
	 * takes CAP_NET_ADMIN, so it is done here. Without it the zone is
	 * still enforced, only its violations are not reported. */
	if (cfg.policy.enforce) {
		env.nflog = monitor_open_nflog(cfg.policy.zone.log_group, err,
		    sizeof(err));
		if (env.nflog == NULL)
			log_warnx("no monitor: %s", err);
		else
			env.nflog_fd = monitor_fd(env.nflog);
	}
	/* Capturing takes CAP_NET_RAW: likewise. Without it the detectors
	 * see nothing, which is said loudly. */
	if (cfg.monitor.iface[0] != '\0') {
		env.capture = monitor_open_capture(cfg.monitor.iface, err,
		    sizeof(err));
		if (env.capture == NULL)
			log_warnx("no traffic detection: %s", err);
		else
			env.capture_fd = monitor_fd(env.capture);
	}
	if (cfg.tls_cert[0] != '\0') {
		env.tls_cert_pem = read_pem(cfg.tls_cert);
		env.tls_key_pem = read_pem(cfg.tls_key);
	}
	proc_drop_parent(cfg.user);
	store_free(open_store(&cfg));
	log_info("airlockd %s starting: api on %s, store %s", AIRLOCK_VERSION,
	    cfg.api_listen, cfg.store);
	if (cfg.radius.enabled)
		log_info("radius on %s (auth) and %s (accounting), %zu "
			 "client%s", cfg.radius.auth_listen,
		    cfg.radius.acct_listen, cfg.radius.n_clients,
		    cfg.radius.n_clients == 1 ? "" : "s");
	rc = parent_run(&cfg, cfg_path, verbose, &env);
	free_pem((char *)env.tls_cert_pem);
	free_pem((char *)env.tls_key_pem);
	log_info("stopped");
	return rc;
}
