/*
 * The scanner's data files as built into the binaries (data/scan/, embedded
 * by CMake): the credential dictionary, the vulnerable version ranges and
 * the admin paths. Each loader returns the number of errors, which the
 * tests keep at 0; cb hears of each, as for a file.
 */
#ifndef AIRLOCK_SCAN_BUILTIN_H
#define AIRLOCK_SCAN_BUILTIN_H

#include "scan/admin_paths.h"
#include "scan/creds.h"
#include "scan/versions.h"

int scan_builtin_creds(struct creds *c, datafile_error_cb cb, void *arg);
int scan_builtin_versions(struct vulndb *db, datafile_error_cb cb, void *arg);
int scan_builtin_admin_paths(
    struct admin_paths *p, datafile_error_cb cb, void *arg);

#endif
