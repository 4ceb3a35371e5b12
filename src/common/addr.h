/*
 * IP addresses, CIDR networks and listen addresses, for both families.
 * Pure functions: parse, test membership, format.
 */
#ifndef AIRLOCK_ADDR_H
#define AIRLOCK_ADDR_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define ADDR_STRLEN 46 /* INET6_ADDRSTRLEN */
#define CIDR_STRLEN 50

struct ipaddr {
	int family; /* AF_INET or AF_INET6 */
	uint8_t bytes[16];
};

struct cidr {
	struct ipaddr net;
	uint8_t prefix;
};

/* A bare address, no brackets, no zone. */
int ipaddr_parse(const char *s, struct ipaddr *out);
/* The same family and bytes (parsed addresses have zeroed unused bytes). */
int ipaddr_equal(const struct ipaddr *a, const struct ipaddr *b);
/* Canonical text (inet_ntop) into out[ADDR_STRLEN]. */
void ipaddr_format(const struct ipaddr *a, char *out, size_t outsz);
/* "a.b.c.d/n" or "x::/n"; host bits must be zero, so a typo in the prefix
 * length cannot silently widen or shift a network. */
int cidr_parse(const char *s, struct cidr *out);
void cidr_format(const struct cidr *c, char *out, size_t outsz);
int cidr_contains(const struct cidr *c, const struct ipaddr *a);
/* Networks overlap when either contains the other's base address. */
int cidr_overlaps(const struct cidr *a, const struct cidr *b);
/* An Ethernet address as "aa:bb:cc:dd:ee:ff" into out[MAC_STRLEN]. */
#define MAC_STRLEN 18
void mac_format(const uint8_t mac[6], char out[MAC_STRLEN]);
/* "host:port" or "[v6]:port" into a socket address. */
int hostport_parse(const char *s, struct sockaddr_storage *out,
    socklen_t *outlen);

#endif
