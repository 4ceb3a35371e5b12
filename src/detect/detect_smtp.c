#include "detect/detect_smtp.h"

#include <string.h>

#include "detect/detect_event.h"

int
smtp_port(const struct detect_conf *c, uint16_t port)
{
	return detect_port_listed(c->smtp_ports, c->n_smtp_ports, port);
}

int
smtp_greeting(const uint8_t *data, size_t len)
{
	size_t i;

	if (len < 8 || memcmp(data, "220", 3) != 0 ||
	    (data[3] != ' ' && data[3] != '-'))
		return 0;
	/* "SMTP" within the greeting's first line (ESMTP included); an FTP
	 * server's "220 " greeting does not say it */
	for (i = 4; i + 4 <= len && data[i] != '\r' && data[i] != '\n'; i++)
		if (memcmp(data + i, "SMTP", 4) == 0)
			return 1;
	return 0;
}

void
smtp_fill(struct detection *out, const struct dev_state *dev,
    const struct ipaddr *remote, uint16_t port)
{
	detect_event_start(out, DT_SMTP, SEV_HIGH, dev);
	out->n_samples = 0;
	out->has_target = 1;
	out->target = *remote;
	out->target_port = port;
}
