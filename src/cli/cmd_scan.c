/*
 * airlock scan TARGET... [--from FILE] [--config FILE] [--creds FILE]
 *     [--versions FILE] [--admin-paths FILE] [--ports LIST] [--no-login]
 *     [--set NAME=VALUE]...
 *     [--all] [--json] [--html FILE]
 * airlock scan --list-ports [--json]
 *
 * Scans device addresses from this machine, as the scanner role does:
 * each TARGET is an address or a network, and must lie inside the device
 * networks of the gateway's configuration (its device-network lines;
 * 10.64.0.0/10 when the default file does not exist). Anything else is
 * refused before a socket is opened (exit EX_NOPERM).
 *
 * Run as root, it drops to the airlock user once its files are read: a
 * TCP connection needs no privilege, and the code that parses what
 * devices answer should run with none.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/cmd.h"
#include "cli/progress.h"
#include "cli/scan.h"
#include "daemon/config.h"
#include "scan/scan_builtin.h"
#include "scan/scan_ports.h"
#include "scan/scanner.h"

#define SCAN_USER "airlock"

static void
print_error(void *arg, const char *file, unsigned line, const char *msg)
{
	(void)arg;
	if (line > 0)
		cli_warnx("%s:%u: %s", file, line, msg);
	else
		cli_warnx("%s: %s", file, msg);
}

/* The zone: the configuration's device networks. */
static int
load_zone(struct scan_zone *z, const char *path)
{
	static struct config c; /* large: not on the stack */
	int errors;

	config_defaults(&c);
	/* only a default file that does not exist means the defaults: one
	 * that cannot be read must not widen the zone to them */
	if (path == NULL && access(CONFIG_DEFAULT_PATH, F_OK) != 0 &&
	    errno == ENOENT)
		errors =
		    config_parse(&c, "", 0, "(defaults)", print_error, NULL);
	else
		errors =
		    config_load(&c, path != NULL ? path : CONFIG_DEFAULT_PATH,
		        print_error, NULL);
	if (errors > 0)
		return -1;
	z->n = c.n_networks < SCAN_ZONE_MAX ? c.n_networks : SCAN_ZONE_MAX;
	memcpy(z->nets, c.networks, z->n * sizeof(z->nets[0]));
	return 0;
}

static int
parse_ports(struct scan_conf *c, const char *list)
{
	char buf[8192], *tok, *save, *end;
	unsigned long lo, hi;
	int udp;

	if (strlen(list) >= sizeof(buf)) {
		cli_warnx(
		    "--ports: longer than %zu characters", sizeof(buf) - 1);
		return -1;
	}
	snprintf(buf, sizeof(buf), "%s", list);
	c->n_ports = 0;
	c->n_udp_ports = 0;
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		/* "u:161", "u:5683-5690": UDP; a bare port or range is TCP */
		udp = strncmp(tok, "u:", 2) == 0;
		if (udp)
			tok += 2;
		errno = 0;
		lo = strtoul(tok, &end, 10);
		hi = lo;
		if (*end == '-')
			hi = strtoul(end + 1, &end, 10);
		if (errno != 0 || *end != '\0' || lo == 0 || hi > 65535 ||
		    lo > hi || tok[0] == '-' || tok[0] == '+') {
			cli_warnx(
			    "--ports: '%s%s' is no port or range (1-65535)",
			    udp ? "u:" : "", tok);
			return -1;
		}
		for (unsigned long p = lo; udp && p <= hi; p++) {
			if (c->n_udp_ports == SCAN_UDP_PORTS_MAX) {
				cli_warnx("--ports: more than %d UDP ports",
				    SCAN_UDP_PORTS_MAX);
				return -1;
			}
			c->udp_ports[c->n_udp_ports++] = (uint16_t)p;
		}
		for (unsigned long p = lo; !udp && p <= hi; p++) {
			if (c->n_ports == SCAN_PORTS_MAX) {
				cli_warnx("--ports: more than %d ports",
				    SCAN_PORTS_MAX);
				return -1;
			}
			c->ports[c->n_ports++] = (uint16_t)p;
		}
	}
	if (c->n_ports + c->n_udp_ports == 0) {
		cli_warnx("--ports: no port given");
		return -1;
	}
	return 0;
}

/* --set NAME=VALUE */
static int
apply_set(struct scan_conf *c, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char name[32], err[256];

	if (eq == NULL || (size_t)(eq - arg) >= sizeof(name)) {
		cli_warnx("--set %s: NAME=VALUE expected", arg);
		return -1;
	}
	memcpy(name, arg, (size_t)(eq - arg));
	name[eq - arg] = '\0';
	if (scan_conf_set(c, name, eq + 1, err, sizeof(err)) < 0) {
		cli_warnx("--set %s", err);
		return -1;
	}
	return 0;
}

/* As many connections as the descriptor limit allows, with room left. */
static void
fit_descriptors(struct scan_conf *c)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur > 32 &&
	    c->max_inflight > rl.rlim_cur - 32)
		c->max_inflight = (unsigned)(rl.rlim_cur - 32);
}

static int
drop_root(void)
{
	struct passwd *pw;

	if (geteuid() != 0)
		return 0;
	pw = getpwnam(SCAN_USER);
	if (pw == NULL) {
		cli_warnx("running as root, and there is no '%s' user to drop "
		          "to (scripts/deps.sh creates it)",
		    SCAN_USER);
		return -1;
	}
	if (setgroups(0, NULL) < 0 ||
	    setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) < 0 ||
	    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) < 0 ||
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		cli_warn("dropping root for user '%s'", SCAN_USER);
		return -1;
	}
	return 0;
}

/* The default port lists, TCP then UDP: what each port is and how it is
 * probed. */
static int
list_ports(const struct cli *cli)
{
	static const char *const probes[] = {"connect", "banner", "telnet",
	    "mqtt", "ssh", "http", "smtp", [SCAN_PROBE_TLS] = "tls",
	    [SCAN_PROBE_HTTPS] = "https", [SCAN_PROBE_MQTTS] = "mqtts",
	    [SCAN_PROBE_RTSP] = "rtsp", [SCAN_PROBE_CWMP] = "cwmp",
	    [SCAN_PROBE_COAP] = "coap", [SCAN_PROBE_SSDP] = "ssdp",
	    [SCAN_PROBE_SNMP] = "snmp", [SCAN_PROBE_TFTP] = "tftp"};
	const struct scan_port_info *lists[2], *p;
	size_t n[2];
	const char *probe;
	int first = 1;

	lists[0] = scan_ports_default(&n[0]);
	lists[1] = scan_udp_ports_default(&n[1]);
	if (!cli->json)
		printf("%-6s %-5s %-18s %s\n", "PORT", "PROTO", "SERVICE",
		    "PROBE");
	else
		printf("[");
	for (int l = 0; l < 2; l++)
		for (size_t i = 0; i < n[l]; i++) {
			p = &lists[l][i];
			probe = p->probe < CLI_NELEM(probes) &&
			                probes[p->probe] != NULL
			            ? probes[p->probe]
			            : "?";
			if (cli->json)
				printf("%s{\"port\":%u,\"proto\":\"%s\","
				       "\"service\":\"%s\",\"probe\":\"%s\"}",
				    first ? "" : ",", p->port,
				    l ? "udp" : "tcp", p->service, probe);
			else
				printf("%-6u %-5s %-18s %s\n", p->port,
				    l ? "udp" : "tcp", p->service, probe);
			first = 0;
		}
	if (cli->json)
		printf("]\n");
	return EX_OK;
}

/* --html FILE, opened before the scan (and before root is dropped, so
 * that root may write where it wants) but emptied and written only once
 * the scan has ended: a scan that fails leaves an earlier report alone.
 * "-" is stdout. -1 (after the message) when it cannot be opened. */
static int
open_html(const char *path)
{
	int fd;

	if (strcmp(path, "-") == 0)
		return dup(STDOUT_FILENO);
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		cli_warn("--html %s", path);
	return fd;
}

static int
write_html(const struct scan_report *r, int fd, const char *path)
{
	FILE *fp;
	int rc;

	if (strcmp(path, "-") != 0 && ftruncate(fd, 0) < 0) {
		cli_warn("--html %s", path);
		close(fd);
		return EX_IOERR;
	}
	fp = fdopen(fd, "w");
	if (fp == NULL) {
		close(fd);
		return EX_OSERR;
	}
	rc = scan_report_html(r, fp);
	if (fclose(fp) != 0 || rc < 0) {
		cli_warn("--html %s: not written whole", path);
		return EX_IOERR;
	}
	return EX_OK;
}

static void
show_progress(void *arg, uint64_t done, uint64_t total)
{
	progress_update(arg, done, total);
}

/* The vulnerable version ranges: the built-in file, or --versions. */
static int
load_versions(struct vulndb *db, const char *path)
{
	if (path != NULL)
		return vulndb_load(db, path, print_error, NULL) > 0 ? -1 : 0;
	return scan_builtin_versions(db, print_error, NULL) > 0 ? -1 : 0;
}

/* The admin paths each web port is asked for: built in, or
 * --admin-paths. */
static int
load_admin_paths(struct admin_paths *p, const char *path)
{
	if (path != NULL)
		return admin_paths_load(p, path, print_error, NULL) > 0 ? -1
		                                                        : 0;
	return scan_builtin_admin_paths(p, print_error, NULL) > 0 ? -1 : 0;
}

static int
load_creds(struct creds *cr, const char *path)
{
	if (path != NULL)
		return creds_load(cr, path, print_error, NULL) > 0 ? -1 : 0;
	return scan_builtin_creds(cr, print_error, NULL) > 0 ? -1 : 0;
}

struct targets {
	struct ipaddr *v; /* SCAN_TARGETS_MAX */
	size_t n;
	int rc; /* the worst refusal so far: EX_NOPERM over EX_USAGE */
};

/* Add one TARGET; where is "FILE:LINE: " for a --from line, or "". */
static void
add_target(const struct scan_zone *z, struct targets *t, const char *spec,
    const char *where)
{
	char err[640];
	int rc;

	rc = scan_target_expand(
	    z, spec, t->v, SCAN_TARGETS_MAX, &t->n, err, sizeof(err));
	if (rc == 0)
		return;
	cli_warnx("%s%s", where, err);
	if (rc == -EPERM)
		t->rc = EX_NOPERM;
	else if (t->rc == EX_OK)
		t->rc = EX_USAGE;
}

/* --from FILE: a TARGET a line; blank lines and lines starting with '#'
 * are skipped. Every bad line is reported, then the scan is refused. */
static void
read_targets(const struct scan_zone *z, struct targets *t, const char *path)
{
	FILE *fp = fopen(path, "r");
	char line[256], where[PATH_MAX + 32];
	unsigned lineno = 0;
	size_t len;
	char *p;

	if (fp == NULL) {
		cli_warn("--from %s", path);
		t->rc = EX_NOINPUT;
		return;
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		lineno++;
		snprintf(where, sizeof(where), "%s:%u: ", path, lineno);
		len = strlen(line);
		if (len == sizeof(line) - 1 && line[len - 1] != '\n') {
			cli_warnx("%sa line longer than %zu bytes", where,
			    sizeof(line) - 2);
			t->rc = t->rc == EX_OK ? EX_DATAERR : t->rc;
			break;
		}
		line[strcspn(line, "\r\n")] = '\0';
		for (p = line; *p == ' ' || *p == '\t'; p++)
			;
		p[strcspn(p, " \t")] = '\0';
		if (*p != '\0' && *p != '#')
			add_target(z, t, p, where);
	}
	fclose(fp);
}

int
cmd_scan(struct cli *cli, int argc, char **argv)
{
	static const char *specs[ARGS_LIST_MAX];
	static struct scan_conf conf;
	static struct creds creds;
	static struct vulndb vulns;
	static struct admin_paths admin;
	const char *admin_path = NULL;
	struct args_list sets = {0};
	const char *config = NULL, *creds_path = NULL, *ports = NULL;
	const char *from = NULL, *versions = NULL, *html = NULL;
	int all = 0, no_login = 0, list = 0, html_fd = -1, n, rc;
	const struct args_opt opts[] = {
	    {"config", NULL, &config, NULL},
	    {"creds", NULL, &creds_path, NULL},
	    {"ports", NULL, &ports, NULL},
	    {"from", NULL, &from, NULL},
	    {"versions", NULL, &versions, NULL},
	    {"admin-paths", NULL, &admin_path, NULL},
	    {"html", NULL, &html, NULL},
	    {"no-login", &no_login, NULL, NULL},
	    {"set", NULL, NULL, &sets},
	    {"all", &all, NULL, NULL},
	    {"list-ports", &list, NULL, NULL},
	    {NULL, NULL, NULL, NULL},
	};
	struct scan_report report = {0};
	struct targets targets = {.rc = EX_OK};
	struct progress bar;
	struct scan *s;
	char err[256];

	n = args_parse(cli, argc, argv, opts, specs, 0, ARGS_LIST_MAX);
	if (n < 0)
		return args_exit(n);
	if (list)
		return list_ports(cli);
	if (n == 0 && from == NULL) {
		cli_warnx("a TARGET is needed: an address or a network of the "
		          "device networks (or --from FILE)");
		cli_usage(cli, stderr);
		return EX_USAGE;
	}
	scan_conf_defaults(&conf);
	if (load_zone(&conf.zone, config) < 0)
		return EX_CONFIG;
	if (ports != NULL && parse_ports(&conf, ports) < 0)
		return EX_USAGE;
	for (size_t i = 0; i < sets.n; i++)
		if (apply_set(&conf, sets.v[i]) < 0)
			return EX_USAGE;
	if (load_versions(&vulns, versions) < 0)
		return EX_DATAERR;
	if (load_admin_paths(&admin, admin_path) < 0)
		return EX_DATAERR;
	conf.admin_paths = &admin;
	if (!no_login) {
		if (load_creds(&creds, creds_path) < 0)
			return EX_DATAERR;
		conf.creds = &creds;
	}
	targets.v = calloc(SCAN_TARGETS_MAX, sizeof(*targets.v));
	if (targets.v == NULL) {
		cli_warnx("out of memory for the targets");
		return EX_OSERR;
	}
	for (int i = 0; i < n; i++)
		add_target(&conf.zone, &targets, specs[i], "");
	if (from != NULL)
		read_targets(&conf.zone, &targets, from);
	if (targets.rc != EX_OK) {
		free(targets.v);
		return targets.rc;
	}
	fit_descriptors(&conf);
	s = scan_new(&conf, targets.v, targets.n, err, sizeof(err));
	free(targets.v);
	if (s == NULL) {
		cli_warnx("%s", err);
		return EX_SOFTWARE;
	}
	if (html != NULL) {
		html_fd = open_html(html);
		if (html_fd < 0) {
			scan_free(s);
			return EX_CANTCREAT;
		}
	}
	rc = drop_root() < 0 ? EX_NOPERM : EX_OK;
	if (rc == EX_OK) {
		progress_init(&bar, "probing", NULL);
		bar.unit = "probes";
		if (scan_run(s, show_progress, &bar, err, sizeof(err)) < 0) {
			cli_warnx("%s", err);
			rc = EX_OSERR;
		}
		progress_done(&bar);
	}
	if (rc != EX_OK) {
		if (html_fd >= 0)
			close(html_fd);
		scan_free(s);
		return rc;
	}
	report.hosts = scan_hosts(s, &report.n_hosts);
	report.stats = scan_stats(s);
	report.vulns = &vulns;
	report.all = all;
	if (cli->json)
		scan_report_json(&report, stdout);
	else
		scan_report_table(&report, stdout);
	rc = html != NULL ? write_html(&report, html_fd, html) : EX_OK;
	scan_free(s);
	return rc;
}
