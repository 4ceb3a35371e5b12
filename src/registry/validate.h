/*
 * Validators for the identifiers of a mobile fleet. Each returns 0, or
 * -EINVAL with *why set to a static sentence that says what is wrong, fit to
 * show an operator next to the field name and line number.
 */
#ifndef AIRLOCK_VALIDATE_H
#define AIRLOCK_VALIDATE_H

#include <stddef.h>

/* Luhn (ISO/IEC 7812-1) over n ASCII digits, the last being the check. */
int luhn_valid(const char *digits, size_t n);
/* ITU-T E.118: 19 or 20 digits, "89" telecom prefix, Luhn check digit. */
int valid_iccid(const char *s, const char **why);
/* 3GPP TS 23.003: 15 digits. */
int valid_imsi(const char *s, const char **why);
/* E.164: optional '+', 6 to 15 digits, no leading 0. Writes "+<digits>". */
int valid_msisdn(const char *s, char *out, size_t outsz, const char **why);
/* IMEI (15 digits, Luhn) or IMEISV (16 digits); with allow_tac also a bare
 * 8-digit TAC, for SIMs bound by device model rather than by handset. */
int valid_imei(const char *s, int allow_tac, const char **why);
/* 3GPP TS 23.003 APN network identifier: dot-separated labels of letters,
 * digits and '-', each at most 63, at most 100 in all. Lower-cased. */
int valid_apn(const char *s, char *out, size_t outsz, const char **why);
/* Names of profiles and tokens: 1-63 of [A-Za-z0-9._-], starting with an
 * alphanumeric. */
int valid_name(const char *s, const char **why);
/* Labels "key=value,key=value" (';' also separates, for CSV cells). Keys
 * [a-z0-9_.-]{1,32}, values printable without ',;='. Writes the canonical
 * form: sorted by key, ',' separated, no duplicates. */
int valid_labels(const char *s, char *out, size_t outsz, const char **why);

#endif
