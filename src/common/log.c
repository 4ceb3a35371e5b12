#include "common/log.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

static char log_role[16] = "airlock";
static int log_to_syslog;
static enum log_level log_level = LOG_LEVEL_INFO;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *const level_names[] = {"error", "warning", "info", "debug"};

void
log_init(const char *role, int to_syslog, enum log_level level)
{
	log_setrole(role);
	log_level = level;
	log_to_syslog = to_syslog;
	if (to_syslog)
		openlog("airlockd", LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void
log_setrole(const char *role)
{
	snprintf(log_role, sizeof(log_role), "%s", role);
}

void
log_setlevel(enum log_level level)
{
	log_level = level;
}

enum log_level
log_getlevel(void)
{
	return log_level;
}

int
log_level_parse(const char *name, enum log_level *out)
{
	for (size_t i = 0; i < sizeof(level_names) / sizeof(level_names[0]);
	    i++) {
		if (strcmp(name, level_names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	}
	return -EINVAL;
}

const char *
log_level_name(enum log_level level)
{
	if ((unsigned)level >= sizeof(level_names) / sizeof(level_names[0]))
		return "unknown";
	return level_names[level];
}

/*
 * Format one line and send it. errnum >= 0 appends strerror(errnum), as
 * warn(3) does. Lines are written whole under a lock so that threads of the
 * api role do not interleave.
 */
static void
log_vemit(enum log_level level, int errnum, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

static void
log_vemit(enum log_level level, int errnum, const char *fmt, va_list ap)
{
	static const int prio[] = {LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG};
	char msg[1024];
	int n;

	if (level > log_level)
		return;
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	if (n >= 0 && errnum >= 0 && (size_t)n < sizeof(msg))
		snprintf(msg + n, sizeof(msg) - (size_t)n, ": %s",
		    strerror(errnum));
	pthread_mutex_lock(&log_lock);
	if (log_to_syslog) {
		syslog(prio[level], "%s: %s", log_role, msg);
	} else {
		struct timespec ts;
		struct tm tm;
		char stamp[32];

		clock_gettime(CLOCK_REALTIME, &ts);
		gmtime_r(&ts.tv_sec, &tm);
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
		fprintf(stderr, "%s.%03ldZ %s[%s] %s: %s\n", stamp,
		    ts.tv_nsec / 1000000, "airlockd", log_role,
		    level_names[level], msg);
	}
	pthread_mutex_unlock(&log_lock);
}

#define LOG_BODY(level, errnum)                                              \
	do {                                                                 \
		va_list ap;                                                  \
		va_start(ap, fmt);                                           \
		log_vemit(level, errnum, fmt, ap);                           \
		va_end(ap);                                                  \
	} while (0)

void
log_warn(const char *fmt, ...)
{
	int saved = errno;

	LOG_BODY(LOG_LEVEL_WARNING, saved);
	errno = saved;
}

void
log_warnx(const char *fmt, ...)
{
	LOG_BODY(LOG_LEVEL_WARNING, -1);
}

void
log_info(const char *fmt, ...)
{
	LOG_BODY(LOG_LEVEL_INFO, -1);
}

void
log_debug(const char *fmt, ...)
{
	LOG_BODY(LOG_LEVEL_DEBUG, -1);
}

void
fatal(const char *fmt, ...)
{
	int saved = errno;

	LOG_BODY(LOG_LEVEL_ERROR, saved);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	LOG_BODY(LOG_LEVEL_ERROR, -1);
	exit(1);
}
