#include "common/evlimit.h"

#include <stdlib.h>

struct evlimit_slot {
	uint64_t key;
	time_t sent;
	uint32_t suppressed;
};

struct evlimit {
	struct evlimit_slot slot[EVLIMIT_SLOTS];
	time_t second;
	unsigned in_second;
};

struct evlimit *
evlimit_new(void)
{
	return calloc(1, sizeof(struct evlimit));
}

void
evlimit_free(struct evlimit *l)
{
	free(l);
}

static uint64_t
fnv(const char *a, const char *b)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *a != '\0'; a++)
		h = (h ^ (unsigned char)*a) * 1099511628211ULL;
	h = (h ^ 0xff) * 1099511628211ULL;
	for (; *b != '\0'; b++)
		h = (h ^ (unsigned char)*b) * 1099511628211ULL;
	return h | 1;
}

int
evlimit_allow(struct evlimit *l, const char *type, const char *subject,
    time_t now, uint32_t *suppressed)
{
	uint64_t key = fnv(type, subject);
	struct evlimit_slot *s = &l->slot[key % EVLIMIT_SLOTS];

	if (now != l->second) {
		l->second = now;
		l->in_second = 0;
	}
	if (s->key == key && now - s->sent < EVLIMIT_WINDOW) {
		s->suppressed++;
		return 0;
	}
	if (l->in_second >= EVLIMIT_PER_SECOND)
		return 0;
	l->in_second++;
	*suppressed = s->key == key ? s->suppressed : 0;
	s->key = key;
	s->sent = now;
	s->suppressed = 0;
	return 1;
}
