package io.gatewise.agent.ike.sa;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.gatewise.agent.ike.config.Identity;
import io.gatewise.agent.ike.proposal.IkeProposal;
import io.gatewise.agent.ike.config.PeerConfig;
import io.gatewise.agent.ike.keymat.IvManager;
import io.gatewise.agent.ike.keymat.Keymat;

/**
 * One ISAKMP SA and what the exchanges learnt so far: cookies, role, endpoints, NAT-T
 * state, the negotiated proposal, the keying material and the child SAs it created.
 * Driven by one thread (the engine's). The keying material is destroyed with the SA.
 */
public final class IkeSa {

    public enum Role { INITIATOR, RESPONDER }

    public enum State {
        /** Phase 1 in progress (half-open). */
        CONNECTING,
        /** Phase 1 authenticated; Quick Modes and informationals may run. */
        ESTABLISHED,
        /** Gone; keys wiped. */
        DEAD
    }

    private IkeSaId id;
    private final Role role;
    private final long createdAtMillis;
    private PeerConfig peer;
    private State state = State.CONNECTING;
    private InetSocketAddress local;
    private InetSocketAddress remote;
    private boolean peerSupportsNatT;
    private boolean peerSupportsDpd;
    private boolean peerSupportsFragmentation;
    private boolean natLocal;
    private boolean natRemote;
    private boolean floated;
    private IkeProposal proposal;
    private long lifetimeSeconds;
    private long establishedAtMillis;
    private Keymat keymat;
    private IvManager ivs;
    private Identity localId;
    private Identity remoteId;
    private int integrityFailures;
    private String authMethod = "";
    private String peerCertificateSha256 = "";
    private TaskManager taskManager;
    private final List<ChildSa> children = new ArrayList<>();
    /** Negotiated to replace an SA with the same peer (phase 1 rekey): no INITIAL-CONTACT. */
    private boolean replacement;
    /** Phase 1 responder: our lifetime, shorter than the proposed one, to announce (0: none). */
    private long lifetimeToAnnounce;

    public IkeSa(IkeSaId id, Role role, PeerConfig peer, InetSocketAddress local, InetSocketAddress remote,
            long nowMillis) {
        this.id = Objects.requireNonNull(id, "id");
        this.role = Objects.requireNonNull(role, "role");
        this.peer = peer;
        this.local = Objects.requireNonNull(local, "local");
        this.remote = Objects.requireNonNull(remote, "remote");
        this.createdAtMillis = nowMillis;
    }

    public IkeSaId id() {
        return id;
    }

    /** Sets the responder cookie, once, when message 2 arrives (initiator) or is built (responder). */
    public void setResponderCookie(long cookie) {
        if (id.responderCookie() != 0 && id.responderCookie() != cookie) {
            throw new IllegalStateException("responder cookie already set");
        }
        id = id.withResponderCookie(cookie);
    }

    public Role role() {
        return role;
    }

    public boolean isInitiator() {
        return role == Role.INITIATOR;
    }

    public long createdAtMillis() {
        return createdAtMillis;
    }

    public PeerConfig peer() {
        return peer;
    }

    public void setPeer(PeerConfig peer) {
        this.peer = peer;
    }

    /** The configured peer name, or the remote address while none matched. */
    public String peerName() {
        return peer != null ? peer.name() : remote.getAddress().getHostAddress();
    }

    public State state() {
        return state;
    }

    public boolean isEstablished() {
        return state == State.ESTABLISHED;
    }

    public void setEstablished(long nowMillis) {
        state = State.ESTABLISHED;
        establishedAtMillis = nowMillis;
    }

    public long establishedAtMillis() {
        return establishedAtMillis;
    }

    public InetSocketAddress local() {
        return local;
    }

    public InetSocketAddress remote() {
        return remote;
    }

    /** Moves to other endpoints (NAT-T floating to 4500, or a NAT mapping that changed). */
    public void setEndpoints(InetSocketAddress newLocal, InetSocketAddress newRemote) {
        this.local = Objects.requireNonNull(newLocal);
        this.remote = Objects.requireNonNull(newRemote);
    }

    public boolean peerSupportsNatT() {
        return peerSupportsNatT;
    }

    public void setPeerSupportsNatT(boolean v) {
        peerSupportsNatT = v;
    }

    public boolean peerSupportsDpd() {
        return peerSupportsDpd;
    }

    public void setPeerSupportsDpd(boolean v) {
        peerSupportsDpd = v;
    }

    /** The peer sent the IKEv1 FRAGMENTATION vendor ID (it reassembles payload 132). */
    public boolean peerSupportsFragmentation() {
        return peerSupportsFragmentation;
    }

    public void setPeerSupportsFragmentation(boolean v) {
        peerSupportsFragmentation = v;
    }

    /** NAT detection result (RFC 3947 section 3.2). */
    public void setNat(boolean local, boolean remote) {
        this.natLocal = local;
        this.natRemote = remote;
    }

    /** We are behind a NAT (or pretend to be, to force encapsulation). */
    public boolean natLocal() {
        return natLocal;
    }

    public boolean natRemote() {
        return natRemote;
    }

    /** NAT anywhere on the path: IKE floats to 4500 and ESP is UDP-encapsulated. */
    public boolean natDetected() {
        return natLocal || natRemote;
    }

    public boolean floated() {
        return floated;
    }

    public void setFloated(boolean floated) {
        this.floated = floated;
    }

    public IkeProposal proposal() {
        return proposal;
    }

    public void setProposal(IkeProposal proposal, long lifetimeSeconds) {
        this.proposal = proposal;
        this.lifetimeSeconds = lifetimeSeconds;
    }

    public long lifetimeSeconds() {
        return lifetimeSeconds;
    }

    /**
     * As phase 1 responder we echo the proposed lifetime but use our shorter one; RFC 2407
     * section 4.6.3.1's RESPONDER-LIFETIME then tells the initiator (0: nothing to tell).
     */
    public long lifetimeToAnnounce() {
        return lifetimeToAnnounce;
    }

    public void setLifetimeToAnnounce(long seconds) {
        this.lifetimeToAnnounce = seconds;
    }

    public Keymat keymat() {
        return keymat;
    }

    public IvManager ivs() {
        return ivs;
    }

    public boolean hasKeys() {
        return keymat != null && !keymat.isDestroyed();
    }

    public void setKeys(Keymat keymat, IvManager ivs) {
        if (this.keymat != null) {
            this.keymat.destroy();
        }
        this.keymat = keymat;
        this.ivs = ivs;
    }

    public Identity localId() {
        return localId;
    }

    public Identity remoteId() {
        return remoteId;
    }

    public void setIdentities(Identity local, Identity remote) {
        this.localId = local;
        this.remoteId = remote;
    }

    /** Counts a message that failed decryption or authentication; returns the new count. */
    /**
     * Records how the peer authenticated, for the audit trail.
     *
     * @param method            "psk", "rsa-sig", "ecdsa-256" ...
     * @param certificateSha256 the peer certificate's SHA-256 (lowercase hex), "" with PSK
     */
    public void setPeerAuthentication(String method, String certificateSha256) {
        authMethod = Objects.requireNonNull(method, "method");
        peerCertificateSha256 = Objects.requireNonNull(certificateSha256, "certificateSha256");
    }

    /** How the peer authenticated; "" before authentication. */
    public String authMethod() {
        return authMethod;
    }

    public String peerCertificateSha256() {
        return peerCertificateSha256;
    }

    public int integrityFailure() {
        return ++integrityFailures;
    }

    public TaskManager taskManager() {
        return taskManager;
    }

    public void setTaskManager(TaskManager taskManager) {
        this.taskManager = taskManager;
    }

    public List<ChildSa> children() {
        return children;
    }

    /**
     * This SA replaces an established one with the same peer (a phase 1 rekey): it must not
     * carry INITIAL-CONTACT (RFC 2407 section 4.6.3.3), which tells the peer to drop every
     * other SA with us, including the children the new SA is about to take over.
     */
    public boolean isReplacement() {
        return replacement;
    }

    public void setReplacement(boolean replacement) {
        this.replacement = replacement;
    }

    /** Marks the SA dead and wipes its keys. */
    public void destroy() {
        state = State.DEAD;
        if (keymat != null) {
            keymat.destroy();
        }
        ivs = null;
    }

    @Override
    public String toString() {
        return "IkeSa[" + id + " " + role + " " + state + " " + peerName() + " " + remote + "]";
    }
}
