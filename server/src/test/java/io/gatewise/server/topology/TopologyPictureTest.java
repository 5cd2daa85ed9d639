package io.gatewise.server.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.gatewise.server.status.TunnelState;
import io.gatewise.server.topology.compiler.LinkKey;

/** The circle layout and how two ends' live states fold into one edge colour. */
class TopologyPictureTest {
    @Test
    void oneHubSitsInTheCentreAndTheOthersOnTheCircleFromTwelveOClock() {
        List<TopologyPicture.Node> nodes = TopologyPicture.layout(List.of(new TopologyPicture.Endpoint("hub", true, false),
                new TopologyPicture.Endpoint("a", false, false), new TopologyPicture.Endpoint("b", false, false),
                new TopologyPicture.Endpoint("c", false, false), new TopologyPicture.Endpoint("d", false, true)));
        assertThat(nodes).extracting(TopologyPicture.Node::name).containsExactly("hub", "a", "b", "c", "d");
        assertThat(nodes.get(0).x()).isEqualTo(320.0);
        assertThat(nodes.get(0).y()).isEqualTo(230.0);
        assertThat(nodes.get(1).x()).isEqualTo(320.0); // 12 o'clock
        assertThat(nodes.get(1).y()).isEqualTo(65.0);
        assertThat(nodes.get(2).x()).isEqualTo(485.0); // 3 o'clock, label to the right
        assertThat(nodes.get(2).labelAnchor()).isEqualTo("start");
        assertThat(nodes.get(4).labelAnchor()).isEqualTo("end");
        assertThat(nodes.get(4).external()).isTrue();
        for (TopologyPicture.Node n : nodes) {
            assertThat(n.x()).isBetween(0.0, (double) TopologyPicture.WIDTH);
            assertThat(n.y()).isBetween(0.0, (double) TopologyPicture.HEIGHT);
        }
    }

    @Test
    void severalHubsFormAnInnerRing() {
        List<TopologyPicture.Node> nodes = TopologyPicture.layout(List.of(new TopologyPicture.Endpoint("h1", true, false),
                new TopologyPicture.Endpoint("h2", true, false), new TopologyPicture.Endpoint("s", false, false)));
        double r1 = Math.hypot(nodes.get(0).x() - 320, nodes.get(0).y() - 230);
        double r3 = Math.hypot(nodes.get(2).x() - 320, nodes.get(2).y() - 230);
        assertThat(r1).isCloseTo(60, org.assertj.core.data.Offset.offset(0.2));
        assertThat(r3).isCloseTo(165, org.assertj.core.data.Offset.offset(0.2));
    }

    @Test
    void edgeStatesFoldBothEnds() {
        LinkKey k = LinkKey.of("a", "b");
        String t = k.tunnelName();
        assertThat(TopologyViewService.edgeState(k, Set.of(), Map.of())).isEqualTo("unknown");
        assertThat(TopologyViewService.edgeState(k, Set.of(), Map.of("a/" + t, TunnelState.UP, "b/" + t,
                TunnelState.UP))).isEqualTo("up");
        assertThat(TopologyViewService.edgeState(k, Set.of(), Map.of("a/" + t, TunnelState.UP, "b/" + t,
                TunnelState.NEVER_ESTABLISHED))).isEqualTo("one-side");
        assertThat(TopologyViewService.edgeState(k, Set.of(), Map.of("a/" + t, TunnelState.UP))).isEqualTo("one-side");
        assertThat(TopologyViewService.edgeState(k, Set.of(), Map.of("a/" + t, TunnelState.DOWN, "b/" + t,
                TunnelState.NEVER_ESTABLISHED))).isEqualTo("down");
        assertThat(TopologyViewService.edgeState(k, Set.of(), Map.of("a/" + t, TunnelState.NEVER_ESTABLISHED,
                "b/" + t, TunnelState.NEVER_ESTABLISHED))).isEqualTo("never");
        // an external peer cannot report: the managed end alone decides
        assertThat(TopologyViewService.edgeState(k, Set.of("b"), Map.of("a/" + t, TunnelState.UP))).isEqualTo("up");
    }
}
