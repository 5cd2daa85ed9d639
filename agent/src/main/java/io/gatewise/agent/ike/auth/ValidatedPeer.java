package io.gatewise.agent.ike.auth;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A peer whose certificate chain was validated to a trust anchor and whose ID payload its
 * certificate vouches for. What remains is the proof of possession: its SIG payload over
 * HASH_I / HASH_R, checked with {@link #verifySignature}.
 */
public final class ValidatedPeer {

    private final List<X509Certificate> path;
    private final IkeIdentity identity;
    private final Verifier verifier;
    private final String fingerprint;

    ValidatedPeer(List<X509Certificate> path, IkeIdentity identity) {
        this.path = List.copyOf(path);
        this.identity = Objects.requireNonNull(identity);
        this.verifier = Verifier.forKey(path.get(0).getPublicKey());
        this.fingerprint = Fingerprints.sha256(path.get(0));
    }

    /** The peer's end-entity certificate. */
    public X509Certificate certificate() {
        return path.get(0);
    }

    /** The validated path: the peer's certificate first, the trust anchor last. */
    public List<X509Certificate> chain() {
        return path;
    }

    /** The configured CA the chain ends at. */
    public X509Certificate trustAnchor() {
        return path.get(path.size() - 1);
    }

    /** The identity that was checked against the certificate. */
    public IkeIdentity identity() {
        return identity;
    }

    /** The scheme the peer's key signs with (what the negotiated method must be). */
    public SignatureScheme scheme() {
        return verifier.scheme();
    }

    public Verifier verifier() {
        return verifier;
    }

    /** "CN=branch-7": the certificate's subject, short. */
    public String subject() {
        return CertificateNames.subject(certificate());
    }

    /** SHA-256 of the peer certificate's DER, lowercase hex ({@code peer_certificate_sha256}). */
    public String sha256Fingerprint() {
        return fingerprint;
    }

    /**
     * Checks the peer's SIG payload.
     *
     * @param negotiated the authentication method of the chosen Phase 1 proposal, or
     *                   {@code null} to accept whatever the key signs with
     * @param hash       HASH_I when the peer is the initiator, else HASH_R, as we computed it
     * @param signature  the SIG payload data
     * @throws PeerAuthenticationException KEY_TYPE_MISMATCH (AUTHENTICATION-FAILED) when the
     *         negotiated method does not fit the certificate's key, BAD_SIGNATURE
     *         (INVALID-SIGNATURE) when the signature does not verify
     */
    public void verifySignature(SignatureScheme negotiated, byte[] hash, byte[] signature)
            throws PeerAuthenticationException {
        if (negotiated != null && negotiated != verifier.scheme()) {
            throw new PeerAuthenticationException(AuthFailure.Kind.KEY_TYPE_MISMATCH, "peer certificate " + subject()
                    + " has an " + SignatureScheme.describeKey(certificate().getPublicKey()) + " key, but "
                    + negotiated.plainName() + " (method " + negotiated.ikev1AuthMethod() + ") were negotiated");
        }
        if (!verifier.verify(hash, signature)) {
            throw new PeerAuthenticationException(AuthFailure.Kind.BAD_SIGNATURE, "signature of " + identity
                    + " does not verify with the key of peer certificate " + subject()
                    + " (" + (signature == null ? 0 : signature.length) + " bytes of " + verifier.scheme().plainName()
                    + "): not the holder of that key, or the exchange was altered");
        }
    }

    @Override
    public String toString() {
        return "ValidatedPeer[" + identity + ", " + subject() + ", sha256=" + fingerprint + "]";
    }
}
