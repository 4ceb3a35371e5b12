/*
 * The command handlers that airlock.c dispatches to, one file per noun.
 * Each takes the arguments after "<noun> <verb>" and returns an exit code.
 */
#ifndef AIRLOCK_CMD_H
#define AIRLOCK_CMD_H

#include "cli/cli.h"

int cmd_sim_list(struct cli *cli, int argc, char **argv);
int cmd_sim_show(struct cli *cli, int argc, char **argv);
int cmd_sim_add(struct cli *cli, int argc, char **argv);
int cmd_sim_update(struct cli *cli, int argc, char **argv);
int cmd_sim_delete(struct cli *cli, int argc, char **argv);
int cmd_sim_set_state(struct cli *cli, int argc, char **argv);
/* "sim suspend ICCID --reason R" and the like: the verb is the action. */
int cmd_sim_action(struct cli *cli, int argc, char **argv);
int cmd_sim_import(struct cli *cli, int argc, char **argv);
int cmd_sim_usage(struct cli *cli, int argc, char **argv);
int cmd_sim_binding(struct cli *cli, int argc, char **argv);
int cmd_sim_binding_reset(struct cli *cli, int argc, char **argv);
int cmd_sim_relearn(struct cli *cli, int argc, char **argv);
int cmd_sim_disconnect(struct cli *cli, int argc, char **argv);
int cmd_sim_exposure(struct cli *cli, int argc, char **argv);

int cmd_session_list(struct cli *cli, int argc, char **argv);

int cmd_device_list(struct cli *cli, int argc, char **argv);
int cmd_device_show(struct cli *cli, int argc, char **argv);
int cmd_device_add(struct cli *cli, int argc, char **argv);
int cmd_device_update(struct cli *cli, int argc, char **argv);
int cmd_device_delete(struct cli *cli, int argc, char **argv);
int cmd_device_exposure(struct cli *cli, int argc, char **argv);
int cmd_device_state(struct cli *cli, int argc, char **argv);

int cmd_profile_list(struct cli *cli, int argc, char **argv);
int cmd_profile_show(struct cli *cli, int argc, char **argv);
int cmd_profile_put(struct cli *cli, int argc, char **argv);
int cmd_profile_delete(struct cli *cli, int argc, char **argv);

int cmd_scans_start(struct cli *cli, int argc, char **argv);
int cmd_scans_list(struct cli *cli, int argc, char **argv);
int cmd_scans_show(struct cli *cli, int argc, char **argv);
int cmd_scans_cancel(struct cli *cli, int argc, char **argv);
int cmd_findings_list(struct cli *cli, int argc, char **argv);
int cmd_findings_summary(struct cli *cli, int argc, char **argv);
int cmd_sim_findings(struct cli *cli, int argc, char **argv);
int cmd_device_findings(struct cli *cli, int argc, char **argv);
int cmd_event_list(struct cli *cli, int argc, char **argv);
int cmd_event_show(struct cli *cli, int argc, char **argv);
int cmd_event_ack(struct cli *cli, int argc, char **argv);

int cmd_audit_list(struct cli *cli, int argc, char **argv);

int cmd_policy_show(struct cli *cli, int argc, char **argv);
int cmd_policy_diff(struct cli *cli, int argc, char **argv);
int cmd_policy_apply(struct cli *cli, int argc, char **argv);

int cmd_token_create(struct cli *cli, int argc, char **argv);
int cmd_token_list(struct cli *cli, int argc, char **argv);
int cmd_token_revoke(struct cli *cli, int argc, char **argv);
int cmd_token_whoami(struct cli *cli, int argc, char **argv);

/* Offline: reads files, talks to no server. */
int cmd_analyze(struct cli *cli, int argc, char **argv);
/* Talks to devices in the zone, not to the server. */
int cmd_scan(struct cli *cli, int argc, char **argv);

#endif
