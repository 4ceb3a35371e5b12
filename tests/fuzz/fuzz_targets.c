/*
 * The scan's target expansion on anything (a TARGET of the command line
 * or a line of --from), with a zone of one IPv4 and one IPv6 network.
 * Checked promises: it gives 0 or one of its three errors, with a
 * message; nothing is added on an error; every address added lies in
 * the zone, and there are never more than the cap.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/scan_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CAP 4096

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ipaddr out[CAP];
	static struct scan_zone z;
	char spec[128], err[640] = "";
	size_t n = 0;
	int rc;

	if (z.n == 0) {
		cidr_parse("10.64.0.0/20", &z.nets[z.n++]);
		cidr_parse("fd64::/116", &z.nets[z.n++]);
	}
	if (size >= sizeof(spec))
		return 0;
	memcpy(spec, data, size);
	spec[size] = '\0';
	rc = scan_target_expand(&z, spec, out, CAP, &n, err, sizeof(err));
	if (rc != 0 && rc != -EINVAL && rc != -EPERM && rc != -E2BIG)
		abort();
	if ((rc != 0 && (n != 0 || err[0] == '\0')) || n > CAP)
		abort();
	for (size_t i = 0; i < n; i++)
		if (!scan_zone_contains(&z, &out[i]))
			abort();
	return 0;
}
