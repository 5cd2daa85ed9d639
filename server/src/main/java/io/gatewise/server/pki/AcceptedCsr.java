package io.gatewise.server.pki;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * A CSR that passed {@link CsrPolicy}: proof of possession checked, key strong enough.
 *
 * @param publicKey      the key to certify
 * @param keyDescription e.g. "EC P-256" or "RSA 3072", for logs and the UI
 */
public record AcceptedCsr(SubjectPublicKeyInfo publicKey, String keyDescription) {
}
