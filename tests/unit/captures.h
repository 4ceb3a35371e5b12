/*
 * The shared real captures (../shared/data/captures, named by the
 * environment's AIRLOCK_CAPTURES): every capture file under a directory,
 * its subdirectories too (benign/iot-sentinel/DEVICE/), given to a
 * function in turn.
 */
#ifndef AIRLOCK_TEST_CAPTURES_H
#define AIRLOCK_TEST_CAPTURES_H

#include <dirent.h>
#include <stdio.h>
#include <string.h>

/* Calls fn on each capture file under dir; how many there were. */
static inline int
each_capture(
    const char *dir, void (*fn)(const char *path, void *arg), void *arg)
{
	char path[4096];
	struct dirent *e;
	DIR *dp = opendir(dir);
	int files = 0;

	if (dp == NULL)
		return 0;
	while ((e = readdir(dp)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (strstr(e->d_name, ".pcap") != NULL) {
			fn(path, arg);
			files++;
		} else {
			files += each_capture(path, fn, arg);
		}
	}
	closedir(dp);
	return files;
}

#endif
