#include "monitor/connlog_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MSG_MAX 384
/* Room for a whole line after the unread part of the one before. */
#define BUF_SIZE (2 * CONNLOG_LINE_MAX)

struct connlog_file {
	FILE *fp;
	struct connlog_fields fields;
	uint64_t line, offset, skipped;
	size_t start, end; /* the unread bytes of buf */
	int eof, failed;
	char path[256];
	char err[256 + 32 + MSG_MAX];
	char buf[BUF_SIZE];
};

static int
fail(struct connlog_file *c, const char *msg)
{
	snprintf(c->err, sizeof(c->err), "%s:%llu: %s", c->path,
	    (unsigned long long)c->line, msg);
	c->failed = 1;
	return -1;
}

/* More bytes after the unread ones, which move to the start of buf. 0,
 * or -1 on a read error. */
static int
fill(struct connlog_file *c)
{
	size_t n;

	memmove(c->buf, c->buf + c->start, c->end - c->start);
	c->end -= c->start;
	c->start = 0;
	n = fread(c->buf + c->end, 1, sizeof(c->buf) - c->end, c->fp);
	c->end += n;
	if (n == 0) {
		if (ferror(c->fp))
			return -1;
		c->eof = 1;
	}
	return 0;
}

struct connlog_file *
connlog_file_open(const char *path, char *err, size_t errlen)
{
	struct connlog_file *c;

	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	c->fp = fopen(path, "re");
	if (c->fp == NULL || fill(c) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (c->end >= 2 && (unsigned char)c->buf[0] == 0x1f &&
	    (unsigned char)c->buf[1] == 0x8b) {
		snprintf(err, errlen,
		    "%s: compressed with gzip; decompress it first (zcat)",
		    path);
		goto fail;
	}
	snprintf(c->path, sizeof(c->path), "%s", path);
	connlog_fields_init(&c->fields);
	return c;
fail:
	connlog_file_close(c);
	return NULL;
}

void
connlog_file_close(struct connlog_file *c)
{
	if (c == NULL)
		return;
	if (c->fp != NULL)
		fclose(c->fp);
	free(c);
}

/* The next line, without its "\n": 1, 0 at the end, -1 having failed. A
 * last line without a "\n" is a line. */
static int
next_line(struct connlog_file *c, const char **line, size_t *len)
{
	char msg[MSG_MAX];
	const char *nl;
	size_t have;

	for (;;) {
		have = c->end - c->start;
		nl = memchr(c->buf + c->start, '\n', have);
		if (nl != NULL || (c->eof && have > 0) ||
		    have > CONNLOG_LINE_MAX)
			break;
		if (c->eof)
			return 0;
		if (fill(c) < 0) {
			snprintf(msg, sizeof(msg), "read error: %s",
			    strerror(errno));
			return fail(c, msg);
		}
	}
	c->line++;
	*line = c->buf + c->start;
	*len = nl != NULL ? (size_t)(nl - *line) : have;
	if (*len > CONNLOG_LINE_MAX) {
		snprintf(msg, sizeof(msg), "line longer than %d bytes",
		    CONNLOG_LINE_MAX);
		return fail(c, msg);
	}
	c->start += *len + (nl != NULL);
	c->offset += *len + (nl != NULL);
	return 1;
}

int
connlog_file_next(struct connlog_file *c, struct conn_record *r)
{
	char msg[MSG_MAX];
	const char *line;
	size_t len;
	int rc;

	if (c->failed)
		return -1;
	while ((rc = next_line(c, &line, &len)) == 1) {
		if (len == 0 || (len == 1 && line[0] == '\r'))
			continue;
		if (line[0] == '#') {
			if (connlog_header(
			        &c->fields, line, len, msg, sizeof(msg)) < 0)
				return fail(c, msg);
			continue;
		}
		if (c->fields.ncols == 0 && line[0] == '{')
			return fail(c, "a JSON log: only Zeek's tab-separated "
			               "logs are read");
		rc = connlog_line(&c->fields, line, len, r, msg, sizeof(msg));
		if (rc < 0)
			return fail(c, msg);
		if (rc == CONNLOG_OTHER_PROTO) {
			c->skipped++;
			continue;
		}
		return 1;
	}
	return rc;
}

const char *
connlog_file_error(const struct connlog_file *c)
{
	return c->err;
}

uint64_t
connlog_file_line(const struct connlog_file *c)
{
	return c->line;
}

uint64_t
connlog_file_offset(const struct connlog_file *c)
{
	return c->offset;
}

uint64_t
connlog_file_skipped(const struct connlog_file *c)
{
	return c->skipped;
}
