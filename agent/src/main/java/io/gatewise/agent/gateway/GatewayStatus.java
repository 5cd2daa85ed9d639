package io.gatewise.agent.gateway;

import io.gatewise.agent.events.StatusSnapshot;
import io.gatewise.agent.ike.IkeEngine;
import io.gatewise.agent.ike.IkeSaInfo;
import io.gatewise.agent.ike.sa.ChildSa;
import io.gatewise.agent.ipsec.IpsecBackend;
import io.gatewise.agent.ipsec.SaCounters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The periodic status report's content: the engine's IKE and IPsec SAs with the
 * datapath's counters of each SA (inbound counters are "in", outbound "out"). Runs on the
 * engine thread, so the SA list is consistent.
 */
final class GatewayStatus {
    private GatewayStatus() {
    }

    /**
     * @param nowMillis the engine clock (the one {@link ChildSa#installedAtMillis()} uses)
     */
    static StatusSnapshot snapshot(IkeEngine engine, IpsecBackend backend, long nowMillis, Instant wallClock) {
        List<StatusSnapshot.IkeSaState> ikes = new ArrayList<>();
        List<StatusSnapshot.ChildSaState> children = new ArrayList<>();
        for (IkeSaInfo sa : engine.ikeSas()) {
            if (sa.peer() == null || sa.state().equals("DEAD")) {
                continue;
            }
            int sep = sa.ikeSa().indexOf('_');
            String icookie = sep < 0 ? sa.ikeSa() : sa.ikeSa().substring(0, sep);
            String rcookie = sep < 0 ? "" : sa.ikeSa().substring(sep + 1);
            ikes.add(new StatusSnapshot.IkeSaState(sa.peer(), icookie, rcookie,
                    sa.state().equals("ESTABLISHED") ? "established" : "connecting", endpoint(sa.remote()), 0, 0));
            for (ChildSa c : sa.children()) {
                SaCounters in = backend.querySa(c.inboundId()).orElse(new SaCounters(0, 0, 0, 0, 0, 0));
                SaCounters out = backend.querySa(c.outboundId()).orElse(new SaCounters(0, 0, 0, 0, 0, 0));
                long age = Math.max(0, (nowMillis - c.installedAtMillis()) / 1000);
                long last = Math.max(in.lastPacketEpochMillis(), out.lastPacketEpochMillis());
                children.add(new StatusSnapshot.ChildSaState(sa.peer(), c.name(), ChildSa.spiHex(c.spiIn()),
                        ChildSa.spiHex(c.spiOut()), "installed", age,
                        c.lifetimeSeconds() == 0 ? 0 : Math.max(0, c.lifetimeSeconds() - age), in.bytes(), out.bytes(),
                        in.packets(), out.packets(), in.replayDrops(), in.authFailures(),
                        last == 0 ? null : Instant.ofEpochMilli(last), proposal(c)));
            }
        }
        return new StatusSnapshot(wallClock, ikes, children);
    }

    /** "aes_cbc_128/hmac_sha2_256_128", "aes_gcm_16_128". */
    private static String proposal(ChildSa c) {
        String enc = c.encryption() == null ? "" : c.encryption().name().toLowerCase(Locale.ROOT);
        return c.integrity() == null ? enc : enc + "/" + c.integrity().name().toLowerCase(Locale.ROOT);
    }

    /** "/192.0.2.1:4500" (InetSocketAddress text) → "192.0.2.1:4500". */
    private static String endpoint(String socketAddress) {
        int slash = socketAddress.indexOf('/');
        return slash < 0 ? socketAddress : socketAddress.substring(slash + 1);
    }
}
