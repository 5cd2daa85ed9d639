package io.gatewise.agent.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatewise.agent.datapath.NonEspHandler;
import io.gatewise.agent.ike.transport.Datagram;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** One socket owner per port: UDP 500 here, UDP 4500 through the datapath (a double). */
class DatapathIkeTransportTest {

    static final class FakeNatT implements NatTPort {
        volatile NonEspHandler handler;
        final List<String> sent = new CopyOnWriteArrayList<>();

        @Override
        public void setNonEspHandler(NonEspHandler h) {
            handler = h;
        }

        @Override
        public void sendNonEsp(InetAddress peer, int port, byte[] message, int off, int len) {
            sent.add(peer.getHostAddress() + ":" + port + " " + len);
        }

        @Override
        public void sendKeepalive(InetAddress peer, int port) {
            sent.add("keepalive " + peer.getHostAddress() + ":" + port);
        }
    }

    @Test
    void ikePortIsOwnedAndNatTGoesThroughTheDatapathOnTheEngineThread() throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, lo)) {
            port = probe.getLocalPort();
        }
        FakeNatT natt = new FakeNatT();
        DatapathIkeTransport t = new DatapathIkeTransport(lo, port, 4500, natt);
        List<String> received = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        t.start(d -> {
            received.add(d.local().getPort() + " " + d.remote().getPort() + " " + d.data().length);
            threads.add(Thread.currentThread().getName());
        });
        try (DatagramSocket peer = new DatagramSocket(0, lo)) {
            peer.send(new DatagramPacket(new byte[28], 28, new InetSocketAddress(lo, port)));
            // what the datapath's inbound thread hands over: marker already stripped
            natt.handler.onNonEsp(0x7f000001, 4500, new byte[40], 4, 36);
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
            assertThat(received).containsExactlyInAnyOrder(port + " " + peer.getLocalPort() + " 28", "4500 4500 36");
            assertThat(threads).containsOnly("ike-loop");

            t.send(new Datagram(new InetSocketAddress(lo, 4500), new InetSocketAddress(lo, 4500), new byte[60]));
            t.send(new Datagram(new InetSocketAddress(lo, port), (InetSocketAddress) peer.getLocalSocketAddress(),
                    new byte[33]));
            DatagramPacket p = new DatagramPacket(new byte[100], 100);
            peer.setSoTimeout(5000);
            peer.receive(p);
            assertThat(p.getLength()).isEqualTo(33);
            t.sendKeepalive(new InetSocketAddress(lo, 4500));
            assertThat(natt.sent).containsExactly("127.0.0.1:4500 60", "keepalive 127.0.0.1:4500");
        } finally {
            t.close();
        }
        assertThat(natt.handler).isNull();
    }
}
