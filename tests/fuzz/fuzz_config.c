/*
 * airlockd.conf over arbitrary bytes. The harness checks that the error
 * count matches the callbacks, that every callback carries a message and a
 * real line number, and that a config accepted without errors is sound:
 * one to 64 device networks that do not overlap, TLS files in pairs, limits
 * in range, and settings that survive the trip to the children over IPC.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct errs {
	int n;
	unsigned lines;
};

static void
on_error(void *arg, const char *file, unsigned line, const char *msg)
{
	struct errs *e = arg;

	if (strcmp(file, "fuzz.conf") != 0 || msg[0] == '\0' || line == 0 ||
	    line > e->lines + 1)
		abort();
	e->n++;
}

static void
check_ipc(const struct config *c)
{
	struct msg_config m, back;
	enum msg_type type;
	struct ibuf payload;
	struct obuf ob;

	config_to_msg(c, &m);
	obuf_init(&ob, IPC_HDR_LEN + IPC_MAX_PAYLOAD);
	ipc_encode_config(&ob, &m);
	if (obuf_failed(&ob) ||
	    ipc_frame_parse(ob.data, ob.len, &type, &payload) !=
	        (ssize_t)ob.len ||
	    type != MSG_CONFIG || ipc_decode_config(&payload, &back) != 0)
		abort();
	if (back.n_networks != c->n_networks ||
	    back.body_limit != c->api_body_limit ||
	    back.import_limit != c->api_import_limit)
		abort();
	for (size_t i = 0; i < c->n_networks; i++)
		if (back.networks[i].net.family != c->networks[i].net.family ||
		    back.networks[i].prefix != c->networks[i].prefix ||
		    memcmp(back.networks[i].net.bytes, c->networks[i].net.bytes,
		        sizeof(back.networks[i].net.bytes)) != 0)
			abort();
	obuf_reset(&ob);
}

static void
check_sound(const struct config *c)
{
	if (c->n_networks < 1 || c->n_networks > IPC_MAX_NETWORKS)
		abort();
	for (size_t i = 0; i < c->n_networks; i++)
		for (size_t j = 0; j < i; j++)
			if (cidr_overlaps(&c->networks[i], &c->networks[j]))
				abort();
	if ((c->tls_cert[0] == '\0') != (c->tls_key[0] == '\0'))
		abort();
	if (c->api_threads < 1 || c->api_threads > 64 ||
	    c->api_body_limit < 1024 || c->api_body_limit > 64ULL << 20 ||
	    c->api_import_limit < 1024 || c->api_import_limit > 4ULL << 30)
		abort();
	if (strlen(c->user) >= sizeof(c->user) ||
	    strlen(c->api_listen) >= sizeof(c->api_listen) ||
	    c->store[0] == '\0')
		abort();
	check_ipc(c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config *c = malloc(sizeof(*c));
	struct errs e = {0, 0};
	int rc;

	if (c == NULL)
		abort();
	for (size_t i = 0; i < size; i++)
		e.lines += data[i] == '\n';
	config_defaults(c);
	rc = config_parse(
	    c, (const char *)data, size, "fuzz.conf", on_error, &e);
	if (rc != e.n || rc < 0)
		abort();
	if (rc == 0)
		check_sound(c);
	free(c);
	return 0;
}
