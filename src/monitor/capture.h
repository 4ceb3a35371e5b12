/*
 * Packets from a capture file (pcap or pcapng), one at a time, with the
 * link type the decoder needs. libpcap opens the file and reads pcapng;
 * classic pcap records are read here, in large chunks. A file that ends
 * in the middle of a record, or holds a corrupt record, stops the reading
 * with an error that names the file and the byte offset of that record:
 * what was read before it stays read.
 */
#ifndef AIRLOCK_CAPTURE_H
#define AIRLOCK_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

struct capture;

/* NULL with the reason in err (the file named) when it cannot be read or
 * its link type is not one decode.h knows. */
struct capture *capture_open_file(const char *path, char *err, size_t errlen);
void capture_close(struct capture *c);

/* enum decode_link of the capture. */
int capture_link(const struct capture *c);
/* 1 when its records are read here, 0 when through libpcap. */
int capture_read_here(const struct capture *c);

/* The next packet: 1 with its bytes (caplen of them), its length on the
 * wire and its time in microseconds since 1970; 0 at the end of the file;
 * -1 on an error, which capture_error() then describes. */
int capture_next(struct capture *c, const uint8_t **data, size_t *caplen,
    size_t *wirelen, uint64_t *ts_us);
const char *capture_error(const struct capture *c);
/* Packets read so far, and bytes of the file (for a progress bar). */
uint64_t capture_count(const struct capture *c);
uint64_t capture_offset(const struct capture *c);

#endif
