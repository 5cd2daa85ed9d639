package io.gatewise.agent.events;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One negotiation step or SA life-cycle change, as the IKE engine reports it. The
 * per-gateway event id is assigned by the sink, not here.
 *
 * <pre>{@code
 *   sink.report(TunnelEvent.builder(SaEventKind.PHASE1_FAILED, "branch-7")
 *           .peerEndpoint("192.0.2.7:500").role(SaRole.INITIATOR).stage("main_mode")
 *           .cookies(icookieHex, rcookieHex)
 *           .failure(new NegotiationFailure("NO-PROPOSAL-CHOSEN", false, offered, List.of(),
 *                   "peer accepted none of our 2 proposals"))
 *           .build());
 * }</pre>
 *
 * @param at when it happened on the gateway
 * @param tunnel configured tunnel name; empty when the peer matched none
 * @param child child SA name for Quick Mode and IPsec SA events, else empty
 * @param peerEndpoint peer's IKE endpoint "address:port"
 * @param stage "main_mode", "aggressive_mode", "quick_mode", "informational", "dpd", "phase1_auth" ...
 * @param initiatorCookie 16 lowercase hex digits (RFC 2408 section 3.1); empty when not yet known
 * @param responderCookie likewise
 */
public record TunnelEvent(SaEventKind kind, Instant at, String tunnel, String child, String peerEndpoint,
        SaRole role, String stage, String initiatorCookie, String responderCookie, Optional<NegotiatedSa> negotiated,
        Optional<NegotiationFailure> failure, Optional<SaDeletion> deletion) {

    public TunnelEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(tunnel, "tunnel");
        Objects.requireNonNull(child, "child");
        Objects.requireNonNull(peerEndpoint, "peerEndpoint");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(initiatorCookie, "initiatorCookie");
        Objects.requireNonNull(responderCookie, "responderCookie");
        Objects.requireNonNull(negotiated, "negotiated");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(deletion, "deletion");
    }

    public static Builder builder(SaEventKind kind, String tunnel) {
        return new Builder(kind, tunnel);
    }

    /** Fills the optional parts; {@code at} defaults to now. */
    public static final class Builder {
        private final SaEventKind kind;
        private final String tunnel;
        private Instant at;
        private String child = "";
        private String peerEndpoint = "";
        private SaRole role = SaRole.UNKNOWN;
        private String stage = "";
        private String initiatorCookie = "";
        private String responderCookie = "";
        private NegotiatedSa negotiated;
        private NegotiationFailure failure;
        private SaDeletion deletion;

        private Builder(SaEventKind kind, String tunnel) {
            this.kind = Objects.requireNonNull(kind, "kind");
            this.tunnel = Objects.requireNonNull(tunnel, "tunnel");
        }

        public Builder at(Instant when) {
            this.at = when;
            return this;
        }

        public Builder child(String name) {
            this.child = name;
            return this;
        }

        public Builder peerEndpoint(String endpoint) {
            this.peerEndpoint = endpoint;
            return this;
        }

        public Builder role(SaRole r) {
            this.role = r;
            return this;
        }

        public Builder stage(String s) {
            this.stage = s;
            return this;
        }

        public Builder cookies(String initiator, String responder) {
            this.initiatorCookie = initiator;
            this.responderCookie = responder;
            return this;
        }

        public Builder negotiated(NegotiatedSa n) {
            this.negotiated = n;
            return this;
        }

        public Builder failure(NegotiationFailure f) {
            this.failure = f;
            return this;
        }

        public Builder deletion(SaDeletion d) {
            this.deletion = d;
            return this;
        }

        public TunnelEvent build() {
            return new TunnelEvent(kind, at == null ? Instant.now() : at, tunnel, child, peerEndpoint, role, stage,
                    initiatorCookie, responderCookie, Optional.ofNullable(negotiated), Optional.ofNullable(failure),
                    Optional.ofNullable(deletion));
        }
    }
}
