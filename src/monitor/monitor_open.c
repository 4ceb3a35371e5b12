#include <pcap/pcap.h>
#include <stdio.h>

#include "monitor/monitor.h"

/* Headers are all an event needs, but libpcap sizes its read buffer from
 * the snap length without room for NFLOG's own attributes: with a short
 * one, a record is cut by the read while its length still says whole,
 * and the decoder is handed bytes that are not there (ASan caught it).
 * The kernel copies at most this much, at the ruleset's log rate. */
#define NFLOG_SNAPLEN 65535
#define NFLOG_BUFFER (4u << 20) /* a burst of violations, not dropped */
#define CAPTURE_SNAPLEN 256
#define CAPTURE_BUFFER (32u << 20)

/* Binding an NFLOG group needs CAP_NET_ADMIN: done by the parent, which
 * hands the handle to the monitor role across the fork. */
void *
monitor_open_nflog(unsigned group, char *err, size_t errlen)
{
	char dev[32], perr[PCAP_ERRBUF_SIZE] = "";
	pcap_t *p;

	snprintf(dev, sizeof(dev), "nflog:%u", group);
	p = pcap_create(dev, perr);
	if (p == NULL) {
		snprintf(err, errlen, "%s: %s", dev, perr);
		return NULL;
	}
	if (pcap_set_snaplen(p, NFLOG_SNAPLEN) != 0 ||
	    pcap_set_immediate_mode(p, 1) != 0 ||
	    pcap_set_buffer_size(p, NFLOG_BUFFER) != 0 ||
	    pcap_activate(p) < 0 || pcap_setnonblock(p, 1, perr) < 0 ||
	    pcap_datalink(p) != DLT_NFLOG) {
		snprintf(err, errlen, "%s: %s", dev, pcap_geterr(p));
		pcap_close(p);
		return NULL;
	}
	return p;
}

/* The device zone's traffic on iface, for the detectors. Headers and the
 * first bytes of payload (an SSH version, a telnet negotiation, an SMTP
 * greeting) are all they read, so the snap length is short and the
 * kernel copies little; the buffer holds a burst of a flood. Opening it
 * needs CAP_NET_RAW: the parent does it and hands it over. */
void *
monitor_open_capture(const char *iface, char *err, size_t errlen)
{
	char perr[PCAP_ERRBUF_SIZE] = "";
	pcap_t *p = pcap_create(iface, perr);

	if (p == NULL) {
		snprintf(err, errlen, "%s: %s", iface, perr);
		return NULL;
	}
	/* Promiscuous: on a bridge, frames between two devices (an answer
	 * to a request, a forged one) reach the capture only so; without
	 * them a device's answer could look like its own first packet. */
	if (pcap_set_snaplen(p, CAPTURE_SNAPLEN) != 0 ||
	    pcap_set_promisc(p, 1) != 0 ||
	    pcap_set_immediate_mode(p, 1) != 0 ||
	    pcap_set_buffer_size(p, CAPTURE_BUFFER) != 0 ||
	    pcap_activate(p) < 0 || pcap_setnonblock(p, 1, perr) < 0) {
		snprintf(err, errlen, "%s: %s", iface, pcap_geterr(p));
		pcap_close(p);
		return NULL;
	}
	return p;
}

void
monitor_close(void *handle)
{
	if (handle != NULL)
		pcap_close(handle);
}

int
monitor_fd(void *handle)
{
	return pcap_get_selectable_fd(handle);
}
