/*
 * The per-address counters of the zone's dynamic sets, read from nft's
 * listing of one of them: "elements = { 10.64.0.11 counter packets 7
 * bytes 420, ... }", wrapped over lines as nft likes.
 */
#include <stdlib.h>
#include <string.h>

#include "policy/policy.h"

/* One element's text: its address, then "counter packets N". */
static int
element(char *e, policy_counter_cb cb, void *arg)
{
	char *sp = strchr(e, ' '), *pk, *end;
	struct ipaddr a;
	unsigned long long n;

	if (sp == NULL)
		return 0;
	*sp = '\0';
	pk = strstr(sp + 1, "packets ");
	if (pk == NULL || ipaddr_parse(e, &a) < 0)
		return 0;
	n = strtoull(pk + 8, &end, 10);
	if (end == pk + 8)
		return 0;
	return cb(arg, &a, (uint64_t)n);
}

int
policy_counters_parse(const char *listing, policy_counter_cb cb, void *arg)
{
	const char *start = strstr(listing, "elements = {");
	char *copy, *e, *save = NULL;
	size_t len;
	int rc = 0;

	if (start == NULL)
		return 0; /* an empty set */
	start += strlen("elements = {");
	len = strcspn(start, "}");
	copy = strndup(start, len);
	if (copy == NULL)
		return -1;
	for (e = strtok_r(copy, ",", &save); e != NULL && rc == 0;
	     e = strtok_r(NULL, ",", &save)) {
		while (*e == ' ' || *e == '\t' || *e == '\n')
			e++;
		rc = element(e, cb, arg);
	}
	free(copy);
	return rc;
}
