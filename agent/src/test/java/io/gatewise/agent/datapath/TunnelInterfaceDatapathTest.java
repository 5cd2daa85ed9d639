package io.gatewise.agent.datapath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gatewise.agent.ipsec.EncryptionAlgorithm;
import io.gatewise.agent.ipsec.IpsecProtocol;
import io.gatewise.agent.ipsec.PolicySpec;
import io.gatewise.agent.ipsec.SaId;
import io.gatewise.agent.ipsec.SaSpec;
import io.gatewise.agent.net.InMemoryTun;
import io.gatewise.agent.net.InMemoryUdpNetwork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A hub with two route-based tunnels, each on its own tunnel interface (ids 7 and 9) with
 * 0.0.0.0/0 selectors, to two spokes, over an in-memory wire: what is routed into one
 * interface leaves only through that tunnel's SA, what that SA decrypts comes out of that
 * interface only, the shared TUN device sees neither, and removing one interface leaves
 * the other working.
 */
class TunnelInterfaceDatapathTest {
    private static final int HUB = 0xc6336401; // 198.51.100.1
    private static final int SPOKE1 = 0xc6336402;
    private static final int SPOKE2 = 0xc6336403;
    private static final int IF1 = 7;
    private static final int IF2 = 9;
    private final InMemoryUdpNetwork wire = new InMemoryUdpNetwork();
    private final InMemoryTun hubMain = new InMemoryTun("gw0", false);
    private final InMemoryTun hubIf1 = new InMemoryTun("gwr1", false);
    private final InMemoryTun hubIf2 = new InMemoryTun("gwr2", false);
    private final InMemoryTun spoke1Tun = new InMemoryTun("s1", false);
    private final InMemoryTun spoke2Tun = new InMemoryTun("s2", false);
    private final List<UserspaceIpsecBackend> backends = new ArrayList<>();
    private final DatapathConfig config = DatapathConfig.defaults().withPipelines(1);

    /** Hub side of tunnel k: 0/0 both ways. */
    private static StaticSas.Side hubSide(String spoke, int spi) {
        return new StaticSas.Side("198.51.100.1", spoke, spi, spi + 1, "0.0.0.0/0", "0.0.0.0/0", IpsecProtocol.ESP,
                SaSpec.Mode.TUNNEL, true, EncryptionAlgorithm.AES_GCM_16_128, null);
    }

    private UserspaceIpsecBackend backend(InMemoryTun tun, int address) {
        UserspaceIpsecBackend b = new UserspaceIpsecBackend(config, tun, wire.bind(address, 4500), null, null);
        backends.add(b);
        return b;
    }

    @AfterEach
    void stop() {
        backends.forEach(UserspaceIpsecBackend::close);
    }

    @Test
    void eachInterfaceIsProtectedByItsOwnTunnelOnlyAndRemovingOneLeavesTheOther() throws Exception {
        UserspaceIpsecBackend hub = backend(hubMain, HUB);
        hub.addInterface(IF1, hubIf1);         // before start: its pipeline starts with the others
        hub.start();
        hub.addInterface(IF2, hubIf2);         // while running
        assertThat(hub.interfaceName(IF2)).contains("gwr2");
        StaticSas.install(hub, hubSide("198.51.100.2", 0x1100), IF1);
        StaticSas.install(hub, hubSide("198.51.100.3", 0x2200), IF2);
        UserspaceIpsecBackend s1 = backend(spoke1Tun, SPOKE1);
        StaticSas.install(s1, hubSide("198.51.100.2", 0x1100).mirrored());
        s1.start();
        UserspaceIpsecBackend s2 = backend(spoke2Tun, SPOKE2);
        StaticSas.install(s2, hubSide("198.51.100.3", 0x2200).mirrored());
        s2.start();

        byte[] toSpoke1 = InMemoryDatapathTest.udpPacket("10.0.0.1", "10.1.0.1", 100);
        hubIf1.inject(toSpoke1);
        assertThat(spoke1Tun.take(5, TimeUnit.SECONDS)).isEqualTo(toSpoke1);
        byte[] toSpoke2 = InMemoryDatapathTest.udpPacket("10.0.0.1", "10.2.0.1", 100);
        hubIf2.inject(toSpoke2);
        assertThat(spoke2Tun.take(5, TimeUnit.SECONDS)).isEqualTo(toSpoke2);

        // the shared device has no policy: the route-based 0/0 policies never catch its traffic
        hubMain.inject(InMemoryDatapathTest.udpPacket("10.0.0.1", "10.1.0.1", 100));
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.counters().noPolicy.get() == 1);

        // inbound: what tunnel k's SA decrypts comes out of interface k, nowhere else
        byte[] fromSpoke1 = InMemoryDatapathTest.udpPacket("10.1.0.1", "10.0.0.1", 60);
        spoke1Tun.inject(fromSpoke1);
        assertThat(hubIf1.take(5, TimeUnit.SECONDS)).isEqualTo(fromSpoke1);
        byte[] fromSpoke2 = InMemoryDatapathTest.udpPacket("10.2.0.1", "10.0.0.1", 60);
        spoke2Tun.inject(fromSpoke2);
        assertThat(hubIf2.take(5, TimeUnit.SECONDS)).isEqualTo(fromSpoke2);
        assertThat(hubMain.delivered()).isZero();
        assertThat(hubIf1.delivered()).isZero();
        assertThat(spoke2Tun.delivered()).isZero();
        assertThat(spoke1Tun.delivered()).isZero();

        assertThat(hub.removeInterface(IF2)).isTrue();
        assertThat(hub.removeInterface(IF2)).isFalse();
        assertThat(hub.interfaceName(IF2)).isEmpty();
        // the SA outlives its interface until IKE deletes it: what it decrypts is dropped and counted
        spoke2Tun.inject(fromSpoke2);
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.counters().noInterface.get() == 1);
        // the other tunnel is untouched
        for (int i = 0; i < 20; i++) {
            spoke1Tun.inject(fromSpoke1);
            assertThat(hubIf1.take(5, TimeUnit.SECONDS)).isEqualTo(fromSpoke1);
            hubIf1.inject(toSpoke1);
            assertThat(spoke1Tun.take(5, TimeUnit.SECONDS)).isEqualTo(toSpoke1);
        }
        assertThat(hubMain.delivered()).isZero();
    }

    @Test
    void aPolicyOrSaForAnUnknownInterfaceIsRefusedAndAPolicyMovesBetweenInterfaces() {
        UserspaceIpsecBackend hub = backend(hubMain, HUB);
        hub.start();
        assertThatThrownBy(() -> StaticSas.install(hub, hubSide("198.51.100.2", 0x1100), IF1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no tunnel interface with id 7");
        assertThatThrownBy(() -> hub.addInterface(0, hubIf1)).isInstanceOf(IllegalArgumentException.class);
        hub.addInterface(IF1, hubIf1);
        assertThatThrownBy(() -> hub.addInterface(IF1, hubIf2)).hasMessageContaining("in use");

        SaId out = new SaId(0x1100, IpsecProtocol.ESP, StaticSas.ip("198.51.100.2"));
        SaId in = new SaId(0x1101, IpsecProtocol.ESP, StaticSas.ip("198.51.100.1"));
        List<io.gatewise.agent.ipsec.TrafficSelector> any = List.of(StaticSas.cidr("0.0.0.0/0"));
        hub.addPolicy(new PolicySpec("p", any, any, out, in, 0, IF1));
        hub.addPolicy(new PolicySpec("p", any, any, out, in, 0)); // replaced: now on the shared device only
        hubIf1.inject(InMemoryDatapathTest.udpPacket("10.0.0.1", "10.1.0.1", 10));
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.counters().noPolicy.get() == 1);
    }
}
