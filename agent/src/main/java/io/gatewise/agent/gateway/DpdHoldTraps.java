package io.gatewise.agent.gateway;

import io.gatewise.agent.config.TunnelConfig;
import io.gatewise.agent.ike.config.DpdSettings;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DPD action HOLD for tunnels whose start action is RESPOND (strongSwan's
 * {@code dpd_action = trap}, which installs a trap policy once DPD gave up on the peer,
 * whatever the start action). START and ON_TRAFFIC tunnels always have their trap policies
 * ({@link TunnelPlan#traps()}); a RESPOND tunnel never initiates on its own, so its traps
 * exist only between these two moments:
 *
 * <pre>
 *   DPD declares the peer dead (action HOLD) ─► arm: trap policies installed, the next
 *                                               packet for the tunnel negotiates
 *   an ISAKMP SA with the peer is established ─► disarm: trap policies removed (either
 *                                               side initiated; RESPOND again)
 * </pre>
 *
 * A peer without a single address (a network of peers) cannot be initiated to: HOLD then
 * acts as CLEAR, which is logged once when the tunnel is configured. Thread-safe: events
 * come from the engine thread, configuration from the applier's.
 */
final class DpdHoldTraps {
    private static final Logger LOG = LoggerFactory.getLogger(DpdHoldTraps.class);

    /** Installs and removes a tunnel's trap policies in the datapath. */
    interface Policies {
        void install(TunnelPlan plan);

        void remove(TunnelPlan plan);
    }

    private final Policies policies;
    /** RESPOND tunnels with DPD action HOLD, by name. */
    private final Map<String, TunnelPlan> respondHold = new HashMap<>();
    private final Set<String> armed = new HashSet<>();

    DpdHoldTraps(Policies policies) {
        this.policies = policies;
    }

    /** Whether {@code plan} gets trap policies when DPD declares its peer dead (and only then). */
    static boolean trapsOnDeath(TunnelPlan plan) {
        return holdOnRespond(plan) && plan.peer().canInitiate();
    }

    private static boolean holdOnRespond(TunnelPlan plan) {
        DpdSettings dpd = plan.peer().dpd();
        return plan.startAction() == TunnelConfig.StartAction.RESPOND && dpd.enabled()
                && dpd.action() == DpdSettings.Action.HOLD;
    }

    /** A tunnel was added (or replaced by a changed configuration). */
    synchronized void configured(TunnelPlan plan) {
        forget(plan.name());
        if (!holdOnRespond(plan)) {
            return;
        }
        if (!plan.peer().canInitiate()) {
            LOG.info("tunnel {}: DPD action HOLD acts as CLEAR: the peer is a network ({}/{}), not one address, so "
                    + "traffic cannot start a negotiation with it", plan.name(),
                    plan.peer().remoteAddress().getHostAddress(), plan.peer().remotePrefixLength());
            return;
        }
        respondHold.put(plan.name(), plan);
    }

    /** A tunnel was removed: its armed traps go with it. */
    synchronized void removed(String tunnel) {
        forget(tunnel);
    }

    private void forget(String tunnel) {
        TunnelPlan old = respondHold.remove(tunnel);
        if (old != null && armed.remove(tunnel)) {
            policies.remove(old);
        }
    }

    /** DPD declared the tunnel's peer dead: arm the traps of a RESPOND tunnel with HOLD. */
    synchronized void peerDead(String tunnel) {
        TunnelPlan plan = respondHold.get(tunnel);
        if (plan == null || !armed.add(tunnel)) {
            return;
        }
        policies.install(plan);
        LOG.info("tunnel {} (start action RESPOND) lost its peer to DPD, action HOLD: trap armed, the next packet "
                + "for it starts a negotiation", tunnel);
    }

    /** An ISAKMP SA with the tunnel's peer is established: back to respond-only. */
    synchronized void peerUp(String tunnel) {
        TunnelPlan plan = respondHold.get(tunnel);
        if (plan == null || !armed.remove(tunnel)) {
            return;
        }
        policies.remove(plan);
        LOG.info("tunnel {} is up again: DPD HOLD trap disarmed, the tunnel only responds", tunnel);
    }

    /** Traffic on a trap of {@code tunnel} may initiate: always for START/ON_TRAFFIC, for RESPOND only when armed. */
    synchronized boolean mayInitiate(String tunnel) {
        return !respondHold.containsKey(tunnel) || armed.contains(tunnel);
    }

    synchronized boolean armed(String tunnel) {
        return armed.contains(tunnel);
    }
}
