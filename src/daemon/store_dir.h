/*
 * The store's directory, prepared at start-up while airlockd may still be
 * root. It belongs to the unprivileged user, who must be able to create the
 * journal files in it; root must never be steered by that user into
 * creating or chowning anything elsewhere.
 */
#ifndef AIRLOCK_STORE_DIR_H
#define AIRLOCK_STORE_DIR_H

#include <stddef.h>

#include "daemon/config.h"

/* Create the store's directory for cfg->user (mode 0700), or check that
 * the existing one is a real directory owned by that user and not writable
 * by group or others. As root, the path is walked from the top without
 * following links, and every directory above it must be root's and closed
 * to others (or sticky, like /tmp). Nothing inside is touched. */
int store_dir_prepare(const struct config *cfg, char *err, size_t errlen);

#endif
