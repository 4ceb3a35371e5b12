/*
 * The UPnP description reader, on anything. Checked promises: fed whole
 * or in two pieces split anywhere, the fields are the same; every field
 * is terminated; the summary is terminated and fits.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/probe_upnp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct upnp_desc whole, split;
	const char *in = (const char *)data;
	size_t cut = size > 0 ? data[0] % (size + 1) : 0;
	char out[96];

	upnp_desc_init(&whole);
	upnp_desc_feed(&whole, in, size);
	upnp_desc_init(&split);
	upnp_desc_feed(&split, in, cut);
	upnp_desc_feed(&split, in + cut, size - cut);
	if (memcmp(&whole, &split, sizeof(whole)) != 0)
		abort();
	if (strnlen(whole.friendly_name, UPNP_TEXT_MAX) == UPNP_TEXT_MAX ||
	    strnlen(whole.model_number, UPNP_TEXT_MAX) == UPNP_TEXT_MAX)
		abort();
	for (size_t i = 0; i < whole.n_services && i < UPNP_SERVICES_MAX; i++)
		if (strnlen(whole.services[i], UPNP_TYPE_MAX) == UPNP_TYPE_MAX)
			abort();
	upnp_desc_summary(&whole, out, sizeof(out));
	if (strnlen(out, sizeof(out)) == sizeof(out))
		abort();
	return 0;
}
