package io.gatewise.agent.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewise.agent.config.AgentConfig;
import io.gatewise.agent.config.ConfigRejectedException;
import io.gatewise.agent.config.TunnelActions;
import io.gatewise.agent.events.StatusSnapshot;
import io.gatewise.agent.control.StandaloneConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IkeConfigApplierTest {
    @TempDir
    Path tmp;

    /** Records what the applier asks of the runtime. */
    static final class Recording implements GatewayRuntime {
        final List<String> calls = new ArrayList<>();
        String failRoute;
        String failInterface;
        boolean closed;

        @Override
        public void addTunnel(TunnelPlan plan) {
            calls.add("add " + plan.name());
        }

        @Override
        public void removeTunnel(TunnelPlan plan) {
            calls.add("remove " + plan.name());
        }

        @Override
        public void addInterface(RouteInterface itf) throws IOException {
            if (itf.name().equals(failInterface)) {
                throw new IOException("cannot open TUN device " + itf.name() + ": Device or resource busy");
            }
            calls.add("if+ " + itf.name());
        }

        @Override
        public void removeInterface(RouteInterface itf) {
            calls.add("if- " + itf.name());
        }

        @Override
        public void addRoute(String cidr, Optional<RouteInterface> via) throws IOException {
            if (cidr.equals(failRoute)) {
                throw new IOException("RTNETLINK answers: File exists");
            }
            calls.add("route+ " + cidr + via.map(i -> " dev " + i.name()).orElse(""));
        }

        @Override
        public void removeRoute(String cidr, Optional<RouteInterface> via) {
            calls.add("route- " + cidr + via.map(i -> " dev " + i.name()).orElse(""));
        }

        @Override
        public TunnelActions.Outcome act(TunnelActions.Kind kind, String tunnel) {
            calls.add(kind + " " + tunnel);
            return TunnelActions.Outcome.done("did " + kind);
        }

        @Override
        public StatusSnapshot status() {
            return new StatusSnapshot(Instant.EPOCH, List.of(), List.of(new StatusSnapshot.ChildSaState("a", "net",
                    "c0000001", "c0000002", "installed", 1, 2, 3, 4, 5, 6, 0, 0, null, "aes")));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void actionsReachTheRuntimeOnlyForTunnelsOfTheRunningConfig() throws Exception {
        Recording rt = new Recording();
        IkeConfigApplier applier = new IkeConfigApplier(a -> rt, Optional.empty());
        assertThat(applier.clear("a")).isEqualTo(TunnelActions.Outcome.refused(
                "no tunnel named a in the running config (it has no tunnels)"));
        assertThat(applier.snapshot().childSas()).isEmpty();

        applier.apply(config(tunnel("a", "192.0.2.1", "10.1.0.0/24", "aes128-sha1")));
        rt.calls.clear();
        assertThat(applier.bringUp("a")).isEqualTo(TunnelActions.Outcome.done("did BRING_UP"));
        assertThat(applier.run(TunnelActions.Kind.RESET, "a").ok()).isTrue();
        assertThat(applier.clear("a").ok()).isTrue();
        assertThat(applier.rekey("a").ok()).isTrue();
        assertThat(applier.bringUp("zz")).isEqualTo(TunnelActions.Outcome.refused(
                "no tunnel named zz in the running config"));
        assertThat(rt.calls).containsExactly("BRING_UP a", "RESET a", "CLEAR a", "REKEY a");
        assertThat(applier.snapshot().childSas()).extracting(StatusSnapshot.ChildSaState::spiIn)
                .containsExactly("c0000001");
    }

    private static String tunnel(String name, String remote, String remoteTs, String esp) {
        return """
                {"name": "%s", "remoteAddress": "%s", "ike": {"proposals": ["aes128-sha1-modp2048"]},
                 "ipsec": {"proposals": ["%s"]},
                 "children": [{"name": "net", "localSelectors": ["10.2.0.0/24"], "remoteSelectors": ["%s"]}],
                 "auth": {"method": "AUTH_METHOD_PSK", "preSharedKey": "k"}}
                """.formatted(name, remote, esp, remoteTs);
    }

    private static String routed(String name, String remote, String route) {
        return """
                {"name": "%s", "remoteAddress": "%s", "ike": {"proposals": ["aes128-sha1-modp2048"]},
                 "ipsec": {"proposals": ["aes128-sha1"]}, "vpnType": "VPN_TYPE_ROUTE_BASED", "routes": ["%s"],
                 "children": [{"name": "any", "localSelectors": ["0.0.0.0/0"], "remoteSelectors": ["0.0.0.0/0"]}],
                 "auth": {"method": "AUTH_METHOD_PSK", "preSharedKey": "k"}}
                """.formatted(name, remote, route);
    }

    private AgentConfig config(String... tunnels) throws Exception {
        Path f = tmp.resolve("c" + System.nanoTime() + ".json");
        Files.writeString(f, "{\"localAddress\": \"192.0.2.2\", \"tunnels\": [" + String.join(",", tunnels) + "]}");
        return StandaloneConfig.load(f);
    }

    @Test
    void diffsByTunnelNameAndLeavesUnchangedTunnelsAlone() throws Exception {
        Recording rt = new Recording();
        List<InetAddress> openedOn = new ArrayList<>();
        IkeConfigApplier applier = new IkeConfigApplier(a -> {
            openedOn.add(a);
            return rt;
        }, Optional.empty());
        applier.apply(config(tunnel("a", "192.0.2.1", "10.1.0.0/24", "aes128-sha1"),
                tunnel("b", "192.0.2.3", "10.3.0.0/24", "aes128-sha1")));
        assertThat(openedOn).extracting(InetAddress::getHostAddress).containsExactly("192.0.2.2");
        assertThat(rt.calls).containsExactly("route+ 10.1.0.0/24", "route+ 10.3.0.0/24", "add a", "add b");

        rt.calls.clear();
        applier.apply(config(tunnel("a", "192.0.2.1", "10.1.0.0/24", "aes128-sha1"),
                tunnel("b", "192.0.2.3", "10.3.0.0/24", "aes256gcm16"),
                tunnel("c", "192.0.2.4", "10.4.0.0/24", "aes128-sha1")));
        assertThat(rt.calls).containsExactly("route+ 10.4.0.0/24", "remove b", "add b", "add c");

        rt.calls.clear();
        applier.apply(config(tunnel("c", "192.0.2.4", "10.4.0.0/24", "aes128-sha1")));
        assertThat(rt.calls).containsExactly("remove a", "remove b", "route- 10.1.0.0/24", "route- 10.3.0.0/24");
        assertThat(applier.tunnels()).containsExactly("c");
        assertThat(openedOn).hasSize(1);
        applier.close();
        assertThat(rt.closed).isTrue();
    }

    @Test
    void aBadTunnelOrAFailingRouteRejectsTheWholeConfigAndChangesNothing() throws Exception {
        Recording rt = new Recording();
        IkeConfigApplier applier = new IkeConfigApplier(a -> rt, Optional.empty());
        applier.apply(config(tunnel("a", "192.0.2.1", "10.1.0.0/24", "aes128-sha1")));
        rt.calls.clear();

        assertThatThrownBy(() -> applier.apply(config(tunnel("a", "192.0.2.1", "10.1.0.0/24", "aes128-sha1"),
                tunnel("b", "192.0.2.3", "10.3.0.0/24", "aes128-sha1")
                        .replace("\"ipsec\": {", "\"ipsec\": {\"mode\": \"ENCAPSULATION_MODE_TRANSPORT\", "))))
                .isInstanceOf(ConfigRejectedException.class).hasMessageContaining("tunnel b: transport mode");
        assertThat(rt.calls).isEmpty();

        // a prefix can be routed into one device only
        assertThatThrownBy(() -> applier.apply(config(routed("r1", "192.0.2.3", "10.8.0.0/16"),
                routed("r2", "192.0.2.4", "10.8.0.0/16"))))
                .hasMessageContaining("tunnels r1 and r2 both route 10.8.0.0/16 (into " + dev("r1") + " and "
                        + dev("r2") + ")");
        assertThatThrownBy(() -> applier.apply(config(tunnel("a", "192.0.2.1", "10.1.0.0/24", "aes128-sha1"),
                routed("r1", "192.0.2.3", "10.1.0.0/24"))))
                .hasMessageContaining("tunnels a and r1 both route 10.1.0.0/24 (into the shared TUN device and "
                        + dev("r1") + ")");
        assertThat(rt.calls).isEmpty();

        rt.failInterface = dev("r2");
        assertThatThrownBy(() -> applier.apply(config(tunnel("a", "192.0.2.1", "10.1.0.0/24", "aes128-sha1"),
                routed("r1", "192.0.2.3", "10.8.0.0/16"), routed("r2", "192.0.2.4", "10.9.0.0/16"))))
                .hasMessageContaining("cannot open TUN device " + dev("r2"));
        assertThat(rt.calls).containsExactly("if+ " + dev("r1"), "if- " + dev("r1"));
        rt.calls.clear();
        rt.failInterface = null;

        rt.failRoute = "10.5.0.0/24";
        assertThatThrownBy(() -> applier.apply(config(tunnel("a", "192.0.2.1", "10.1.0.0/24", "aes128-sha1"),
                tunnel("d", "192.0.2.3", "10.4.0.0/24", "aes128-sha1"),
                tunnel("e", "192.0.2.5", "10.5.0.0/24", "aes128-sha1"))))
                .hasMessageContaining("cannot route 10.5.0.0/24 into the tunnel device: RTNETLINK answers");
        assertThat(rt.calls).containsExactly("route+ 10.4.0.0/24", "route- 10.4.0.0/24");
        assertThat(applier.tunnels()).containsExactly("a");
    }

    private static String dev(String tunnel) {
        return RouteInterface.forTunnel(tunnel).name();
    }

    @Test
    void eachRouteBasedTunnelGetsItsOwnInterfaceAndAddingOrRemovingOneTouchesNothingElse() throws Exception {
        Recording rt = new Recording();
        IkeConfigApplier applier = new IkeConfigApplier(a -> rt, Optional.empty());
        applier.apply(config(tunnel("a", "192.0.2.1", "10.1.0.0/24", "aes128-sha1"),
                routed("spoke1", "192.0.2.11", "10.11.0.0/24"), routed("spoke2", "192.0.2.12", "10.12.0.0/24")));
        assertThat(rt.calls).containsExactly("if+ " + dev("spoke1"), "if+ " + dev("spoke2"), "route+ 10.1.0.0/24",
                "route+ 10.11.0.0/24 dev " + dev("spoke1"), "route+ 10.12.0.0/24 dev " + dev("spoke2"),
                "add a", "add spoke1", "add spoke2");

        rt.calls.clear();
        applier.apply(config(tunnel("a", "192.0.2.1", "10.1.0.0/24", "aes128-sha1"),
                routed("spoke1", "192.0.2.11", "10.11.0.0/24"), routed("spoke2", "192.0.2.12", "10.12.0.0/24"),
                routed("spoke3", "192.0.2.13", "10.13.0.0/24")));
        assertThat(rt.calls).containsExactly("if+ " + dev("spoke3"), "route+ 10.13.0.0/24 dev " + dev("spoke3"),
                "add spoke3");

        // a changed route-based tunnel keeps its interface and routes: only its SAs renegotiate
        rt.calls.clear();
        applier.apply(config(tunnel("a", "192.0.2.1", "10.1.0.0/24", "aes128-sha1"),
                routed("spoke1", "192.0.2.11", "10.11.0.0/24"),
                routed("spoke2", "192.0.2.12", "10.12.0.0/24").replace("aes128-sha1\"]", "aes256-sha256\"]"),
                routed("spoke3", "192.0.2.13", "10.13.0.0/24")));
        assertThat(rt.calls).containsExactly("remove spoke2", "add spoke2");

        rt.calls.clear();
        applier.apply(config(tunnel("a", "192.0.2.1", "10.1.0.0/24", "aes128-sha1"),
                routed("spoke1", "192.0.2.11", "10.11.0.0/24"), routed("spoke3", "192.0.2.13", "10.13.0.0/24")));
        assertThat(rt.calls).containsExactly("remove spoke2", "route- 10.12.0.0/24 dev " + dev("spoke2"),
                "if- " + dev("spoke2"));

        applier.close();
        assertThat(rt.closed).isTrue();
    }

    @Test
    void aRouteBasedTunnelsChildrenAreBoundToItsInterface() throws Exception {
        TunnelPlan routed = TunnelTranslator.translate(config(routed("spoke1", "192.0.2.11", "10.11.0.0/24"))
                .tunnels().get(0), InetAddress.getByName("192.0.2.2"));
        assertThat(routed.routeInterface()).contains(RouteInterface.forTunnel("spoke1"));
        assertThat(routed.children()).extracting(io.gatewise.agent.ike.config.ChildConfig::interfaceId)
                .containsOnly(RouteInterface.forTunnel("spoke1").id());
        TunnelPlan policy = TunnelTranslator.translate(config(tunnel("a", "192.0.2.1", "10.1.0.0/24",
                "aes128-sha1")).tunnels().get(0), InetAddress.getByName("192.0.2.2"));
        assertThat(policy.routeInterface()).isEmpty();
        assertThat(policy.children()).extracting(io.gatewise.agent.ike.config.ChildConfig::interfaceId)
                .containsOnly(io.gatewise.agent.ipsec.SaSpec.MAIN_INTERFACE);
    }

    @Test
    void withoutRootTheReasonIsOneLine() throws Exception {
        IkeConfigApplier applier = new IkeConfigApplier(a -> {
            throw new IOException("cannot open TUN device gw0 (run as root or with CAP_NET_ADMIN): Operation not permitted");
        }, Optional.empty());
        assertThatThrownBy(() -> applier.apply(config(tunnel("a", "192.0.2.1", "10.1.0.0/24", "aes128-sha1"))))
                .isInstanceOf(GatewayStartException.class)
                .hasMessage("cannot open TUN device gw0 (run as root or with CAP_NET_ADMIN): Operation not permitted");
    }

    @Test
    void theLocalAddressComesFromTheOptionOrTheConfigAndCannotMove() throws Exception {
        Recording rt = new Recording();
        IkeConfigApplier applier = new IkeConfigApplier(a -> rt, Optional.empty());
        Path f = tmp.resolve("nolocal.json");
        Files.writeString(f, "{\"tunnels\": [" + tunnel("a", "192.0.2.1", "10.1.0.0/24", "aes128-sha1") + "]}");
        assertThatThrownBy(() -> applier.apply(StandaloneConfig.load(f)))
                .hasMessageContaining("no local address: set localAddress in the config or start the agent with"
                        + " --local-address");
        IkeConfigApplier withOption = new IkeConfigApplier(a -> rt, Optional.of(InetAddress.getByName("192.0.2.2")));
        withOption.apply(StandaloneConfig.load(f));
        assertThat(rt.calls).contains("add a");
    }
}
