#include "policy/policy_apply.h"

#include <nftables/libnftables.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/policy.h"

struct policy_apply {
	struct nft_ctx *nft;
};

struct policy_apply *
policy_apply_new(void)
{
	struct policy_apply *pa = calloc(1, sizeof(*pa));

	if (pa == NULL)
		return NULL;
	pa->nft = nft_ctx_new(NFT_CTX_DEFAULT);
	if (pa->nft == NULL || nft_ctx_buffer_output(pa->nft) < 0 ||
	    nft_ctx_buffer_error(pa->nft) < 0) {
		policy_apply_free(pa);
		return NULL;
	}
	return pa;
}

void
policy_apply_free(struct policy_apply *pa)
{
	if (pa == NULL)
		return;
	if (pa->nft != NULL)
		nft_ctx_free(pa->nft);
	free(pa);
}

/* nft's error text, on one line: it spans several (the script's line and
 * a caret under the fault), which a log line cannot carry. */
static void
copy_error(struct policy_apply *pa, char *err, size_t errlen)
{
	const char *e = nft_ctx_get_error_buffer(pa->nft);
	size_t n = 0;

	if (errlen == 0)
		return;
	for (; e != NULL && *e != '\0' && n + 1 < errlen; e++)
		err[n++] = *e == '\n' || *e == '\t' ? ' ' : *e;
	while (n > 0 && err[n - 1] == ' ')
		n--;
	err[n] = '\0';
	if (n == 0)
		snprintf(err, errlen, "nft failed without a message");
}

int
policy_apply_run(struct policy_apply *pa, const char *script, int check,
    char *err, size_t errlen)
{
	int rc;

	nft_ctx_set_dry_run(pa->nft, check != 0);
	nft_ctx_output_set_flags(pa->nft, 0);
	rc = nft_run_cmd_from_buffer(pa->nft, script);
	nft_ctx_set_dry_run(pa->nft, 0);
	if (rc != 0) {
		copy_error(pa, err, errlen);
		return -1;
	}
	return 0;
}

int
policy_apply_list(
    struct policy_apply *pa, struct obuf *out, char *err, size_t errlen)
{
	const char *e, *text;

	nft_ctx_output_set_flags(pa->nft, NFT_CTX_OUTPUT_STATELESS);
	if (nft_run_cmd_from_buffer(pa->nft, "list table inet " POLICY_TABLE) !=
	    0) {
		e = nft_ctx_get_error_buffer(pa->nft);
		nft_ctx_output_set_flags(pa->nft, 0);
		if (e != NULL && strstr(e, "No such file") != NULL)
			return 1;
		copy_error(pa, err, errlen);
		return -1;
	}
	nft_ctx_output_set_flags(pa->nft, 0);
	text = nft_ctx_get_output_buffer(pa->nft);
	obuf_puts(out, text != NULL ? text : "");
	return 0;
}

int
policy_apply_query(struct policy_apply *pa, const char *cmd,
    struct obuf *out, char *err, size_t errlen)
{
	const char *text;

	nft_ctx_output_set_flags(pa->nft, 0);
	if (nft_run_cmd_from_buffer(pa->nft, cmd) != 0) {
		copy_error(pa, err, errlen);
		return -1;
	}
	text = nft_ctx_get_output_buffer(pa->nft);
	obuf_puts(out, text != NULL ? text : "");
	return 0;
}
