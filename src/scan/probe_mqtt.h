/*
 * MQTT (tcp/1883): does the broker take a client that gives no user and
 * no password? The scanner sends one CONNECT of MQTT 3.1.1 (OASIS,
 * section 3.1) with a clean session and no credentials, reads the
 * CONNACK (section 3.2), and disconnects. It subscribes to nothing and
 * publishes nothing: "accepted" is the whole answer.
 */
#ifndef AIRLOCK_PROBE_MQTT_H
#define AIRLOCK_PROBE_MQTT_H

#include <stddef.h>
#include <stdint.h>

#define MQTT_CONNECT_MAX 32

enum mqtt_answer {
	MQTT_MORE,          /* a CONNACK's beginning: wait for the rest */
	MQTT_NOT_MQTT,      /* not a CONNACK: another service */
	MQTT_ACCEPTED,      /* anonymous clients are welcome */
	MQTT_AUTH_REQUIRED, /* return code 4 or 5: credentials wanted */
	MQTT_REFUSED,       /* another return code (version, id, busy) */
};

/* The CONNECT packet, into out (MQTT_CONNECT_MAX bytes); its length. */
size_t mqtt_probe_connect(uint8_t *out);

/* The DISCONNECT packet sent after an answer: 2 bytes. */
extern const uint8_t mqtt_probe_disconnect[2];

/* What the broker's first len bytes say. */
enum mqtt_answer mqtt_probe_answer(const uint8_t *in, size_t len);

#endif
