package io.gatewise.agent.ike.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real sockets on loopback (high ports, no root): framing of UDP 500 and 4500, timers. */
class UdpIkeTransportTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final List<Datagram> received = new CopyOnWriteArrayList<>();
    private final List<Datagram> esp = new CopyOnWriteArrayList<>();
    private UdpIkeTransport transport;
    private DatagramSocket peer;

    @BeforeEach
    void start() throws IOException {
        for (int attempt = 0; ; attempt++) {
            int base = 20000 + (int) (Math.random() * 20000);
            transport = new UdpIkeTransport(List.of(LOOPBACK), base, base + 1, esp::add);
            try {
                transport.start(received::add);
                break;
            } catch (SocketException e) {
                transport.close();
                if (attempt > 10) {
                    throw e;
                }
            }
        }
        peer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        peer.setSoTimeout(5000);
    }

    @AfterEach
    void stop() {
        transport.close();
        peer.close();
    }

    private void sendTo(int port, byte[] data) throws IOException {
        peer.send(new DatagramPacket(data, data.length, new InetSocketAddress(LOOPBACK, port)));
    }

    @Test
    void ikePortDeliversTheMessageAsIs() throws IOException {
        byte[] msg = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        sendTo(transport.ikePort(), msg);
        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 1);
        Datagram d = received.get(0);
        assertThat(d.data()).isEqualTo(msg);
        assertThat(d.local().getPort()).isEqualTo(transport.ikePort());
        assertThat(d.remote().getPort()).isEqualTo(peer.getLocalPort());
    }

    @Test
    void nattPortStripsTheNonEspMarkerIgnoresKeepalivesAndSeparatesEsp() throws IOException {
        sendTo(transport.nattPort(), new byte[] {(byte) 0xff});                      // NAT-keepalive
        sendTo(transport.nattPort(), new byte[] {0x12, 0x34, 0x56, 0x78, 0, 0, 0, 1}); // ESP: SPI, seq
        sendTo(transport.nattPort(), new byte[] {0, 0, 0, 0, 42, 43, 44});             // marker + IKE
        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 1 && esp.size() == 1
                && transport.keepalivesReceived() == 1);
        assertThat(received.get(0).data()).containsExactly(42, 43, 44);
        assertThat(received.get(0).local().getPort()).isEqualTo(transport.nattPort());
        assertThat(esp.get(0).data()).startsWith(0x12, 0x34, 0x56, 0x78);
    }

    @Test
    void sendingFromTheNattPortAddsTheMarker() throws IOException {
        byte[] msg = {9, 8, 7};
        transport.send(new Datagram(new InetSocketAddress(LOOPBACK, transport.nattPort()),
                new InetSocketAddress(LOOPBACK, peer.getLocalPort()), msg));
        DatagramPacket p = new DatagramPacket(new byte[100], 100);
        peer.receive(p);
        assertThat(Arrays.copyOf(p.getData(), p.getLength())).containsExactly(0, 0, 0, 0, 9, 8, 7);
        assertThat(p.getPort()).isEqualTo(transport.nattPort());

        transport.send(new Datagram(new InetSocketAddress(LOOPBACK, transport.ikePort()),
                new InetSocketAddress(LOOPBACK, peer.getLocalPort()), msg));
        peer.receive(p);
        assertThat(Arrays.copyOf(p.getData(), p.getLength())).containsExactly(9, 8, 7);
    }

    @Test
    void tasksAndTimersRunOnTheLoopThread() {
        AtomicReference<String> thread = new AtomicReference<>();
        long start = System.nanoTime();
        AtomicReference<Long> ranAfter = new AtomicReference<>();
        transport.schedule(() -> {
            thread.set(Thread.currentThread().getName());
            ranAfter.set((System.nanoTime() - start) / 1_000_000);
        }, 200);
        await().atMost(Duration.ofSeconds(30)).until(() -> ranAfter.get() != null);
        assertThat(thread.get()).isEqualTo("ike-loop");
        assertThat(ranAfter.get()).isGreaterThanOrEqualTo(190);
    }

    @Test
    void nonEspMarkerClassification() {
        assertThat(NonEspMarker.classify(new byte[] {(byte) 0xff}, 1)).isEqualTo(NonEspMarker.Kind.KEEPALIVE);
        assertThat(NonEspMarker.classify(new byte[] {0, 0, 0}, 3)).isEqualTo(NonEspMarker.Kind.INVALID);
        assertThat(NonEspMarker.classify(new byte[] {0, 0, 0, 0, 1}, 5)).isEqualTo(NonEspMarker.Kind.IKE);
        assertThat(NonEspMarker.classify(new byte[] {0, 0, 1, 0, 1}, 5)).isEqualTo(NonEspMarker.Kind.ESP);
    }
}
