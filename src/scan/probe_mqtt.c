/*
 * The MQTT probe (probe_mqtt.h). A CONNACK of 3.1.1 is exactly four
 * bytes: type 2 with no flags (0x20), remaining length 2, the
 * acknowledge flags (only bit 0, session present, may be set) and the
 * return code (0 to 5). Anything else is not an MQTT 3.1.1 broker
 * answering a CONNECT.
 */
#include <string.h>

#include "scan/probe_mqtt.h"

#define CLIENT_ID "airlock-scan"

const uint8_t mqtt_probe_disconnect[2] = {0xe0, 0x00};

size_t
mqtt_probe_connect(uint8_t *out)
{
	static const uint8_t head[] = {
	    0x00, 0x04, 'M', 'Q', 'T', 'T', /* protocol name */
	    0x04,                           /* level: 3.1.1 */
	    0x02,                           /* clean session, no credentials */
	    0x00, 0x1e,                     /* keep alive: 30 s */
	};
	size_t id = sizeof(CLIENT_ID) - 1, n = 0;

	out[n++] = 0x10; /* CONNECT */
	out[n++] = (uint8_t)(sizeof(head) + 2 + id);
	memcpy(out + n, head, sizeof(head));
	n += sizeof(head);
	out[n++] = 0;
	out[n++] = (uint8_t)id;
	memcpy(out + n, CLIENT_ID, id);
	return n + id;
}

enum mqtt_answer
mqtt_probe_answer(const uint8_t *in, size_t len)
{
	static const uint8_t expect[2] = {0x20, 0x02};

	for (size_t i = 0; i < len && i < 2; i++)
		if (in[i] != expect[i])
			return MQTT_NOT_MQTT;
	if (len >= 3 && (in[2] & 0xfe) != 0)
		return MQTT_NOT_MQTT;
	if (len < 4)
		return MQTT_MORE;
	switch (in[3]) {
	case 0:
		return MQTT_ACCEPTED;
	case 4:
	case 5:
		return MQTT_AUTH_REQUIRED;
	default:
		return in[3] <= 3 ? MQTT_REFUSED : MQTT_NOT_MQTT;
	}
}
