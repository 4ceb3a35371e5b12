/*
 * airlock: the command-line client of the airlock gateway's REST API.
 *
 *	airlock [--url URL] [--token TOKEN] [--json] <noun> <verb> [args]
 *
 * The global options come before the noun; each command parses its own
 * (args.c). Commands are dispatched from the table below, which is also
 * what "airlock help" prints. Exit codes follow sysexits(3); client.c
 * documents how answers map onto them.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

#include "cli/cli.h"
#include "cli/client.h"
#include "cli/cmd.h"
#include "cli/cred.h"

#define SIM_FIELDS                                                             \
	"[--imsi I] [--msisdn M] [--apn A] [--static-ip IP] [--profile P] "    \
	"[--imei-policy off|learn|fixed] [--imei-match full|tac] "             \
	"[--bound-imei IMEI] [--data-limit SIZE] [--label k=v]..."
#define DEVICE_FIELDS                                                          \
	"[--name N] [--sim ICCID] [--mac MAC] [--ip IP] [--vendor V] "         \
	"[--model M] [--firmware F] [--profile P]"
#define SIM_FILTERS                                                            \
	"[--state S] [--profile P] [--apn A] [--label k=v] [--q PREFIX] "
#define PAGING "[--limit N] [--cursor C] [--all]"
#define REASON "ICCID --reason TEXT"

static const struct cmd airlock_cmds[] = {
    {"sim", "list", cmd_sim_list, SIM_FILTERS PAGING, "list SIMs"},
    {"sim", "show", cmd_sim_show, "ICCID", "show one SIM"},
    {"sim", "add", cmd_sim_add, "--iccid ICCID " SIM_FIELDS, "register a SIM"},
    {"sim", "update", cmd_sim_update, "ICCID " SIM_FIELDS,
        "change fields of a SIM"},
    {"sim", "delete", cmd_sim_delete, "ICCID", "delete a SIM"},
    {"sim", "import", cmd_sim_import,
        "FILE [--format csv|json|ndjson] [--mode insert|upsert]",
        "import SIMs from a file, all or nothing"},
    {"sim", "set-state", cmd_sim_set_state,
        "ICCID activate|suspend|block|quarantine|release --reason TEXT",
        "change the state of a SIM"},
    {"sim", "activate", cmd_sim_action, REASON, "activate a SIM"},
    {"sim", "suspend", cmd_sim_action, REASON, "suspend a SIM"},
    {"sim", "block", cmd_sim_action, REASON, "block a SIM"},
    {"sim", "quarantine", cmd_sim_action, REASON, "quarantine a SIM"},
    {"sim", "release", cmd_sim_action, REASON,
        "release a SIM from quarantine or a block"},
    {"sim", "usage", cmd_sim_usage, "ICCID [--from YYYY-MM-DD]",
        "show a SIM's data usage by day (this month by default)"},
    {"sim", "binding", cmd_sim_binding, "ICCID",
        "show a SIM's IMEI binding and the device it last attached from"},
    {"sim", "binding-reset", cmd_sim_binding_reset, REASON,
        "forget a SIM's bound IMEI (not a fixed one)"},
    {"sim", "relearn", cmd_sim_relearn, REASON,
        "forget a SIM's bound IMEI and learn it at the next attach"},
    {"sim", "disconnect", cmd_sim_disconnect, REASON,
        "cut a SIM's data sessions off (RADIUS Disconnect)"},
    {"sim", "exposure", cmd_sim_exposure, "ICCID",
        "Internet packets blocked before they reached a SIM, and its "
        "violations, per day"},
    {"sim", "findings", cmd_sim_findings, "ICCID",
        "a SIM's latest security scan: its grade, open and fixed "
        "findings"},
    {"session", "list", cmd_session_list,
        "[--sim ICCID] [--open] " PAGING,
        "list RADIUS sessions, newest first"},
    {"device", "list", cmd_device_list, PAGING, "list devices"},
    {"device", "show", cmd_device_show, "ID", "show one device"},
    {"device", "add", cmd_device_add, DEVICE_FIELDS, "register a device"},
    {"device", "update", cmd_device_update, "ID " DEVICE_FIELDS,
        "change fields of a device"},
    {"device", "delete", cmd_device_delete, "ID", "delete a device"},
    {"device", "quarantine", cmd_device_state, "ID --reason TEXT",
        "cut a LAN device off (one with a SIM: quarantine the SIM)"},
    {"device", "release", cmd_device_state, "ID --reason TEXT",
        "release a LAN device from quarantine"},
    {"device", "exposure", cmd_device_exposure, "ID",
        "Internet packets blocked before they reached a device, and its "
        "violations, per day"},
    {"device", "findings", cmd_device_findings, "ID",
        "a device's latest security scan: its grade, open and fixed "
        "findings"},
    {"profile", "list", cmd_profile_list, PAGING, "list profiles"},
    {"profile", "show", cmd_profile_show, "NAME", "show one profile"},
    {"profile", "put", cmd_profile_put,
        "NAME FILE [--description D] [--imei-policy off|learn] "
        "[--imei-match full|tac] [--imei-mismatch reject|alert|default] "
        "[--session-timeout S|default] [--interim-interval S|default]",
        "create or replace a profile from a MUD file"},
    {"profile", "delete", cmd_profile_delete, "NAME", "delete a profile"},
    {"event", "list", cmd_event_list,
        "[--status S] [--severity S] [--type T] [--subject S] " PAGING,
        "list events, newest first"},
    {"event", "show", cmd_event_show, "ID", "show one event"},
    {"event", "ack", cmd_event_ack, "ID", "acknowledge an event"},
    {"scans", "start", cmd_scans_start,
        "TARGET... [--wait]  (an address or network, sim:ICCID, "
        "device:ID, or fleet)",
        "queue a security scan on the gateway; --wait follows it to its "
        "end"},
    {"scans", "list", cmd_scans_list, PAGING,
        "list the gateway's scans, newest first"},
    {"scans", "show", cmd_scans_show, "ID",
        "show a scan, with the findings it opened and saw fixed"},
    {"scans", "cancel", cmd_scans_cancel, "ID",
        "cancel a queued or running scan (a running one stops within a "
        "second; what it recorded stays)"},
    {"findings", "list", cmd_findings_list,
        "[--address A] [--state open|fixed|all] [--severity S] "
        "[--scan ID] [--fixed-by ID] " PAGING,
        "list the fleet's findings, newest first"},
    {"findings", "summary", cmd_findings_summary, "",
        "open findings per severity, addresses per grade"},
    {"audit", "list", cmd_audit_list, "[--object O] [--actor A] " PAGING,
        "list the audit log"},
    {"policy", "show", cmd_policy_show, "",
        "the device zone's nftables ruleset, compiled from the registry"},
    {"policy", "diff", cmd_policy_diff, "",
        "how the kernel's table differs from it (exit 1 when it does)"},
    {"policy", "apply", cmd_policy_apply, "",
        "rebuild the kernel's table from the registry"},
    {"token", "create", cmd_token_create,
        "--name N --role viewer|operator|admin",
        "create an API token (shown once)"},
    {"token", "list", cmd_token_list, PAGING, "list API tokens"},
    {"token", "revoke", cmd_token_revoke, "ID", "revoke an API token"},
    {"whoami", NULL, cmd_token_whoami, "", "show this token's name and role"},
    {"analyze", NULL, cmd_analyze,
        "FILE... --devices CIDR[,CIDR] [--set NAME=VALUE]... [--all]",
        "find compromised devices in captures or Zeek conn.logs (offline)"},
    {"scan", NULL, cmd_scan,
        "TARGET... [--from FILE] [--config FILE] [--creds FILE] "
        "[--versions FILE] [--admin-paths FILE] "
        "[--ports LIST] "
        "[--no-login] [--set NAME=VALUE]... [--all] [--html FILE] | "
        "--list-ports",
        "audit devices: exposed services, default credentials, a risk "
        "score"},
};

/* What the global options say. */
struct airlock_opts {
	const char *url;
	char *token; /* in argv, wiped once copied */
	int json;
	int help;
	int version;
};

static void
airlock_help_cmds(FILE *fp, const char *noun)
{
	const struct cmd *c;
	char name[32];

	for (size_t i = 0; i < CLI_NELEM(airlock_cmds); i++) {
		c = &airlock_cmds[i];
		if (noun != NULL && strcmp(noun, c->noun) != 0)
			continue;
		snprintf(name, sizeof(name), "%s %s", c->noun,
		    c->verb != NULL ? c->verb : "");
		if (noun != NULL)
			fprintf(
			    fp, "  %s %s\n      %s\n", name, c->usage, c->help);
		else
			fprintf(fp, "  %-20s %s\n", name, c->help);
	}
}

/* The whole help, or with noun the full usage of that noun's commands. */
static void
airlock_help(FILE *fp, const char *noun)
{
	fputs("usage: airlock [--url URL] [--token TOKEN] [--json] "
	      "<noun> <verb> [arguments]\n"
	      "       airlock help [noun]\n"
	      "       airlock <noun> <verb> --help\n\ncommands:\n",
	    fp);
	airlock_help_cmds(fp, noun);
	if (noun != NULL)
		return;
	fputs(
	    "\nenvironment:\n"
	    "  AIRLOCK_URL         the server (default " CLI_DEFAULT_URL ")\n"
	    "  AIRLOCK_TOKEN_FILE  a file holding the API token\n"
	    "  AIRLOCK_TOKEN       the API token itself\n"
	    "  AIRLOCK_CACERT      CA certificates to verify an https server\n",
	    fp);
}

static int
airlock_known_noun(const char *noun)
{
	for (size_t i = 0; i < CLI_NELEM(airlock_cmds); i++) {
		if (strcmp(airlock_cmds[i].noun, noun) == 0)
			return 1;
	}
	return 0;
}

/* "airlock help [noun]". */
static int
airlock_help_cmd(int argc, char **argv)
{
	if (argc > 0 && !airlock_known_noun(argv[0])) {
		cli_warnx("unknown command '%s'; see 'airlock help'", argv[0]);
		return EX_USAGE;
	}
	airlock_help(stdout, argc > 0 ? argv[0] : NULL);
	return EX_OK;
}

/* The global options, up to the noun. */
static int
airlock_options(int argc, char **argv, struct airlock_opts *o)
{
	static const struct option longopts[] = {
	    {"url", required_argument, NULL, 'u'},
	    {"token", required_argument, NULL, 't'},
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	int ch;

	opterr = 0;
	for (;;) {
		ch = getopt_long(argc, argv, "+:h", longopts, NULL);
		if (ch == -1)
			return EX_OK;
		switch (ch) {
		case 'u':
			o->url = optarg;
			break;
		case 't':
			o->token = optarg;
			break;
		case 'j':
			o->json = 1;
			break;
		case 'h':
			o->help = 1;
			break;
		case 'V':
			o->version = 1;
			break;
		case ':':
			cli_warnx("%s needs a value", argv[optind - 1]);
			return EX_USAGE;
		default:
			cli_warnx("unknown option %s", argv[optind - 1]);
			return EX_USAGE;
		}
	}
}

/* The command named by argv ("noun verb" or a bare noun); *used says how
 * many words named it. NULL after a message when there is none. */
static const struct cmd *
airlock_find(int argc, char **argv, int *used)
{
	const struct cmd *c;

	for (size_t i = 0; i < CLI_NELEM(airlock_cmds); i++) {
		c = &airlock_cmds[i];
		if (strcmp(c->noun, argv[0]) != 0)
			continue;
		if (c->verb == NULL) {
			*used = 1;
			return c;
		}
		if (argc > 1 && strcmp(c->verb, argv[1]) == 0) {
			*used = 2;
			return c;
		}
	}
	if (!airlock_known_noun(argv[0]))
		cli_warnx("unknown command '%s'; see 'airlock help'", argv[0]);
	else if (argc > 1)
		cli_warnx("unknown command '%s %s'; see 'airlock help %s'",
		    argv[0], argv[1], argv[0]);
	else
		airlock_help(stderr, argv[0]);
	return NULL;
}

/* The server's address without trailing '/': from --url, $AIRLOCK_URL or
 * the default. Only http and https are spoken. Caller frees. */
static int
airlock_url(const char *opt, char **out)
{
	const char *url = opt != NULL ? opt : getenv("AIRLOCK_URL");
	size_t len;

	*out = NULL;
	if (url == NULL || url[0] == '\0')
		url = CLI_DEFAULT_URL;
	if (strncasecmp(url, "http://", 7) != 0 &&
	    strncasecmp(url, "https://", 8) != 0) {
		cli_warnx("the server address must start with http:// or "
		          "https://");
		return EX_USAGE;
	}
	len = strlen(url);
	while (len > 0 && url[len - 1] == '/')
		len--;
	*out = strndup(url, len);
	if (*out == NULL) {
		cli_warnx("out of memory");
		return EX_OSERR;
	}
	return EX_OK;
}

/* Build the client from the options and the environment. */
static int
airlock_connect(struct cli *cli, const struct airlock_opts *o)
{
	char *url = NULL, *token = NULL;
	const char *cacert = getenv("AIRLOCK_CACERT");
	int ret;

	ret = airlock_url(o->url, &url);
	if (ret == EX_OK)
		ret = cred_load(o->token, &token);
	/* Shorten the time the token shows in ps(1); it was visible before. */
	if (o->token != NULL)
		explicit_bzero(o->token, strlen(o->token));
	if (ret != EX_OK)
		goto out;
	if (cacert != NULL && cacert[0] == '\0')
		cacert = NULL;
	cli->client = client_new(url, token, cacert);
	if (cli->client == NULL) {
		cli_warnx("cannot start the HTTP client");
		ret = EX_OSERR;
	}
out:
	free(url);
	cred_free(token);
	return ret;
}

/* Output that never reached stdout (a full disk, say) is a failure. */
static int
airlock_flush(int ret)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_warn("standard output");
		if (ret == EX_OK)
			ret = EX_IOERR;
	}
	return ret;
}

/* Run the command named at argv[0] with what follows it. */
static int
airlock_run(const struct airlock_opts *o, int argc, char **argv)
{
	struct cli cli = {.json = o->json};
	int used = 0, ret;

	cli.cmd = airlock_find(argc, argv, &used);
	if (cli.cmd == NULL)
		return EX_USAGE;
	ret = airlock_connect(&cli, o);
	if (ret == EX_OK)
		ret = cli.cmd->fn(&cli, argc - used, argv + used);
	client_free(cli.client);
	return ret;
}

int
main(int argc, char **argv)
{
	struct airlock_opts o = {0};
	int ret;

	ret = airlock_options(argc, argv, &o);
	if (ret != EX_OK) {
		fputs("see 'airlock help'\n", stderr);
		return ret;
	}
	if (o.help) {
		airlock_help(stdout, NULL);
	} else if (o.version) {
		puts("airlock " AIRLOCK_VERSION);
	} else if (optind == argc) {
		airlock_help(stderr, NULL);
		ret = EX_USAGE;
	} else if (strcmp(argv[optind], "help") == 0) {
		ret = airlock_help_cmd(argc - optind - 1, argv + optind + 1);
	} else {
		ret = airlock_run(&o, argc - optind, argv + optind);
	}
	return airlock_flush(ret);
}
