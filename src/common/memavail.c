#include "common/memavail.h"

#include <inttypes.h>
#include <stdio.h>

#include "common/sizes.h"

uint64_t
mem_available(void)
{
	FILE *fp = fopen("/proc/meminfo", "r");
	char line[128];
	uint64_t kib = 0;

	if (fp == NULL)
		return 0;
	while (fgets(line, sizeof(line), fp) != NULL)
		if (sscanf(line, "MemAvailable: %" SCNu64 " kB", &kib) == 1)
			break;
	fclose(fp);
	return kib * 1024;
}

int
mem_check(uint64_t need, const char *what, char *err, size_t errlen)
{
	uint64_t avail = mem_available();
	char n[SIZE_STRLEN], a[SIZE_STRLEN];

	if (avail == 0 || need <= avail)
		return 0;
	size_format(need, n);
	size_format(avail, a);
	snprintf(err, errlen, "%s need %s, and the kernel has %s available",
	    what, n, a);
	return -1;
}
