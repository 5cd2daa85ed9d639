package io.gatewise.server.config;

import java.util.List;
import java.util.UUID;

/**
 * What the change log keeps of a tunnel: everything but the pre-shared key, of which
 * only "set" and "changed by this edit" are recorded.
 */
record TunnelSnapshot(UUID gatewayId, String name, long configVersion, String remoteAddress, List<String> localSubnets,
                      List<String> remoteSubnets, List<String> ikeProposals, List<String> espProposals,
                      boolean pskSet, Boolean pskChanged) {
    static TunnelSnapshot of(UUID gatewayId, TunnelSpec t, long version) {
        return new TunnelSnapshot(gatewayId, t.name(), version, t.remoteAddress(), t.localSubnets(), t.remoteSubnets(),
                t.ikeProposals(), t.espProposals(), !t.psk().isEmpty(), null);
    }

    static TunnelSnapshot of(UUID gatewayId, TunnelSpec t, long version, boolean pskChanged) {
        return new TunnelSnapshot(gatewayId, t.name(), version, t.remoteAddress(), t.localSubnets(), t.remoteSubnets(),
                t.ikeProposals(), t.espProposals(), !t.psk().isEmpty(), pskChanged);
    }
}
