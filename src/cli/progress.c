#include "cli/progress.h"

#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "common/clock.h"

#define PROGRESS_INTERVAL 0.1 /* seconds between redraws */

/* Room for the bar: what the terminal has left after the figures. */
static int
progress_bar_width(void)
{
	struct winsize ws;
	int w = 30;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		w = ws.ws_col - 50;
	if (w > 40)
		w = 40;
	return w < 10 ? 10 : w;
}

/* n bytes in decimal units, as a data tariff counts them; or n of
 * something else ("1.2 k probes"). */
static void
progress_bytes(const struct progress *p, double n, char *buf, size_t sz)
{
	static const char *const units[] = {"B", "kB", "MB", "GB", "TB"};
	static const char *const counts[] = {"", " k", " M", " G", " T"};
	size_t u = 0;

	while (n >= 1000.0 && u + 1 < sizeof(units) / sizeof(units[0])) {
		n /= 1000.0;
		u++;
	}
	if (p->unit != NULL)
		snprintf(buf, sz, u == 0 ? "%.0f%s %s" : "%.1f%s %s", n,
		    counts[u], p->unit);
	else
		snprintf(buf, sz, u == 0 ? "%.0f %s" : "%.1f %s", n, units[u]);
}

static void
progress_draw_bar(struct progress *p, uint64_t sent, uint64_t total, double now)
{
	char bar[41], done[32], all[32], rate[32];
	double frac = (double)sent / (double)total;
	int w = progress_bar_width(), fill = (int)(frac * w), i;

	for (i = 0; i < w; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[w] = '\0';
	progress_bytes(p, (double)sent, done, sizeof(done));
	progress_bytes(p, (double)total, all, sizeof(all));
	progress_bytes(p, now > p->start ? (double)sent / (now - p->start) : 0,
	    rate, sizeof(rate));
	fprintf(stderr, "\r\033[K%s [%s] %3d%%  %s / %s  %s/s", p->verb, bar,
	    (int)(frac * 100), done, all, rate);
}

void
progress_init(struct progress *p, const char *verb, const char *after)
{
	p->verb = verb;
	p->after = after;
	p->unit = NULL;
	p->on = isatty(STDERR_FILENO);
	p->drawn = 0;
	p->start = monotonic_seconds();
	p->sent_at = 0;
	p->last_draw = 0;
}

void
progress_update(struct progress *p, uint64_t sent, uint64_t total)
{
	double now;

	if (!p->on || total == 0)
		return;
	now = monotonic_seconds();
	if (sent >= total && p->sent_at == 0)
		p->sent_at = now;
	else if (now - p->last_draw < PROGRESS_INTERVAL)
		return;
	p->last_draw = now;
	p->drawn = 1;
	if (p->sent_at == 0)
		progress_draw_bar(p, sent, total, now);
	else if (p->after != NULL)
		fprintf(
		    stderr, "\r\033[K%s… %.0fs", p->after, now - p->sent_at);
	fflush(stderr);
}

void
progress_done(struct progress *p)
{
	if (p->drawn)
		fputs("\r\033[K", stderr);
	p->drawn = 0;
}
