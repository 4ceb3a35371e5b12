/*
 * A store in a fresh temporary directory per test, for the store's unit
 * tests: setup opens (creating and migrating) it, teardown removes the
 * database, its WAL and shared-memory files, a second database a test may
 * have made beside it (fresh.db), and the directory.
 */
#ifndef AIRLOCK_TEST_STORE_FIXTURE_H
#define AIRLOCK_TEST_STORE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "store/store.h"

struct fixture {
	char dir[64];
	char path[96];
	struct store *st;
};

static inline void
rm_db(const char *path)
{
	char p[160];

	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

/* The directory and the path, no store yet. */
static inline int
setup_dir(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/airlock-store.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->path, sizeof(fx->path), "%s/airlock.db", fx->dir);
	*state = fx;
	return 0;
}

static inline int
setup(void **state)
{
	struct fixture *fx;
	char err[256];

	setup_dir(state);
	fx = *state;
	fx->st = store_open(fx->path, err, sizeof(err));
	if (fx->st == NULL)
		fail_msg("store_open: %s", err);
	return 0;
}

static inline int
teardown(void **state)
{
	struct fixture *fx = *state;
	char p[128];

	store_free(fx->st);
	rm_db(fx->path);
	snprintf(p, sizeof(p), "%s/fresh.db", fx->dir);
	rm_db(p);
	rmdir(fx->dir);
	free(fx);
	return 0;
}

static inline struct store *
st_of(void **state)
{
	return ((struct fixture *)*state)->st;
}

#endif
