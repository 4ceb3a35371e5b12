/*
 * A certificate's facts (probe_tls.h). Every text is cut to its field
 * and bytes outside printable ASCII become '?': a certificate is the
 * device's to write, and reports show it.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include "scan/probe_tls.h"

static void
printable(char *out, size_t cap, const char *in, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n && in[i] != '\0' && k + 1 < cap; i++)
		out[k++] = in[i] >= 0x20 && in[i] < 0x7f ? in[i] : '?';
	out[k] = '\0';
}

static void
common_name(const X509_NAME *name, char *out, size_t cap)
{
	int i = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
	const ASN1_STRING *v;

	out[0] = '\0';
	if (i < 0)
		return;
	v = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
	if (v != NULL)
		printable(out, cap, (const char *)ASN1_STRING_get0_data(v),
		    (size_t)ASN1_STRING_length(v));
}

static void
time_text(const ASN1_TIME *t, char out[24])
{
	struct tm tm;

	if (t == NULL || !ASN1_TIME_to_tm(t, &tm) ||
	    strftime(out, 24, "%Y-%m-%d %H:%M:%SZ", &tm) == 0)
		snprintf(out, 24, "?");
}

static void
key_facts(struct tls_facts *f, EVP_PKEY *key)
{
	int id = key != NULL ? EVP_PKEY_get_base_id(key) : NID_undef;
	unsigned floor = 0;
	const char *type = "unknown";

	f->key_bits = key != NULL ? (unsigned)EVP_PKEY_get_bits(key) : 0;
	switch (id) {
	case EVP_PKEY_RSA:
	case EVP_PKEY_RSA_PSS:
		type = "RSA";
		floor = TLS_RSA_MIN_BITS;
		break;
	case EVP_PKEY_DSA:
		type = "DSA";
		floor = TLS_RSA_MIN_BITS;
		break;
	case EVP_PKEY_EC:
		type = "EC";
		floor = TLS_EC_MIN_BITS;
		break;
	case EVP_PKEY_ED25519:
		type = "ED25519";
		break;
	case EVP_PKEY_ED448:
		type = "ED448";
		break;
	default:
		break;
	}
	snprintf(f->key_type, sizeof(f->key_type), "%s", type);
	f->weak_key = f->key_bits < floor;
}

static void
signature_facts(struct tls_facts *f, const X509 *cert)
{
	int nid = X509_get_signature_nid(cert), md = NID_undef, pk;
	const char *name = OBJ_nid2ln(nid);

	printable(f->signature, sizeof(f->signature),
	    name != NULL ? name : "unknown", sizeof(f->signature));
	if (OBJ_find_sigid_algs(nid, &md, &pk))
		f->weak_signature = md == NID_md5 || md == NID_sha1 ||
		                    md == NID_md4 || md == NID_md2;
}

int
tls_facts_read(struct tls_facts *f, X509 *cert, time_t now)
{
	const X509_NAME *subject = X509_get_subject_name(cert);
	const X509_NAME *issuer = X509_get_issuer_name(cert);
	EVP_PKEY *key = X509_get0_pubkey(cert);
	char line[256];

	if (subject == NULL || issuer == NULL)
		return -1;
	common_name(subject, f->subject, sizeof(f->subject));
	if (X509_NAME_oneline(issuer, line, sizeof(line)) == NULL)
		line[0] = '\0';
	printable(f->issuer, sizeof(f->issuer), line, sizeof(line));
	time_text(X509_get0_notBefore(cert), f->not_before);
	time_text(X509_get0_notAfter(cert), f->not_after);
	f->validity = TLS_VALID;
	if (X509_cmp_time(X509_get0_notAfter(cert), &now) < 0)
		f->validity = TLS_EXPIRED;
	else if (X509_cmp_time(X509_get0_notBefore(cert), &now) > 0)
		f->validity = TLS_NOT_YET_VALID;
	key_facts(f, key);
	signature_facts(f, cert);
	f->self_signed = X509_NAME_cmp(issuer, subject) == 0 && key != NULL &&
	                 X509_verify(cert, key) == 1;
	return 0;
}

int
tls_facts_from_der(
    struct tls_facts *f, const uint8_t *der, size_t len, time_t now)
{
	const unsigned char *p = der;
	X509 *cert = d2i_X509(NULL, &p, (long)len);
	int rc;

	if (cert == NULL)
		return -1;
	rc = tls_facts_read(f, cert, now);
	X509_free(cert);
	return rc;
}
