/*
 * Human sizes: "1048576", "512k", "1M", "256MiB", "5G". Decimal suffixes
 * (k, M, G, T) mean powers of 1000, binary ones (KiB, MiB, GiB, TiB) powers
 * of 1024, so "5G" of mobile data means what an operator's tariff means.
 */
#ifndef AIRLOCK_SIZES_H
#define AIRLOCK_SIZES_H

#include <stddef.h>
#include <stdint.h>

int size_parse(const char *s, uint64_t *out);
/* v for a human, in decimal units with one decimal from kB on: "512 B",
 * "1.5 kB", "6.0 GB", at most "18446.7 PB". out holds SIZE_STRLEN. */
#define SIZE_STRLEN 32
void size_format(uint64_t v, char out[SIZE_STRLEN]);

#endif
