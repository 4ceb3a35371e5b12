/*
 * A Zeek conn.log file read a record at a time (connlog.h parses). Plain
 * text only: a gzip file (Zeek's archived logs are conn.*.log.gz) is
 * refused at open with a hint, not read as garbage; decompress it first.
 * Logs put end to end (cat a.log b.log) read as one: each new #fields
 * header replaces the column map. Blank lines are skipped; connections of
 * other IP protocols (proto unknown_transport) are skipped and counted.
 * The first bad line, or a line longer than CONNLOG_LINE_MAX, stops the
 * reading with "PATH:LINE: message"; what was read before it stays read,
 * and the caller decides whether that is enough.
 */
#ifndef AIRLOCK_CONNLOG_FILE_H
#define AIRLOCK_CONNLOG_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "monitor/connlog.h"

#define CONNLOG_LINE_MAX 65536 /* Zeek's lines are a few hundred bytes */

struct connlog_file;

/* The file opened, owned by the caller until connlog_file_close(); NULL
 * with "PATH: reason" in err. */
struct connlog_file *connlog_file_open(
    const char *path, char *err, size_t errlen);
void connlog_file_close(struct connlog_file *c);

/* 1 with the next connection in r; 0 at the end of the file; -1 on an
 * error, which connlog_file_error() then describes, and which every later
 * call returns again. */
int connlog_file_next(struct connlog_file *c, struct conn_record *r);
const char *connlog_file_error(const struct connlog_file *c);
/* The number of the line last read, from 1: the record's, or the bad
 * one. */
uint64_t connlog_file_line(const struct connlog_file *c);
/* Bytes read so far, for a progress bar against the file's size. */
uint64_t connlog_file_offset(const struct connlog_file *c);
/* unknown_transport lines skipped so far. */
uint64_t connlog_file_skipped(const struct connlog_file *c);

#endif
