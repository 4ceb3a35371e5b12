/*
 * Human sizes: "1048576", "512k", "1M", "256MiB", "5G". Decimal suffixes
 * (k, M, G, T) mean powers of 1000, binary ones (KiB, MiB, GiB, TiB) powers
 * of 1024, so "5G" of mobile data means what an operator's tariff means.
 */
#ifndef AIRLOCK_SIZES_H
#define AIRLOCK_SIZES_H

#include <stdint.h>

int size_parse(const char *s, uint64_t *out);

#endif
