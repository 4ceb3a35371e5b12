/*
 * "airlock policy show|diff|apply": the device zone's nftables ruleset as
 * compiled from the registry, how the kernel's table differs from it
 * (exit 1 when it does, as diff(1)), and a rebuild of the kernel's table.
 */
#include <stdio.h>
#include <sysexits.h>

#include "cli/args.h"
#include "cli/client.h"
#include "cli/cmd.h"
#include "cli/table.h"

#define POLICY_PATH "/api/v1/policy"

/* EX_OK, or the exit code of a bad command line or of --help. */
static int
no_args(struct cli *cli, int argc, char **argv)
{
	int r = args_parse(cli, argc, argv, NULL, NULL, 0, 0);

	return r < 0 ? args_exit(r) : EX_OK;
}

/* Print a string member as it is, or the whole answer with --json. */
static void
print_text(struct cli *cli, const json_t *answer, const char *member)
{
	const char *s = json_string_value(json_object_get(answer, member));

	if (cli->json)
		table_json(stdout, answer);
	else if (s != NULL)
		fputs(s, stdout);
}

int
cmd_policy_show(struct cli *cli, int argc, char **argv)
{
	json_t *answer = NULL;
	int ret = no_args(cli, argc, argv);

	if (ret != EX_OK)
		return ret;
	ret = client_get(cli->client, POLICY_PATH, NULL, &answer);
	if (ret == EX_OK)
		print_text(cli, answer, "ruleset");
	json_decref(answer);
	return ret;
}

int
cmd_policy_diff(struct cli *cli, int argc, char **argv)
{
	json_t *answer = NULL;
	int ret = no_args(cli, argc, argv);

	if (ret != EX_OK)
		return ret;
	ret = client_get(cli->client, POLICY_PATH "/diff", NULL, &answer);
	if (ret != EX_OK)
		goto out;
	print_text(cli, answer, "diff");
	if (json_is_true(json_object_get(answer, "in_sync"))) {
		if (!cli->json)
			printf("the kernel's table is the registry's\n");
	} else {
		if (!cli->json)
			printf("%lld differences (-: missing from the "
			       "kernel, +: not expected there)\n",
			    (long long)json_integer_value(
			        json_object_get(answer, "differences")));
		ret = 1;
	}
out:
	json_decref(answer);
	return ret;
}

int
cmd_policy_apply(struct cli *cli, int argc, char **argv)
{
	json_t *answer = NULL;
	long status = 0;
	int ret = no_args(cli, argc, argv);

	if (ret != EX_OK)
		return ret;
	ret = client_json(
	    cli->client, "POST", POLICY_PATH "/apply", NULL, &status, &answer);
	if (ret == EX_OK) {
		if (cli->json)
			table_json(stdout, answer);
		else
			printf("applied: %s\n",
			    json_string_value(
			        json_object_get(answer, "status")));
	}
	json_decref(answer);
	return ret;
}
