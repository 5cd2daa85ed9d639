package io.gatewise.agent.ike.v1;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.gatewise.agent.crypto.Bytes;
import io.gatewise.agent.crypto.DhGroup;
import io.gatewise.agent.crypto.DhKeyPair;
import io.gatewise.agent.crypto.InvalidPublicValueException;
import io.gatewise.agent.crypto.Nonces;
import io.gatewise.agent.ike.auth.AuthFailure;
import io.gatewise.agent.ike.auth.CertificateRequest;
import io.gatewise.agent.ike.auth.CertificateSelection;
import io.gatewise.agent.ike.auth.EncodedCertificate;
import io.gatewise.agent.ike.auth.PeerAuthenticationException;
import io.gatewise.agent.ike.auth.SignatureScheme;
import io.gatewise.agent.ike.auth.ValidatedPeer;
import io.gatewise.agent.ike.codec.AuthenticationMethod;
import io.gatewise.agent.ike.codec.CertificatePayload;
import io.gatewise.agent.ike.codec.CertificateRequestPayload;
import io.gatewise.agent.ike.codec.HashPayload;
import io.gatewise.agent.ike.codec.IdentificationPayload;
import io.gatewise.agent.ike.codec.KeyExchangePayload;
import io.gatewise.agent.ike.codec.NoncePayload;
import io.gatewise.agent.ike.codec.NotifyType;
import io.gatewise.agent.ike.codec.Proposal;
import io.gatewise.agent.ike.codec.ProtocolId;
import io.gatewise.agent.ike.codec.SaPayload;
import io.gatewise.agent.ike.codec.SignaturePayload;
import io.gatewise.agent.ike.config.CertificateAuth;
import io.gatewise.agent.ike.config.Identity;
import io.gatewise.agent.ike.config.PeerConfig;
import io.gatewise.agent.ike.keymat.IvManager;
import io.gatewise.agent.ike.proposal.IkeProposal;
import io.gatewise.agent.ike.keymat.Keymat;
import io.gatewise.agent.ike.sa.IkeException;
import io.gatewise.agent.ike.sa.IkeSa;
import io.gatewise.agent.ike.sa.InboundMessage;
import io.gatewise.agent.ike.sa.OutboundMessage;

/**
 * What Main Mode and Aggressive Mode share (RFC 2409 section 5): the offered SA payload
 * body SAi_b, the Diffie-Hellman exchange and nonces, the key derivation for pre-shared
 * keys or signatures, and the authentication payloads.
 *
 * <pre>
 *  pre-shared key:  ... IDx, HASH_x
 *  signatures:      ... IDx, [CERT ...], SIG_x     SIG_x = signature of HASH_x (section 5.1)
 *                   CR payloads name our trust anchors (RFC 4945 section 3.2)
 * </pre>
 *
 * The exchanges decide in which message each part travels; this class keeps the
 * material until the SA is authenticated and then wipes it.
 */
final class Phase1Session {
    private static final Logger LOG = LoggerFactory.getLogger(Phase1Session.class);
    /** CR payloads taken from the peer; more are ignored (MessageRules bounds them per message). */
    private static final int MAX_PEER_REQUESTS = 16;

    private final IkeSa sa;
    private final V1Context ctx;
    private final List<CertificateRequest> peerRequests = new ArrayList<>();
    byte[] saiB;
    private DhKeyPair dh;
    byte[] gxi;
    byte[] gxr;
    byte[] nonceI;
    byte[] nonceR;
    AcceptedIkeTransform accepted;
    private IdentificationPayload ownId;
    private byte[] ownIdB;

    Phase1Session(IkeSa sa, V1Context ctx) {
        this.sa = sa;
        this.ctx = ctx;
    }

    private PeerConfig peer() {
        return sa.peer();
    }

    /** The Authentication Method our credentials allow: PSK (1), RSA (3) or ECDSA (9/10/11). */
    AuthenticationMethod method() {
        CertificateAuth c = peer().certificates();
        if (c == null) {
            return AuthenticationMethod.PRE_SHARED_KEY;
        }
        return AuthenticationMethod.fromValue(c.credentials().scheme().ikev1AuthMethod()).orElseThrow();
    }

    // ---- SA payloads ---------------------------------------------------------------

    SaPayload offer() {
        SaPayload offer = Phase1Proposals.offer(peer().proposals(), peer().lifetimeSeconds(), method());
        saiB = MainModeTask.body(offer);
        return offer;
    }

    /**
     * Aggressive Mode's SA payload: KE travels in message 1, so every transform must use
     * the DH group of our first proposal (RFC 2409 section 5); the others are left out.
     */
    SaPayload offerSameGroup() {
        DhGroup group = peer().proposals().get(0).group();
        List<IkeProposal> same = peer().proposals().stream().filter(p -> p.group() == group).toList();
        SaPayload offer = Phase1Proposals.offer(same, peer().lifetimeSeconds(), method());
        saiB = MainModeTask.body(offer);
        return offer;
    }

    void select(InboundMessage m, String which) throws IkeException {
        SaPayload offer = MainModeTask.require(m, SaPayload.class, which);
        accepted = Phase1Proposals.select(offer, peer().proposals(), peer().lifetimeSeconds(), method());
        saiB = m.payloads().body(m.payloads().indexOf(SaPayload.class)).toByteArray();
        sa.setProposal(accepted.proposal(), accepted.lifetimeSeconds());
        // the echoed transform keeps the offered lifetime; ours is told once established
        sa.setLifetimeToAnnounce(accepted.shortenedByUs() ? accepted.lifetimeSeconds() : 0);
    }

    SaPayload answer() {
        Proposal chosen = new Proposal(accepted.offeredProposal().number(), ProtocolId.ISAKMP.value(),
                accepted.offeredProposal().spi(), List.of(accepted.offeredTransform()));
        return SaPayload.ipsec(List.of(chosen));
    }

    void checkAnswer(InboundMessage m, String which) throws IkeException {
        SaPayload answer = MainModeTask.require(m, SaPayload.class, which);
        accepted = Phase1Proposals.checkAnswer(answer, peer().proposals(), peer().lifetimeSeconds(), method());
        sa.setProposal(accepted.proposal(), accepted.lifetimeSeconds());
    }

    // ---- key exchange ----------------------------------------------------------------

    /** Our KE and nonce; {@code initiator} says which of g^xi/Ni or g^xr/Nr they are. */
    void ownKeyExchange(OutboundMessage m, boolean initiator) {
        if (dh == null) {
            makeKeyExchange(initiator);
        }
        m.add(new KeyExchangePayload(io.gatewise.agent.ike.codec.Bytes.of(initiator ? gxi : gxr)));
        m.add(new NoncePayload(io.gatewise.agent.ike.codec.Bytes.of(initiator ? nonceI : nonceR)));
    }

    /** Makes our DH value and nonce now (the responder needs them to derive keys early). */
    void makeKeyExchange(boolean initiator) {
        makeKeyExchange(initiator, sa.proposal().group());
    }

    void makeKeyExchange(boolean initiator, DhGroup group) {
        dh = ctx.random().newKeyPair(group);
        byte[] nonce = ctx.random().nonce(Nonces.DEFAULT_LENGTH);
        if (initiator) {
            gxi = dh.publicValue();
            nonceI = nonce;
        } else {
            gxr = dh.publicValue();
            nonceR = nonce;
        }
    }

    /** The peer's KE and nonce. */
    void peerKeyExchange(InboundMessage m, String which, boolean peerIsInitiator) throws IkeException {
        KeyExchangePayload ke = MainModeTask.require(m, KeyExchangePayload.class, which);
        int expected = sa.proposal().group().publicValueLength();
        if (ke.keyData().length() != expected) {
            throw IkeException.of(NotifyType.INVALID_KEY_INFORMATION, "KE in " + which + " has "
                    + ke.keyData().length() + " bytes; " + sa.proposal().group().plainName() + " needs " + expected);
        }
        byte[] nonce = MainModeTask.require(m, NoncePayload.class, which).nonce().toByteArray();
        if (peerIsInitiator) {
            gxi = ke.keyData().toByteArray();
            nonceI = nonce;
        } else {
            gxr = ke.keyData().toByteArray();
            nonceR = nonce;
        }
    }

    /** SKEYID (section 5: PSK or signature form) and the rest, the IV chain (Appendix B). */
    void deriveKeys() throws IkeException {
        byte[] peerPublic = sa.isInitiator() ? gxr : gxi;
        byte[] gxy;
        try {
            gxy = dh.sharedSecret(peerPublic);
        } catch (InvalidPublicValueException e) {
            throw IkeException.of(NotifyType.INVALID_KEY_INFORMATION, "peer's public "
                    + sa.proposal().group().plainName() + " value is invalid: " + e.getMessage());
        }
        byte[] ckyI = MainModeTask.cookie(sa.id().initiatorCookie());
        byte[] ckyR = MainModeTask.cookie(sa.id().responderCookie());
        byte[] psk = peer().usesCertificates() ? null : peer().psk().bytes();
        try {
            Keymat keymat = psk == null
                    ? Keymat.forSignatures(sa.proposal().hash(), sa.proposal().cipher(), nonceI, nonceR, gxy, ckyI,
                            ckyR)
                    : Keymat.forPreSharedKey(sa.proposal().hash(), sa.proposal().cipher(), psk, nonceI, nonceR,
                            gxy, ckyI, ckyR);
            sa.setKeys(keymat, new IvManager(sa.proposal().hash(), sa.proposal().cipher(), gxi, gxr,
                    TaskManagerV1.MAX_IV_CHAINS));
        } finally {
            // the DH private value stays until wipe(): a retransmitted answer that failed
            // authentication once (a wrong key) is derived and checked again
            Bytes.wipe(psk, gxy);
        }
    }

    // ---- certificate requests ------------------------------------------------------------

    /** One CR per trust anchor when we authenticate with certificates (RFC 4945 section 3.2.7). */
    void addCertificateRequests(OutboundMessage m) {
        CertificateAuth c = peer().certificates();
        if (c == null) {
            return;
        }
        for (CertificateRequest cr : c.validator().certificateRequests()) {
            m.add(new CertificateRequestPayload(cr.certType(), io.gatewise.agent.ike.codec.Bytes.of(cr.authority())));
        }
    }

    /** Remembers the peer's CRs, whichever message carries them. */
    void collectCertificateRequests(InboundMessage m) {
        for (CertificateRequestPayload cr : m.payloads().all(CertificateRequestPayload.class)) {
            if (peerRequests.size() < MAX_PEER_REQUESTS) {
                peerRequests.add(CertificateRequest.fromPayload(cr.certificateType(), cr.authority().toByteArray()));
            }
        }
    }

    // ---- authentication payloads ----------------------------------------------------------

    /** Our ID payload (the same object and body for the hash and the message). */
    IdentificationPayload ownId() {
        if (ownId == null) {
            ownId = peer().localId().toPayload();
            ownIdB = MainModeTask.body(ownId);
        }
        return ownId;
    }

    /**
     * Our proof: HASH_I/HASH_R for a pre-shared key; else our CERT payloads (always, or
     * when a CR of the peer asked for our CA) and SIG_I/SIG_R.
     */
    void addProof(OutboundMessage m, boolean initiator) {
        ownId();
        byte[] hash = initiator ? sa.keymat().hashI(gxi, gxr, saiB, ownIdB) : sa.keymat().hashR(gxi, gxr, saiB, ownIdB);
        CertificateAuth c = peer().certificates();
        if (c == null) {
            m.add(new HashPayload(io.gatewise.agent.ike.codec.Bytes.of(hash)));
            return;
        }
        CertificateSelection selection = c.credentials().certificatesFor(peerRequests);
        boolean send = c.sendCertificate() == CertificateAuth.SendCertificate.ALWAYS || selection.matchesRequest()
                && !peerRequests.isEmpty();
        if (send) {
            LOG.debug("{}: {}", sa.id(), selection.explanation());
            for (EncodedCertificate cert : selection.encoded()) {
                m.add(new CertificatePayload(cert.encoding(), io.gatewise.agent.ike.codec.Bytes.of(cert.data())));
            }
        } else {
            LOG.debug("{}: not sending our certificate (peer did not ask for it)", sa.id());
        }
        m.add(new SignaturePayload(io.gatewise.agent.ike.codec.Bytes.of(c.credentials().signer().sign(hash))));
        Bytes.wipe(hash);
    }

    /**
     * Authenticates the peer: its identity {@code id} (body {@code idB}) with HASH or
     * with CERT and SIG from {@code m}. Pre-shared key: HASH_x must verify (a mismatch is
     * an integrity failure, as a wrong key is). Signatures: the certificate chain and the
     * identity are validated ({@link io.gatewise.agent.ike.auth.PeerCertificateValidator}),
     * then SIG_x over HASH_x; every refusal sends the notification RFC 2408 assigns to it
     * and carries the validator's plain reason.
     */
    void authenticatePeer(InboundMessage m, IdentificationPayload id, byte[] idB, String which, boolean peerIsInitiator)
            throws IkeException {
        byte[] expected = peerIsInitiator ? sa.keymat().hashI(gxi, gxr, saiB, idB) : sa.keymat().hashR(gxi, gxr, saiB,
                idB);
        String hashName = peerIsInitiator ? "HASH_I" : "HASH_R";
        Identity remote = Identity.of(id);
        CertificateAuth c = peer().certificates();
        if (c == null) {
            Optional<HashPayload> hash = m.payloads().first(HashPayload.class);
            if (hash.isEmpty()) {
                throw IkeException.integrity(NotifyType.PAYLOAD_MALFORMED, which + " lacks the HASH payload");
            }
            if (!Bytes.constantTimeEquals(expected, hash.get().hash().toByteArray())) {
                throw IkeException.integrity(NotifyType.INVALID_HASH_INFORMATION, hashName + " in " + which
                        + " does not verify: the pre-shared keys of the two sides differ");
            }
            sa.setPeerAuthentication(method().auditName(), "");
        } else {
            Optional<SignaturePayload> sig = m.payloads().first(SignaturePayload.class);
            if (sig.isEmpty()) {
                throw IkeException.of(NotifyType.AUTHENTICATION_FAILED, which + " lacks the SIG payload, but "
                        + method() + " was negotiated");
            }
            List<EncodedCertificate> certs = m.payloads().all(CertificatePayload.class).stream()
                    .map(p -> new EncodedCertificate(p.encoding(), p.data().toByteArray())).toList();
            try {
                ValidatedPeer vp = c.validator().validate(certs, PeerConfig.toAuth(remote));
                vp.verifySignature(SignatureScheme.fromIkev1AuthMethod(method().value()).orElseThrow(), expected,
                        sig.get().signature().toByteArray());
                LOG.info("{}: peer {} authenticated by certificate {} (sha256 {}), issued by {}", sa.id(), remote,
                        vp.subject(), vp.sha256Fingerprint(), vp.trustAnchor().getSubjectX500Principal().getName());
                sa.setPeerAuthentication(method().auditName(), vp.sha256Fingerprint());
            } catch (PeerAuthenticationException e) {
                throw authFailure(e.failure());
            } catch (IllegalArgumentException e) {
                throw IkeException.of(NotifyType.INVALID_ID_INFORMATION, "peer identity in " + which
                        + " cannot be checked against a certificate: " + e.getMessage());
            }
        }
        Bytes.wipe(expected);
        if (!peer().remoteId().matches(remote)) {
            throw IkeException.of(NotifyType.INVALID_ID_INFORMATION, "peer authenticated as '" + remote
                    + "', but peer '" + peer().name() + "' must be '" + peer().remoteId() + "'");
        }
        sa.setIdentities(peer().localId(), remote);
    }

    private static IkeException authFailure(AuthFailure f) {
        NotifyType type = NotifyType.fromValue(f.notifyType()).orElse(NotifyType.AUTHENTICATION_FAILED);
        return IkeException.of(type, f.reason());
    }

    void wipe() {
        if (dh != null) {
            dh.destroy();
        }
        Bytes.wipe(nonceI, nonceR);
    }
}
