package io.gatewise.agent.ike.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real messages of strongSwan 5.9.8 talking to itself through the interop harness
 * (captured with make-vectors.py): our decoder must read every one, the message rules
 * must accept it, and our encoder must give back the very same bytes.
 */
class StrongSwanGoldenVectorTest {
    private static final String[] SCENARIOS = {"psk-main", "psk-aggr", "delete-run", "natt-psk-main"};
    private final IsakmpDecoder decoder = new IsakmpDecoder();

    static Stream<Arguments> messages() {
        List<Arguments> out = new ArrayList<>();
        for (String sc : SCENARIOS) {
            for (int frame = 1; frame < 100; frame++) {
                if (Vectors.text(sc, String.format("%02d.hex", frame)).isPresent()) {
                    out.add(Arguments.of(sc, frame));
                }
            }
        }
        assertThat(out).hasSizeGreaterThan(30);
        return out.stream();
    }

    @ParameterizedTest(name = "{0} frame {1}")
    @MethodSource("messages")
    void decodesAndReencodesByteIdentically(String scenario, int frame) throws CodecException {
        byte[] wire = Vectors.message(scenario, frame);
        RawMessage raw = decoder.decodeHeader(wire).value();
        IsakmpHeader h = raw.header();
        DecodedPayloads payloads;
        if (!h.isEncrypted()) {
            IsakmpMessage m = decoder.decode(wire).value();
            payloads = m.payloads();
            assertThat(IsakmpEncoder.encode(h, payloads.payloads())).isEqualTo(wire);
        } else {
            byte[] plain = Vectors.plain(scenario, frame).orElseThrow();
            payloads = decoder.decodePayloads(h.nextPayload(), plain, true).value();
            byte[] chain = IsakmpEncoder.encodePayloads(payloads.payloads());
            assertThat(chain).isEqualTo(Arrays.copyOf(plain, chain.length));
            assertThat(payloads.paddingLength()).isLessThanOrEqualTo(16);
            assertThat(IsakmpEncoder.encode(h.withNextPayloadAndLength(0, 0), h.nextPayload(), raw.body().toByteArray()))
                    .isEqualTo(wire);
        }
        assertThat(payloads.payloads()).noneMatch(p -> p instanceof UnknownPayload);
        MessageRules.check(h.exchangeType(), MessageRules.Sender.INITIATOR, h.isEncrypted(), payloads);
    }

    @Test
    void mainModeMessage1CarriesTheProposalsAndVendorIdsOfTheHarness() {
        IsakmpMessage m = decoder.decode(Vectors.message("psk-main", 1)).value();
        assertThat(m.header().exchangeType()).isEqualTo(ExchangeType.IDENTITY_PROTECTION);
        assertThat(m.header().responderCookie()).isZero();
        SaPayload sa = m.payloads().first(SaPayload.class).orElseThrow();
        assertThat(sa.doi()).isEqualTo(SaPayload.DOI_IPSEC);
        assertThat(sa.proposals()).hasSize(1);
        Proposal p = sa.proposals().get(0);
        assertThat(p.protocolId()).isEqualTo(ProtocolId.ISAKMP.value());
        assertThat(p.transforms()).hasSize(2);
        Transform aes128 = p.transforms().get(0);
        assertThat(aes128.transformId()).isEqualTo(Transform.KEY_IKE);
        assertThat(num(aes128, Phase1AttributeType.ENCRYPTION_ALGORITHM)).isEqualTo(7);       // AES-CBC
        assertThat(num(aes128, Phase1AttributeType.KEY_LENGTH)).isEqualTo(128);
        assertThat(num(aes128, Phase1AttributeType.HASH_ALGORITHM)).isEqualTo(2);             // SHA1
        assertThat(num(aes128, Phase1AttributeType.GROUP_DESCRIPTION)).isEqualTo(14);         // MODP-2048
        assertThat(num(aes128, Phase1AttributeType.AUTHENTICATION_METHOD))
                .isEqualTo(AuthenticationMethod.PRE_SHARED_KEY.value());
        assertThat(num(aes128, Phase1AttributeType.LIFE_DURATION)).isEqualTo(15840);
        assertThat(m.payloads().all(VendorIdPayload.class)).extracting(VendorIdPayload::vendorId)
                .contains(Bytes.fromHex("4a131c81070358455c5728f20e95452f"));           // RFC 3947
    }

    @Test
    void mainModeMessage3CarriesKeyNonceAndTwoNatDiscoveryHashes() {
        IsakmpMessage m = decoder.decode(Vectors.message("psk-main", 3)).value();
        assertThat(m.payloads().first(KeyExchangePayload.class).orElseThrow().keyData().length()).isEqualTo(256);
        assertThat(m.payloads().first(NoncePayload.class).orElseThrow().nonce())
                .isEqualTo(Bytes.fromHex(Vectors.text("psk-main", "kat.json").map(StrongSwanGoldenVectorTest::niB)
                        .orElseThrow()));
        assertThat(m.payloads().all(NatDiscoveryPayload.class)).hasSize(2)
                .allMatch(n -> n.hash().length() == 20 && !n.draft());
    }

    @Test
    void mainModeMessage5HasAddressIdentityHashAndInitialContact() throws Exception {
        DecodedPayloads p = plain("psk-main", 5);
        IdentificationPayload id = p.first(IdentificationPayload.class).orElseThrow();
        assertThat(id.idType()).isEqualTo(IdType.IPV4_ADDR);
        assertThat(id.firstAddress()).isEqualTo(InetAddress.getByName("192.0.2.1"));
        assertThat(p.first(HashPayload.class).orElseThrow().hash().length()).isEqualTo(20);
        assertThat(p.first(NotificationPayload.class).orElseThrow().is(NotifyType.INITIAL_CONTACT)).isTrue();
        assertThat(p.body(0)).isEqualTo(Bytes.fromHex("01000000c0000201"));     // IDii_b for HASH_I
    }

    @Test
    void quickModeMessage1OffersUdpEncapsulatedTunnelForTheHarnessSubnets() throws Exception {
        DecodedPayloads p = plain("psk-main", 7);
        assertThat(p.get(0)).isInstanceOf(HashPayload.class);
        Proposal esp = p.first(SaPayload.class).orElseThrow().proposals().get(0);
        assertThat(esp.protocolId()).isEqualTo(ProtocolId.IPSEC_ESP.value());
        assertThat(esp.spi().length()).isEqualTo(4);
        Transform t = esp.transforms().get(0);
        assertThat(t.transformId()).isEqualTo(12);                                           // ESP_AES
        assertThat(t.attribute(IpsecAttributeType.ENCAPSULATION_MODE.value()).orElseThrow().numeric().getAsLong())
                .isEqualTo(EncapsulationMode.UDP_ENCAPSULATED_TUNNEL.value());
        assertThat(p.first(KeyExchangePayload.class)).isPresent();                           // PFS
        List<IdentificationPayload> ids = p.all(IdentificationPayload.class);
        assertThat(ids).hasSize(2).allMatch(i -> i.idType() == IdType.IPV4_ADDR_SUBNET);
        assertThat(ids.get(0).firstAddress()).isEqualTo(InetAddress.getByName("10.1.0.0"));
        assertThat(ids.get(0).lastAddress()).isEqualTo(InetAddress.getByName("10.1.0.255"));
        assertThat(ids.get(1).firstAddress()).isEqualTo(InetAddress.getByName("10.2.0.0"));
        // what HASH(1) covers: everything after the HASH payload, padding excluded
        assertThat(p.from(1).length()).isEqualTo(p.chain().length() - 24);
    }

    @Test
    void informationalDeletesCarryEspSpiAndIsakmpCookies() throws Exception {
        DeletePayload child = plain("delete-run", 10).first(DeletePayload.class).orElseThrow();
        assertThat(child.protocolId()).isEqualTo(ProtocolId.IPSEC_ESP.value());
        assertThat(child.spis()).hasSize(1).allMatch(s -> s.length() == 4);
        DeletePayload ike = plain("delete-run", 11).first(DeletePayload.class).orElseThrow();
        assertThat(ike.protocolId()).isEqualTo(ProtocolId.ISAKMP.value());
        IsakmpHeader h = decoder.decodeHeader(Vectors.message("delete-run", 11)).value().header();
        assertThat(ike.spis().get(0)).isEqualTo(Bytes.fromHex(
                String.format("%016x%016x", h.initiatorCookie(), h.responderCookie())));
    }

    @Test
    void aggressiveMessage1CarriesTheFqdnIdentityInClear() {
        IsakmpMessage m = decoder.decode(Vectors.message("psk-aggr", 1)).value();
        assertThat(m.header().exchangeType()).isEqualTo(ExchangeType.AGGRESSIVE);
        IdentificationPayload id = m.payloads().first(IdentificationPayload.class).orElseThrow();
        assertThat(id.idType()).isEqualTo(IdType.FQDN);
        assertThat(id.text()).isEqualTo("left.interop.test");
        assertThat(m.payloads().first(KeyExchangePayload.class)).isPresent();
    }

    private DecodedPayloads plain(String scenario, int frame) {
        IsakmpHeader h = decoder.decodeHeader(Vectors.message(scenario, frame)).value().header();
        return decoder.decodePayloads(h.nextPayload(), Vectors.plain(scenario, frame).orElseThrow(), true).value();
    }

    private static long num(Transform t, Phase1AttributeType type) {
        return t.attribute(type.value()).orElseThrow().numeric().getAsLong();
    }

    private static String niB(String json) {
        int i = json.indexOf("\"ni_b\"");
        int start = json.indexOf('"', json.indexOf(':', i)) + 1;
        return json.substring(start, json.indexOf('"', start));
    }
}
