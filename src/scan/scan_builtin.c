/*
 * The built-in data files (scan_builtin.h).
 */
#include "scan/scan_builtin.h"

#include "scan_admin_paths.h"
#include "scan_credentials.h"
#include "scan_versions.h"

int
scan_builtin_creds(struct creds *c, datafile_error_cb cb, void *arg)
{
	return creds_parse(c, scan_credentials, sizeof(scan_credentials) - 1,
	    "(built-in dictionary)", cb, arg);
}

int
scan_builtin_versions(struct vulndb *db, datafile_error_cb cb, void *arg)
{
	return vulndb_parse(db, scan_versions, sizeof(scan_versions) - 1,
	    "(built-in versions)", cb, arg);
}

int
scan_builtin_admin_paths(struct admin_paths *p, datafile_error_cb cb, void *arg)
{
	return admin_paths_parse(p, scan_admin_paths,
	    sizeof(scan_admin_paths) - 1, "(built-in admin paths)", cb, arg);
}
