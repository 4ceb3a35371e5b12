/*
 * The table of disconnect requests that API threads wait on
 * (src/api/answer_wait.c): slots and their cap, answers handed across
 * threads, deadlines, late answers and shutdown.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "api/answer_wait.h"

struct waiter {
	struct answer_wait *dw;
	uint32_t id;
	unsigned timeout_ms;
	int rc;
	struct msg_answer got;
};

static void *
wait_thread(void *arg)
{
	struct waiter *w = arg;

	w->rc = answer_wait_end(w->dw, w->id, w->timeout_ms, &w->got);
	return NULL;
}

static void
answer(struct msg_answer *m, uint32_t id, unsigned outcome)
{
	memset(m, 0, sizeof(*m));
	m->id = id;
	m->outcome = (uint8_t)outcome;
	snprintf(m->detail, sizeof(m->detail), "[{\"id\":%u}]", id);
}

static double
ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static void
test_slots(void **state)
{
	struct answer_wait *dw = answer_wait_new(3);
	uint32_t id[4];

	(void)state;
	assert_non_null(dw);
	assert_int_equal(answer_wait_begin(dw, &id[0]), 0);
	assert_int_equal(answer_wait_begin(dw, &id[1]), 0);
	assert_int_equal(answer_wait_begin(dw, &id[2]), 0);
	assert_true(id[0] != 0 && id[1] > id[0] && id[2] > id[1]);
	assert_int_equal(answer_wait_begin(dw, &id[3]), -EBUSY);
	answer_wait_cancel(dw, id[1]);
	assert_int_equal(answer_wait_begin(dw, &id[3]), 0);
	assert_true(id[3] > id[2]);
	answer_wait_free(dw);

	/* the cap is clamped to the table */
	dw = answer_wait_new(1000);
	for (int i = 0; i < ANSWER_WAIT_SLOTS; i++)
		assert_int_equal(answer_wait_begin(dw, &id[0]), 0);
	assert_int_equal(answer_wait_begin(dw, &id[0]), -EBUSY);
	answer_wait_free(dw);
	answer_wait_free(NULL);
}

/* An answer that arrives before the waiter sleeps is not lost. */
static void
test_answer_first(void **state)
{
	struct answer_wait *dw = answer_wait_new(2);
	struct msg_answer m, got;
	uint32_t id;

	(void)state;
	assert_int_equal(answer_wait_begin(dw, &id), 0);
	answer(&m, id, DISCONNECT_PARTIAL);
	assert_int_equal(answer_wait_done(dw, &m), 0);
	/* a duplicate finds the slot answered already */
	assert_int_equal(answer_wait_done(dw, &m), -ENOENT);
	assert_int_equal(answer_wait_end(dw, id, 1000, &got), 0);
	assert_int_equal(got.outcome, DISCONNECT_PARTIAL);
	assert_string_equal(got.detail, m.detail);
	/* the slot is free again, and its id is spent */
	assert_int_equal(answer_wait_done(dw, &m), -ENOENT);
	assert_int_equal(answer_wait_end(dw, id, 10, &got), -ENOENT);
	m.id = 0;
	assert_int_equal(answer_wait_done(dw, &m), -ENOENT);
	answer_wait_free(dw);
}

/* Several threads wait; each gets its own answer, in any order. */
static void
test_threads(void **state)
{
	struct answer_wait *dw = answer_wait_new(8);
	struct waiter w[8];
	pthread_t t[8];
	struct msg_answer m;

	(void)state;
	for (int i = 0; i < 8; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].dw = dw;
		w[i].timeout_ms = 10000;
		assert_int_equal(answer_wait_begin(dw, &w[i].id), 0);
		assert_int_equal(
		    pthread_create(&t[i], NULL, wait_thread, &w[i]), 0);
	}
	usleep(20000);
	for (int i = 7; i >= 0; i--) {
		answer(&m, w[i].id, (unsigned)(DISCONNECT_DONE + i % 5));
		assert_int_equal(answer_wait_done(dw, &m), 0);
	}
	for (int i = 0; i < 8; i++) {
		char want[32];

		pthread_join(t[i], NULL);
		assert_int_equal(w[i].rc, 0);
		assert_int_equal(w[i].got.id, w[i].id);
		assert_int_equal(w[i].got.outcome, DISCONNECT_DONE + i % 5);
		snprintf(want, sizeof(want), "[{\"id\":%u}]", w[i].id);
		assert_string_equal(w[i].got.detail, want);
	}
	answer_wait_free(dw);
}

/* A waiter gives up at its deadline; the answer that follows is dropped
 * and its slot serves the next request. */
static void
test_timeout(void **state)
{
	struct answer_wait *dw = answer_wait_new(1);
	struct msg_answer m, got;
	struct timespec t0;
	uint32_t id, id2;
	double ms;

	(void)state;
	assert_int_equal(answer_wait_begin(dw, &id), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(answer_wait_end(dw, id, 60, &got), -ETIMEDOUT);
	ms = ms_since(&t0);
	assert_true(ms >= 59 && ms < 2000);
	answer(&m, id, DISCONNECT_DONE);
	assert_int_equal(answer_wait_done(dw, &m), -ENOENT);
	assert_int_equal(answer_wait_begin(dw, &id2), 0);
	assert_true(id2 != id);
	assert_int_equal(answer_wait_done(dw, &m), -ENOENT);
	assert_int_equal(answer_wait_end(dw, id2, 0, &got), -ETIMEDOUT);
	answer_wait_free(dw);
}

/* Stopping the role wakes every waiter at once and refuses new ones. */
static void
test_shutdown(void **state)
{
	struct answer_wait *dw = answer_wait_new(4);
	struct waiter w[2];
	pthread_t t[2];
	struct timespec t0;
	uint32_t id;

	(void)state;
	for (int i = 0; i < 2; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].dw = dw;
		w[i].timeout_ms = 60000;
		assert_int_equal(answer_wait_begin(dw, &w[i].id), 0);
		assert_int_equal(
		    pthread_create(&t[i], NULL, wait_thread, &w[i]), 0);
	}
	usleep(20000);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	answer_wait_shutdown(dw);
	for (int i = 0; i < 2; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(w[i].rc, -ESHUTDOWN);
	}
	assert_true(ms_since(&t0) < 5000);
	assert_int_equal(answer_wait_begin(dw, &id), -ESHUTDOWN);
	answer_wait_free(dw);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_slots),
	    cmocka_unit_test(test_answer_first),
	    cmocka_unit_test(test_threads),
	    cmocka_unit_test(test_timeout),
	    cmocka_unit_test(test_shutdown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
