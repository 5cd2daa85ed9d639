package io.gatewise.agent.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewise.agent.config.AgentConfig;
import io.gatewise.agent.control.ConfigMapper;
import io.gatewise.proto.v1.AuthMethod;
import io.gatewise.proto.v1.Authentication;
import io.gatewise.proto.v1.ChildSa;
import io.gatewise.proto.v1.DpdAction;
import io.gatewise.proto.v1.GatewayConfig;
import io.gatewise.proto.v1.IkeSettings;
import io.gatewise.proto.v1.IpsecSettings;
import io.gatewise.proto.v1.StartAction;
import io.gatewise.proto.v1.Tunnel;
import io.gatewise.proto.v1.VpnType;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gating of DPD action HOLD for RESPOND tunnels: when traps exist, when traffic may initiate. */
class DpdHoldTrapsTest {
    private static final InetAddress LOCAL = address("192.0.2.2");

    private final List<String> calls = new ArrayList<>();
    private final DpdHoldTraps holdTraps = new DpdHoldTraps(new DpdHoldTraps.Policies() {
        @Override
        public void install(TunnelPlan plan) {
            calls.add("install " + plan.name());
        }

        @Override
        public void remove(TunnelPlan plan) {
            calls.add("remove " + plan.name());
        }
    });

    private static InetAddress address(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TunnelPlan plan(String name, String remote, StartAction start, DpdAction action) throws Exception {
        Tunnel t = Tunnel.newBuilder().setName(name).setRemoteAddress(remote)
                .setIke(IkeSettings.newBuilder().addProposals("aes128-sha1-modp2048").setLifetimeSeconds(7_200)
                        .setDpdDelaySeconds(2).setDpdTimeoutSeconds(6).setDpdAction(action))
                .setIpsec(IpsecSettings.newBuilder().addProposals("aes128-sha1-modp2048").setLifetimeSeconds(1_200))
                .addChildren(ChildSa.newBuilder().setName("net").addLocalSelectors("10.2.0.0/24")
                        .addRemoteSelectors("10.1.0.0/24"))
                .setAuth(Authentication.newBuilder().setMethod(AuthMethod.AUTH_METHOD_PSK).setPreSharedKey("k"))
                .setStartAction(start).setVpnType(VpnType.VPN_TYPE_POLICY_BASED).build();
        AgentConfig c = ConfigMapper.toValidDomain(GatewayConfig.newBuilder().setLocalAddress("192.0.2.2")
                .addTunnels(t).build());
        return TunnelTranslator.translate(c.tunnels().get(0), LOCAL);
    }

    @Test
    void respondTunnelWithHoldGetsItsTrapOnlyWhileThePeerIsDead() throws Exception {
        TunnelPlan plan = plan("t", "192.0.2.1", StartAction.START_ACTION_RESPOND, DpdAction.DPD_ACTION_HOLD);
        assertThat(plan.traps()).as("no permanent traps for RESPOND").isFalse();
        assertThat(DpdHoldTraps.trapsOnDeath(plan)).isTrue();
        holdTraps.configured(plan);
        assertThat(calls).as("nothing before a DPD timeout").isEmpty();
        assertThat(holdTraps.mayInitiate("t")).as("a RESPOND tunnel never initiates on traffic").isFalse();

        holdTraps.peerDead("t");
        assertThat(calls).containsExactly("install t");
        assertThat(holdTraps.mayInitiate("t")).isTrue();
        holdTraps.peerDead("t");
        assertThat(calls).as("armed once").containsExactly("install t");

        holdTraps.peerUp("t");
        assertThat(calls).containsExactly("install t", "remove t");
        assertThat(holdTraps.mayInitiate("t")).as("responds only again").isFalse();
        holdTraps.peerUp("t");
        assertThat(calls).as("an SA while disarmed changes nothing").hasSize(2);
    }

    @Test
    void removingOrReconfiguringAnArmedTunnelTakesItsTrapAway() throws Exception {
        TunnelPlan plan = plan("t", "192.0.2.1", StartAction.START_ACTION_RESPOND, DpdAction.DPD_ACTION_HOLD);
        holdTraps.configured(plan);
        holdTraps.peerDead("t");
        holdTraps.removed("t");
        assertThat(calls).containsExactly("install t", "remove t");
        assertThat(holdTraps.armed("t")).isFalse();

        holdTraps.configured(plan);
        holdTraps.peerDead("t");
        TunnelPlan started = plan("t", "192.0.2.1", StartAction.START_ACTION_START, DpdAction.DPD_ACTION_HOLD);
        holdTraps.configured(started);
        assertThat(calls).containsExactly("install t", "remove t", "install t", "remove t");
        assertThat(holdTraps.mayInitiate("t")).as("START tunnels initiate on traffic as before").isTrue();
        holdTraps.peerDead("t");
        assertThat(calls).as("START keeps its own permanent traps").hasSize(4);
    }

    @Test
    void otherActionsStartActionsAndNetworkPeersNeverArm() throws Exception {
        for (TunnelPlan p : List.of(
                plan("clear", "192.0.2.1", StartAction.START_ACTION_RESPOND, DpdAction.DPD_ACTION_CLEAR),
                plan("restart", "192.0.2.1", StartAction.START_ACTION_RESPOND, DpdAction.DPD_ACTION_RESTART),
                plan("onTraffic", "192.0.2.1", StartAction.START_ACTION_ON_TRAFFIC, DpdAction.DPD_ACTION_HOLD),
                plan("network", "192.0.2.0/24", StartAction.START_ACTION_RESPOND, DpdAction.DPD_ACTION_HOLD))) {
            assertThat(DpdHoldTraps.trapsOnDeath(p)).as(p.name()).isFalse();
            holdTraps.configured(p);
            holdTraps.peerDead(p.name());
        }
        assertThat(calls).isEmpty();
    }
}
