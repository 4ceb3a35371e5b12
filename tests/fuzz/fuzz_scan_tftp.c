/*
 * The TFTP probe's reading of an answer, on anything. Checked promises:
 * only DATA, ERROR and OACK are answers; an ERROR's message is
 * terminated and printable.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/probe_tftp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tftp_answer a;
	size_t len;

	if (tftp_probe_parse(data, size, &a) < 0)
		return 0;
	if (a.opcode != TFTP_DATA && a.opcode != TFTP_ERROR &&
	    a.opcode != TFTP_OACK)
		abort();
	len = strnlen(a.message, sizeof(a.message));
	if (len == sizeof(a.message))
		abort();
	for (size_t i = 0; i < len; i++)
		if (a.message[i] < 0x20 || a.message[i] > 0x7e)
			abort();
	return 0;
}
