/*
 * A certificate's facts (probe_tls.c) from any DER: what a device sends
 * in its handshake is its own to write. Checked promises: every text is
 * NUL-terminated and printable within its array; the validity is one of
 * the enum's.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scan/probe_tls.h"

#include "fuzz_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tls_facts f;

	memset(&f, 0, sizeof(f));
	if (tls_facts_from_der(&f, data, size, 1764460800) < 0)
		return 0;
	check_text(f.subject, sizeof(f.subject));
	check_text(f.issuer, sizeof(f.issuer));
	check_text(f.not_before, sizeof(f.not_before));
	check_text(f.not_after, sizeof(f.not_after));
	check_text(f.key_type, sizeof(f.key_type));
	check_text(f.signature, sizeof(f.signature));
	if (f.validity > TLS_NOT_YET_VALID)
		abort();
	return 0;
}
