/*
 * The SNMP probe (probe_snmp.h). BER (X.690) read with bounded steps: a
 * tag byte (no high tag numbers: SNMP uses none), a length in short form
 * or long form of up to 4 bytes, within what is left of the enclosing
 * value. Integers are read up to 8 bytes.
 */
#include <string.h>

#include "scan/probe_snmp.h"

#define TAG_INTEGER 0x02
#define TAG_OCTETS 0x04
#define TAG_OID 0x06
#define TAG_SEQUENCE 0x30
#define TAG_GET_REQUEST 0xa0
#define TAG_GET_RESPONSE 0xa2

/* sysDescr.0: 1.3.6.1.2.1.1.1.0 */
static const uint8_t sys_descr[] = {0x2b, 6, 1, 2, 1, 1, 1, 0};

size_t
snmp_probe_request(uint8_t *out, uint32_t request_id)
{
	/* The id's top byte is between 0x01 and 0x3f: four bytes, the
	 * minimal encoding X.690 8.3.2 asks for, with the sign bit clear. */
	uint32_t id = (request_id & 0x3fffffff) | 0x01000000;
	const uint8_t msg[] = {
	    TAG_SEQUENCE, 41,                            /* the message */
	    TAG_INTEGER, 1, 1,                           /* version: 1 is v2c */
	    TAG_OCTETS, 6, 'p', 'u', 'b', 'l', 'i', 'c', /* community */
	    TAG_GET_REQUEST, 28,                         /* the PDU */
	    TAG_INTEGER, 4, (uint8_t)(id >> 24), (uint8_t)(id >> 16),
	    (uint8_t)(id >> 8), (uint8_t)id, /* request-id */
	    TAG_INTEGER, 1, 0,               /* error-status */
	    TAG_INTEGER, 1, 0,               /* error-index */
	    TAG_SEQUENCE, 14,                /* variable-bindings */
	    TAG_SEQUENCE, 12,                /* one binding */
	    TAG_OID, 8, sys_descr[0], sys_descr[1], sys_descr[2], sys_descr[3],
	    sys_descr[4], sys_descr[5], sys_descr[6], sys_descr[7], 0x05,
	    0x00, /* NULL: a Get names no value */
	};

	memcpy(out, msg, sizeof(msg));
	return sizeof(msg);
}

struct ber {
	const uint8_t *p;
	size_t n;
};

/* The next value in b: its tag and contents; -1 when it does not fit. */
static int
ber_next(struct ber *b, uint8_t *tag, struct ber *val)
{
	size_t len, at = 2;

	if (b->n < 2)
		return -1;
	*tag = b->p[0];
	len = b->p[1];
	if (len & 0x80) {
		size_t k = len & 0x7f;

		if (k == 0 || k > 4 || b->n < 2 + k)
			return -1;
		len = 0;
		for (size_t i = 0; i < k; i++)
			len = len << 8 | b->p[2 + i];
		at += k;
	}
	if (len > b->n - at)
		return -1;
	val->p = b->p + at;
	val->n = len;
	b->p += at + len;
	b->n -= at + len;
	return 0;
}

/* The next value, which must have tag want. */
static int
ber_expect(struct ber *b, uint8_t want, struct ber *val)
{
	uint8_t tag;

	return ber_next(b, &tag, val) == 0 && tag == want ? 0 : -1;
}

static int
ber_int(struct ber *b, long *out)
{
	struct ber v;
	unsigned long u;

	if (ber_expect(b, TAG_INTEGER, &v) < 0 || v.n == 0 || v.n > 8)
		return -1;
	u = v.p[0] & 0x80 ? ~0ul : 0; /* the sign */
	for (size_t i = 0; i < v.n; i++)
		u = u << 8 | v.p[i];
	*out = (long)u;
	return 0;
}

/* The first binding's value: an OCTET STRING is the description. */
static int
first_binding(struct ber *list, struct snmp_answer *a)
{
	struct ber bind, oid, val;
	uint8_t tag;
	size_t k = 0;

	if (list->n == 0)
		return 0; /* no binding at all: still an answer */
	if (ber_expect(list, TAG_SEQUENCE, &bind) < 0 ||
	    ber_expect(&bind, TAG_OID, &oid) < 0 ||
	    ber_next(&bind, &tag, &val) < 0)
		return -1;
	if (tag != TAG_OCTETS)
		return 0; /* noSuchObject (0x80) and the like */
	a->has_value = 1;
	for (size_t i = 0; i < val.n && k + 1 < sizeof(a->descr); i++)
		a->descr[k++] =
		    val.p[i] >= 0x20 && val.p[i] < 0x7f
		        ? (char)val.p[i]
		        : (val.p[i] == '\r' || val.p[i] == '\n' ? ' ' : '?');
	a->descr[k] = '\0';
	return 0;
}

int
snmp_probe_parse(const uint8_t *in, size_t n, struct snmp_answer *a)
{
	struct ber all = {in, n}, msg, community, pdu, list;
	long id, index;

	memset(a, 0, sizeof(*a));
	if (ber_expect(&all, TAG_SEQUENCE, &msg) < 0 || all.n != 0)
		return -1;
	if (ber_int(&msg, &a->version) < 0 ||
	    ber_expect(&msg, TAG_OCTETS, &community) < 0 ||
	    ber_expect(&msg, TAG_GET_RESPONSE, &pdu) < 0)
		return -1;
	if (ber_int(&pdu, &id) < 0 || ber_int(&pdu, &a->error_status) < 0 ||
	    ber_int(&pdu, &index) < 0 ||
	    ber_expect(&pdu, TAG_SEQUENCE, &list) < 0)
		return -1;
	a->request_id = (uint32_t)id;
	return first_binding(&list, a);
}
