/*
 * An IPv4 address from its four numbers, for tests that build packets,
 * flows and state by hand.
 */
#ifndef AIRLOCK_TEST_IP4_H
#define AIRLOCK_TEST_IP4_H

#include <string.h>

#include "common/addr.h"

static inline struct ipaddr
v4(unsigned a, unsigned b, unsigned c, unsigned d)
{
	struct ipaddr x;

	memset(&x, 0, sizeof(x));
	x.family = AF_INET;
	x.bytes[0] = (uint8_t)a;
	x.bytes[1] = (uint8_t)b;
	x.bytes[2] = (uint8_t)c;
	x.bytes[3] = (uint8_t)d;
	return x;
}

#endif
