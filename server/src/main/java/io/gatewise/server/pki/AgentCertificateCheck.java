package io.gatewise.server.pki;

import java.util.UUID;

/**
 * The verdict on a client certificate presented on the Connect stream.
 *
 * @param outcome   accepted, or why not
 * @param gatewayId the gateway the certificate belongs to, when accepted
 * @param serial    the certificate's serial in hex (also on refusals, for the log)
 * @param reason    plain-words reason on refusals
 */
public record AgentCertificateCheck(Outcome outcome, UUID gatewayId, String serial, String reason) {
    public enum Outcome {
        ACCEPTED,
        /** Not issued by this CA (other CA, bad signature, unknown serial, wrong purpose). */
        UNTRUSTED,
        /** Outside its validity period. */
        EXPIRED,
        /** Issued by us but revoked (gateway deleted or re-enrolled). */
        REVOKED
    }

    static AgentCertificateCheck accepted(UUID gatewayId, String serial) {
        return new AgentCertificateCheck(Outcome.ACCEPTED, gatewayId, serial, null);
    }

    static AgentCertificateCheck refused(Outcome outcome, String serial, String reason) {
        return new AgentCertificateCheck(outcome, null, serial, reason);
    }

    public boolean isAccepted() {
        return outcome == Outcome.ACCEPTED;
    }
}
