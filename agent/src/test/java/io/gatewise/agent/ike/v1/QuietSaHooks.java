package io.gatewise.agent.ike.v1;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import io.gatewise.agent.ike.RecordingIpsecBackend;
import io.gatewise.agent.ike.event.IkeEvent;
import io.gatewise.agent.ike.sa.ChildSa;
import io.gatewise.agent.ike.sa.EngineCounters;
import io.gatewise.agent.ike.sa.IkeSa;
import io.gatewise.agent.ike.sa.SaHooks;
import io.gatewise.agent.ike.transport.Datagram;
import io.gatewise.agent.ipsec.IpsecBackend;

/**
 * {@link SaHooks} for unit tests of one v1 class without an engine: every notification is
 * ignored, no other SA exists, the datapath records. Tests override what they look at.
 */
class QuietSaHooks implements SaHooks {
    private final RecordingIpsecBackend backend = new RecordingIpsecBackend(1);
    private final EngineCounters counters = new EngineCounters();

    @Override
    public void send(Datagram datagram) {
    }

    @Override
    public void emit(IkeEvent event) {
    }

    @Override
    public EngineCounters counters() {
        return counters;
    }

    @Override
    public IpsecBackend backend() {
        return backend;
    }

    @Override
    public void responderCookieKnown(IkeSa sa) {
    }

    @Override
    public void established(IkeSa sa) {
    }

    @Override
    public void childInstalled(ChildSa child) {
    }

    @Override
    public void childRemoved(ChildSa child) {
    }

    @Override
    public void dead(IkeSa sa) {
    }

    @Override
    public Optional<ChildSa> childByOutboundSpi(int spi, InetAddress peer) {
        return Optional.empty();
    }

    @Override
    public List<IkeSa> ikeSas() {
        return List.of();
    }

    @Override
    public void peerDead(IkeSa sa, long nowMillis) {
    }

    @Override
    public long nextReqId() {
        return 1;
    }
}
