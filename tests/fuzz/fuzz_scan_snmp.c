/*
 * The SNMP probe's reading of a GetResponse, on anything. Checked
 * promises: the description is terminated and printable, and only there
 * when a value came; the probe's own request is never taken for an
 * answer.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/probe_snmp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct snmp_answer a;
	uint8_t req[SNMP_REQUEST_MAX];
	size_t n, len;
	uint32_t id = 0;

	if (snmp_probe_parse(data, size, &a) == 0) {
		len = strnlen(a.descr, sizeof(a.descr));
		if (len == sizeof(a.descr) || (!a.has_value && len > 0))
			abort();
		for (size_t i = 0; i < len; i++)
			if (a.descr[i] < 0x20 || a.descr[i] > 0x7e)
				abort();
	}
	memcpy(&id, data, size < sizeof(id) ? size : sizeof(id));
	n = snmp_probe_request(req, id);
	if (snmp_probe_parse(req, n, &a) == 0)
		abort();
	return 0;
}
