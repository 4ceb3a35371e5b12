/*
 * "airlock audit list": every administrative change, who made it and
 * when, newest first.
 */
#include "cli/cmd.h"

#include "cli/verbs.h"
#include "cli/view.h"

static const struct view_col audit_cols[] = {
    {"ID", "id"},
    {"TIME", "ts"},
    {"ACTOR", "actor"},
    {"ACTION", "action"},
    {"OBJECT", "object"},
    {"REASON", "reason"},
};

static const char *const audit_filters[] = {"object", "actor", NULL};

static const struct verbs_list audit_list = {"/api/v1/audit", audit_filters,
    audit_cols, CLI_NELEM(audit_cols), "audit entries"};

int
cmd_audit_list(struct cli *cli, int argc, char **argv)
{
	return verbs_list(cli, argc, argv, &audit_list);
}
