/*
 * The monitor's directives: the interface whose traffic it watches, and
 * the detectors' settings (src/detect/, docs/detection.md).
 *
 *	monitor-interface IFACE     capture the device zone's traffic there
 *	detect NAME VALUE           a detector setting, as in
 *	                            `airlock analyze --set NAME=VALUE`
 */
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "daemon/config_parse.h"

void
config_monitor_defaults(struct monitor_conf *m)
{
	memset(m, 0, sizeof(*m));
	detect_conf_defaults(&m->detect);
}

static void
d_interface(struct parser *p, int argc, char **argv)
{
	(void)argc;
	if (argv[0][0] == '\0' || strlen(argv[0]) >= IFNAMSIZ ||
	    strpbrk(argv[0], "/ \t:") != NULL) {
		perr(p, "monitor-interface: '%s' is not an interface name",
		    argv[0]);
		return;
	}
	copy_arg(p, p->c->monitor.iface, sizeof(p->c->monitor.iface), argv[0],
	    "monitor-interface");
}

static void
d_detect(struct parser *p, int argc, char **argv)
{
	char err[256];

	(void)argc;
	if (detect_conf_set(
	        &p->c->monitor.detect, argv[0], argv[1], err, sizeof(err)) < 0)
		perr(p, "detect %s", err);
}

const struct directive config_monitor_directives[] = {
    {"monitor-interface", 1, 1, 0, d_interface},
    {"detect", 2, 2, 1, d_detect},
    {NULL, 0, 0, 0, NULL},
};

/* The detectors' devices are the device networks. */
void
config_monitor_finish(struct parser *p)
{
	struct detect_conf *d = &p->c->monitor.detect;
	char err[256], text[CIDR_STRLEN];

	d->n_devices = 0;
	for (size_t i = 0; i < p->c->n_networks; i++) {
		cidr_format(&p->c->networks[i], text, sizeof(text));
		if (detect_conf_add_devices(d, text, err, sizeof(err)) < 0) {
			perr(p, "device-network: %s", err);
			return;
		}
	}
}
