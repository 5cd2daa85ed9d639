package io.gatewise.agent.ike.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.gatewise.agent.ike.EngineFixtures;
import io.gatewise.agent.ike.FakeNetwork;
import io.gatewise.agent.ike.config.ChildConfig;
import io.gatewise.agent.ike.config.PeerConfig;
import io.gatewise.agent.ike.config.Phase1Mode;
import io.gatewise.agent.ike.event.IkeSaDeleted;
import io.gatewise.agent.ike.event.IkeSaFailed;
import io.gatewise.agent.ike.event.IkeSaRekeyed;
import io.gatewise.agent.ike.sa.IkeSa;
import io.gatewise.agent.ike.sa.IkeSaId;
import io.gatewise.agent.ike.transport.Datagram;

import io.gatewise.agent.ike.codec.Bytes;
import io.gatewise.agent.ike.codec.DataAttribute;
import io.gatewise.agent.ike.codec.DecodedPayloads;
import io.gatewise.agent.ike.codec.ExchangeType;
import io.gatewise.agent.ike.codec.IpsecAttributeType;
import io.gatewise.agent.ike.codec.IsakmpDecoder;
import io.gatewise.agent.ike.codec.IsakmpEncoder;
import io.gatewise.agent.ike.codec.LifeType;
import io.gatewise.agent.ike.codec.NotificationPayload;
import io.gatewise.agent.ike.codec.NotifyType;
import io.gatewise.agent.ike.codec.PayloadType;
import io.gatewise.agent.ike.codec.Phase1AttributeType;
import io.gatewise.agent.ike.codec.ProtocolId;

class ResponderLifetimeTest {
    private static final ResponderLifetime.Lifetimes OURS = new ResponderLifetime.Lifetimes(3600, 0);

    @Test
    void ourNotificationSurvivesTheWireAndLowersThePeersLifetimes() {
        NotificationPayload n = ResponderLifetime.notification(0x12345678, 600, 5000);
        byte[] wire = IsakmpEncoder.encodePayloads(List.of(n));
        DecodedPayloads decoded = new IsakmpDecoder().decodePayloads(PayloadType.NOTIFICATION.value(), wire, true)
                .value();
        NotificationPayload back = decoded.first(NotificationPayload.class).orElseThrow();
        assertThat(back.is(NotifyType.RESPONDER_LIFETIME)).isTrue();
        assertThat(back.protocolId()).isEqualTo(ProtocolId.IPSEC_ESP.value());
        assertThat(back.spi()).isEqualTo(Bytes.ofInt(0x12345678, 4));
        assertThat(ResponderLifetime.apply(back, OURS)).isEqualTo(new ResponderLifetime.Lifetimes(600, 5000));
    }

    @Test
    void onlyShorterValuesApply() {
        NotificationPayload longer = ResponderLifetime.notification(1, 86_400, 0);
        assertThat(ResponderLifetime.apply(longer, OURS)).isEqualTo(OURS);
        NotificationPayload fewerKb = ResponderLifetime.notification(1, 7200, 100);
        assertThat(ResponderLifetime.apply(fewerKb, new ResponderLifetime.Lifetimes(3600, 1000)))
                .isEqualTo(new ResponderLifetime.Lifetimes(3600, 100));
    }

    @Test
    void malformedOrUntypedDataChangesNothing() {
        NotificationPayload garbage = NotificationPayload.of(NotifyType.RESPONDER_LIFETIME, ProtocolId.IPSEC_ESP,
                Bytes.ofInt(1, 4), Bytes.of(new byte[] {(byte) 0x80, 1}));
        assertThat(ResponderLifetime.apply(garbage, OURS)).isEqualTo(OURS);
        // a duration without a life type before it: unknown unit, ignored
        NotificationPayload untyped = NotificationPayload.of(NotifyType.RESPONDER_LIFETIME, ProtocolId.IPSEC_ESP,
                Bytes.ofInt(1, 4), DataAttribute.encodeList(List.of(
                        DataAttribute.number(IpsecAttributeType.SA_LIFE_DURATION.value(), 10))));
        assertThat(ResponderLifetime.apply(untyped, OURS)).isEqualTo(OURS);
        NotificationPayload kbOnly = NotificationPayload.of(NotifyType.RESPONDER_LIFETIME, ProtocolId.IPSEC_ESP,
                Bytes.ofInt(1, 4), DataAttribute.encodeList(List.of(
                        DataAttribute.basic(IpsecAttributeType.SA_LIFE_TYPE.value(), LifeType.KILOBYTES.value()),
                        DataAttribute.number(IpsecAttributeType.SA_LIFE_DURATION.value(), 64))));
        assertThat(ResponderLifetime.apply(kbOnly, OURS)).isEqualTo(new ResponderLifetime.Lifetimes(3600, 64));
    }

    // ---- phase 1: the ISAKMP SA --------------------------------------------------------

    private static IkeSa isakmpSa(long ckyI, long ckyR) {
        return new IkeSa(new IkeSaId(ckyI, ckyR), IkeSa.Role.RESPONDER, null,
                new InetSocketAddress(EngineFixtures.RIGHT, 500), new InetSocketAddress(EngineFixtures.LEFT, 500), 0);
    }

    @Test
    void isakmpAnnouncementSurvivesTheWireNamedByTheCookies() {
        IkeSa sa = isakmpSa(0x1122334455667788L, 0x99aabbccddeeff00L);
        NotificationPayload n = ResponderLifetime.forIsakmpSa(sa, 600);
        byte[] wire = IsakmpEncoder.encodePayloads(List.of(n));
        NotificationPayload back = new IsakmpDecoder().decodePayloads(PayloadType.NOTIFICATION.value(), wire, true)
                .value().first(NotificationPayload.class).orElseThrow();
        assertThat(back.is(NotifyType.RESPONDER_LIFETIME)).isTrue();
        assertThat(back.protocolId()).isEqualTo(ProtocolId.ISAKMP.value());
        assertThat(back.spi()).isEqualTo(Bytes.of(sa.id().toBytes()));
        assertThat(back.spi().length()).isEqualTo(16);
        // data: Life Type (11) = seconds, Life Duration (12) = 600, RFC 2409 appendix A numbers
        List<DataAttribute> attrs = DataAttribute.decodeList(back.data()).value();
        assertThat(attrs).extracting(DataAttribute::type).containsExactly(Phase1AttributeType.LIFE_TYPE.value(),
                Phase1AttributeType.LIFE_DURATION.value());
        assertThat(ResponderLifetime.isForIsakmpSa(back, sa)).isTrue();
        assertThat(ResponderLifetime.isForIsakmpSa(back, isakmpSa(1, 2))).as("another SA's cookies").isFalse();
        assertThat(ResponderLifetime.isakmpSeconds(back, 3600)).isEqualTo(600);
        assertThat(ResponderLifetime.isakmpSeconds(back, 300)).as("only shorter applies").isEqualTo(300);
        // an IPsec-SA announcement (protocol ESP) is not about the ISAKMP SA
        assertThat(ResponderLifetime.isForIsakmpSa(ResponderLifetime.notification(1, 600, 0), sa)).isFalse();
    }

    @Test
    void isakmpAnnouncementWithTheIpsecAttributeNumbersIsUnderstoodToo() {
        IkeSa sa = isakmpSa(5, 6);
        NotificationPayload n = NotificationPayload.of(NotifyType.RESPONDER_LIFETIME, ProtocolId.ISAKMP,
                Bytes.of(sa.id().toBytes()), DataAttribute.encodeList(List.of(
                        DataAttribute.basic(IpsecAttributeType.SA_LIFE_TYPE.value(), LifeType.SECONDS.value()),
                        DataAttribute.number(IpsecAttributeType.SA_LIFE_DURATION.value(), 900))));
        assertThat(ResponderLifetime.isakmpSeconds(n, 28_800)).isEqualTo(900);
        NotificationPayload garbage = NotificationPayload.of(NotifyType.RESPONDER_LIFETIME, ProtocolId.ISAKMP,
                Bytes.of(sa.id().toBytes()), Bytes.of(new byte[] {(byte) 0x80}));
        assertThat(ResponderLifetime.isakmpSeconds(garbage, 28_800)).isEqualTo(28_800);
    }

    private static PeerConfig withIkeLifetime(PeerConfig p, long seconds) {
        return withIkeLifetime(p, seconds, p.children());
    }

    private static PeerConfig withIkeLifetime(PeerConfig p, long seconds, List<ChildConfig> children) {
        return new PeerConfig(p.name(), p.localAddress(), p.remoteAddress(), p.remotePrefixLength(), p.localId(),
                p.remoteId(), p.psk(), p.proposals(), seconds, p.forceEncapsulation(), p.sendInitialContact(),
                children, p.mode(), p.certificates());
    }

    private static final int EXCHANGE_TYPE_OFFSET = 18;

    private static int firstIndex(List<Datagram> wire, java.net.InetAddress from, ExchangeType type) {
        for (int i = 0; i < wire.size(); i++) {
            Datagram d = wire.get(i);
            if (d.local().getAddress().equals(from) && d.data().length > EXCHANGE_TYPE_OFFSET
                    && (d.data()[EXCHANGE_TYPE_OFFSET] & 0xff) == type.value()) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Main Mode responder: the announcement waits until the initiator shows it finished
     * phase 1 (its Quick Mode message 1), so it cannot overtake message 6 inside a
     * multi-threaded initiator and fail to decrypt there.
     */
    @Test
    void mainModeResponderAnnouncesOnlyAfterTheInitiatorsFirstProtectedMessage() {
        FakeNetwork net = new FakeNetwork();
        FakeNetwork.Node left = net.add(EngineFixtures.LEFT, EngineFixtures.SETTINGS, 11);
        FakeNetwork.Node right = net.add(EngineFixtures.RIGHT, EngineFixtures.SETTINGS, 22);
        String ike = "aes128-sha1-modp2048";
        left.engine.addPeer(withIkeLifetime(EngineFixtures.leftPeer(ike, ike, "psk-0123456789"), 3600));
        right.engine.addPeer(withIkeLifetime(EngineFixtures.rightPeer(ike, ike, "psk-0123456789"), 20));
        left.engine.initiate("right", null, net.now());
        net.run();
        assertThat(EngineInternals.sas(left.engine).get(0).lifetimeSeconds()).isEqualTo(20);
        int quickMode1 = firstIndex(net.wire(), EngineFixtures.LEFT, ExchangeType.QUICK_MODE);
        int announcement = firstIndex(net.wire(), EngineFixtures.RIGHT, ExchangeType.INFORMATIONAL);
        assertThat(quickMode1).isPositive();
        assertThat(announcement).as("the Informational follows the initiator's Quick Mode message 1")
                .isGreaterThan(quickMode1);
    }

    /** An initiator that starts no Quick Mode hears the announcement after the fallback delay. */
    @Test
    void mainModeResponderAnnouncesToASilentInitiatorAfterTheFallbackDelay() {
        FakeNetwork net = new FakeNetwork();
        FakeNetwork.Node left = net.add(EngineFixtures.LEFT, EngineFixtures.SETTINGS, 11);
        FakeNetwork.Node right = net.add(EngineFixtures.RIGHT, EngineFixtures.SETTINGS, 22);
        String ike = "aes128-sha1-modp2048";
        left.engine.addPeer(withIkeLifetime(EngineFixtures.leftPeer(ike, ike, "psk-0123456789"), 3600, List.of()));
        right.engine.addPeer(withIkeLifetime(EngineFixtures.rightPeer(ike, ike, "psk-0123456789"), 20));
        left.engine.initiate("right", null, net.now());
        net.run();
        IkeSa l = EngineInternals.sas(left.engine).get(0);
        assertThat(l.isEstablished()).isTrue();
        assertThat(l.lifetimeSeconds()).as("not yet announced").isEqualTo(3600);
        net.advance(IsakmpLifetimeAnnouncement.FALLBACK_MILLIS - 1);
        assertThat(l.lifetimeSeconds()).isEqualTo(3600);
        net.advance(1);
        assertThat(l.lifetimeSeconds()).isEqualTo(20);
        assertThat(right.engine.ikeSaCount()).isEqualTo(1);
    }

    /**
     * Engine against engine: right (Main or Aggressive Mode responder) is configured for 20 s,
     * left proposes 3600 s. Right echoes 3600 s, uses 20 s and says so in an Informational;
     * left adopts it, so its own rekey falls into 16..18 s, and the tunnel keeps one ISAKMP SA
     * for a minute of 20 s lifetimes without any SA reaching its hard end.
     */
    @ParameterizedTest
    @EnumSource(Phase1Mode.class)
    void phase1InitiatorAdoptsTheShorterResponderLifetimeAndRekeysInTime(Phase1Mode mode) {
        FakeNetwork net = new FakeNetwork();
        FakeNetwork.Node left = net.add(EngineFixtures.LEFT, EngineFixtures.SETTINGS, 11);
        FakeNetwork.Node right = net.add(EngineFixtures.RIGHT, EngineFixtures.SETTINGS, 22);
        String psk = "interop-test-psk-0123456789";
        String ike = "aes128-sha1-modp2048";
        left.engine.addPeer(withIkeLifetime(EngineFixtures.leftPeer(ike, ike, psk), 3600).withMode(mode));
        right.engine.addPeer(withIkeLifetime(EngineFixtures.rightPeer(ike, ike, psk), 20).withMode(mode));
        left.engine.initiate("right", null, net.now());
        net.run();
        IkeSa l = EngineInternals.sas(left.engine).get(0);
        IkeSa r = EngineInternals.sas(right.engine).get(0);
        assertThat(l.isInitiator()).isTrue();
        assertThat(r.lifetimeSeconds()).as("the responder uses its own").isEqualTo(20);
        assertThat(l.lifetimeSeconds()).as("the initiator adopted the announced lifetime").isEqualTo(20);
        assertThat(left.engine.childSaCount()).isEqualTo(1);

        net.advanceInSteps(15_900, 100);
        assertThat(left.events(IkeSaRekeyed.class)).isEmpty();
        net.advanceInSteps(2_200, 100);
        assertThat(left.events(IkeSaRekeyed.class)).as("a phase 1 rekey within 16..18 s").isNotEmpty();

        net.advanceInSteps(42_000, 100);
        assertThat(left.events(IkeSaRekeyed.class)).as("about one rekey per 16..18 s").hasSizeGreaterThanOrEqualTo(3);
        for (FakeNetwork.Node n : List.of(left, right)) {
            assertThat(n.engine.ikeSaCount()).isEqualTo(1);
            assertThat(n.engine.childSaCount()).isEqualTo(1);
            assertThat(n.events(IkeSaFailed.class)).isEmpty();
            assertThat(n.events(IkeSaDeleted.class)).as("no ISAKMP SA ran into its hard end")
                    .noneMatch(e -> e.reason().contains("expired"));
        }
        // every successor learnt it again: the new SAs run on 20 s as well
        assertThat(EngineInternals.sas(left.engine).get(0).lifetimeSeconds()).isEqualTo(20);
    }
}
