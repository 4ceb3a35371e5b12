/*
 * The MQTT probe's reading of a broker's answer, on anything, fed whole
 * and a byte at a time as the engine may see it. Checked promises: the
 * answer is one of the enum's; MQTT_MORE only before four bytes; the
 * answer never changes once it is not MQTT_MORE, however many bytes
 * follow; MQTT_ACCEPTED only for exactly 20 02 0x 00 (x: 0 or 1).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "scan/probe_mqtt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum mqtt_answer first = MQTT_MORE, a;

	for (size_t n = 1; n <= size; n++) {
		a = mqtt_probe_answer(data, n);
		if (a > MQTT_REFUSED)
			abort();
		if (a == MQTT_MORE && n >= 4)
			abort();
		if (first != MQTT_MORE && a != first)
			abort();
		if (first == MQTT_MORE)
			first = a;
	}
	if (first == MQTT_ACCEPTED &&
	    (data[0] != 0x20 || data[1] != 0x02 || data[2] > 1 || data[3] != 0))
		abort();
	return 0;
}
