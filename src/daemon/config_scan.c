/*
 * The scanner role's directives (docs/scanner.md):
 *
 *	scan-every DURATION          scan the fleet this often: 90s, 30m,
 *	                             12h, 7d; 0 (the default) never
 *	scan-on-appearance on|off    scan an address the first time a device
 *	                             or a session brings it (off)
 *	scan-logins on|off           try the credential dictionary (on)
 *	scan-set NAME VALUE          an engine limit, as in
 *	                             `airlock scan --set NAME=VALUE`
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/config_parse.h"

#define SCAN_EVERY_MIN 60u            /* a minute */
#define SCAN_EVERY_MAX (366u * 86400) /* a year */

void
config_scan_defaults(struct scan_role_conf *s)
{
	memset(s, 0, sizeof(*s));
	scan_conf_defaults(&s->engine);
	s->logins = 1;
}

static void
d_every(struct parser *p, int argc, char **argv)
{
	static const struct {
		char unit;
		unsigned seconds;
	} units[] = {{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}};
	const char *v = argv[0];
	unsigned long n, mult = 0;
	char *end;

	(void)argc;
	errno = 0;
	n = strtoul(v, &end, 10);
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (end[0] == units[i].unit && end[1] == '\0')
			mult = units[i].seconds;
	if (end != v && *end == '\0' && n == 0)
		mult = 1; /* "0": off */
	if (errno != 0 || end == v || v[0] == '-' || v[0] == '+' || mult == 0) {
		perr(p,
		    "scan-every: '%s' is not a duration (90s, 30m, 12h, "
		    "7d; 0 for never)",
		    v);
		return;
	}
	if (n != 0 &&
	    (n > SCAN_EVERY_MAX / mult || n * mult < SCAN_EVERY_MIN)) {
		perr(p, "scan-every: '%s' is not from a minute to a year", v);
		return;
	}
	p->c->scan.every = (unsigned)(n * mult);
}

static void
d_on_appearance(struct parser *p, int argc, char **argv)
{
	(void)argc;
	choice_arg(p, argv[0], "scan-on-appearance", "on", "off",
	    &p->c->scan.on_appearance);
}

static void
d_logins(struct parser *p, int argc, char **argv)
{
	(void)argc;
	choice_arg(p, argv[0], "scan-logins", "on", "off", &p->c->scan.logins);
}

static void
d_set(struct parser *p, int argc, char **argv)
{
	char err[256];

	(void)argc;
	if (scan_conf_set(
	        &p->c->scan.engine, argv[0], argv[1], err, sizeof(err)) < 0)
		perr(p, "scan-set %s", err);
}

const struct directive config_scan_directives[] = {
    {"scan-every", 1, 1, 0, d_every},
    {"scan-on-appearance", 1, 1, 0, d_on_appearance},
    {"scan-logins", 1, 1, 0, d_logins},
    {"scan-set", 2, 2, 1, d_set},
    {NULL, 0, 0, 0, NULL},
};

/* The engine's zone is the device networks. */
void
config_scan_finish(struct parser *p)
{
	struct scan_zone *z = &p->c->scan.engine.zone;

	z->n =
	    p->c->n_networks < SCAN_ZONE_MAX ? p->c->n_networks : SCAN_ZONE_MAX;
	memcpy(z->nets, p->c->networks, z->n * sizeof(z->nets[0]));
}
