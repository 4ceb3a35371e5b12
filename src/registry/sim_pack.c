#include "registry/sim_pack.h"

#include <errno.h>

void
sim_pack(struct obuf *out, const struct sim *s, unsigned long pos)
{
	obuf_put_u64(out, pos);
	obuf_put_u8(out, (uint8_t)s->state);
	obuf_put_u8(out, (uint8_t)s->imei_policy);
	obuf_put_u8(out, (uint8_t)s->imei_match);
	obuf_put_u64(out, s->data_limit);
	obuf_put_str(out, s->iccid);
	obuf_put_str(out, s->imsi);
	obuf_put_str(out, s->msisdn);
	obuf_put_str(out, s->apn);
	obuf_put_str(out, s->static_ip);
	obuf_put_str(out, s->bound_imei);
	obuf_put_str(out, s->profile);
	obuf_put_str(out, s->labels);
}

int
sim_unpack(struct ibuf *in, struct sim *s, unsigned long *pos)
{
	uint8_t state, policy, match;
	uint64_t p;
	int rc;

	sim_init(s);
	rc = ibuf_get_u64(in, &p);
	rc |= ibuf_get_u8(in, &state);
	rc |= ibuf_get_u8(in, &policy);
	rc |= ibuf_get_u8(in, &match);
	rc |= ibuf_get_u64(in, &s->data_limit);
	rc |= ibuf_get_str(in, s->iccid, sizeof(s->iccid));
	rc |= ibuf_get_str(in, s->imsi, sizeof(s->imsi));
	rc |= ibuf_get_str(in, s->msisdn, sizeof(s->msisdn));
	rc |= ibuf_get_str(in, s->apn, sizeof(s->apn));
	rc |= ibuf_get_str(in, s->static_ip, sizeof(s->static_ip));
	rc |= ibuf_get_str(in, s->bound_imei, sizeof(s->bound_imei));
	rc |= ibuf_get_str(in, s->profile, sizeof(s->profile));
	rc |= ibuf_get_str(in, s->labels, sizeof(s->labels));
	if (rc != 0 || state >= SIM_STATE_COUNT || policy > IMEI_POLICY_FIXED ||
	    match > IMEI_MATCH_TAC)
		return -EBADMSG;
	s->state = (enum sim_state)state;
	s->imei_policy = (enum imei_policy)policy;
	s->imei_match = (enum imei_match)match;
	*pos = (unsigned long)p;
	return 0;
}
