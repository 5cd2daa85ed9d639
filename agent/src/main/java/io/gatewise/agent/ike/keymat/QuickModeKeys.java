package io.gatewise.agent.ike.keymat;

/**
 * The two IPsec SAs a Quick Mode creates for one proposal, named by traffic direction
 * between the Quick Mode initiator and responder (roles of this Quick Mode, which need not
 * match the Phase 1 roles).
 */
public final class QuickModeKeys {

    private final SaKeys initiatorToResponder;
    private final SaKeys responderToInitiator;

    QuickModeKeys(SaKeys initiatorToResponder, SaKeys responderToInitiator) {
        this.initiatorToResponder = initiatorToResponder;
        this.responderToInitiator = responderToInitiator;
    }

    /** Protects initiator to responder traffic; its SPI is the one the responder chose. */
    public SaKeys initiatorToResponder() {
        return initiatorToResponder;
    }

    /** Protects responder to initiator traffic; its SPI is the one the initiator chose. */
    public SaKeys responderToInitiator() {
        return responderToInitiator;
    }

    /** The SA we decrypt with. */
    public SaKeys inbound(boolean weInitiated) {
        return weInitiated ? responderToInitiator : initiatorToResponder;
    }

    /** The SA we encrypt with. */
    public SaKeys outbound(boolean weInitiated) {
        return weInitiated ? initiatorToResponder : responderToInitiator;
    }

    /** Zeroes the keys of both SAs. */
    public void destroy() {
        initiatorToResponder.destroy();
        responderToInitiator.destroy();
    }

    @Override
    public String toString() {
        return "QuickModeKeys[i->r " + initiatorToResponder + ", r->i " + responderToInitiator + "]";
    }
}
