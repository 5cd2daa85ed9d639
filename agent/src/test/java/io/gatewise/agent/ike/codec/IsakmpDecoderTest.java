package io.gatewise.agent.ike.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Every way a message can lie, one at a time, each with the notify type RFC 2408 prescribes. */
class IsakmpDecoderTest {
    private final IsakmpDecoder decoder = new IsakmpDecoder();
    private static final IsakmpHeader MM = IsakmpHeader.of(0x1122334455667788L, 0, ExchangeType.IDENTITY_PROTECTION, 0, 0);

    private static byte[] message(Payload... payloads) {
        return IsakmpEncoder.encode(MM, List.of(payloads));
    }

    private NotifyType failureOf(byte[] datagram) {
        DecodeResult<IsakmpMessage> r = decoder.decode(datagram);
        assertThat(r.isOk()).as("decoding should fail").isFalse();
        return r.failure().notifyType();
    }

    private static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private static final VendorIdPayload VID = new VendorIdPayload(Bytes.fromHex("4a131c81070358455c5728f20e95452f"));

    @Test
    void roundTripsEveryPayloadKind() throws Exception {
        List<Payload> all = List.of(
                SaPayload.ipsec(List.of(new Proposal(1, ProtocolId.IPSEC_ESP.value(), Bytes.fromHex("c0ffee01"),
                        List.of(new Transform(1, 12, List.of(
                                DataAttribute.number(IpsecAttributeType.SA_LIFE_TYPE.value(), 1),
                                DataAttribute.number(IpsecAttributeType.SA_LIFE_DURATION.value(), 86400),
                                DataAttribute.variable(IpsecAttributeType.COMPRESS_PRIVATE_ALGORITHM.value(), Bytes.EMPTY))))))),
                new KeyExchangePayload(Bytes.of(new byte[256])),
                IdentificationPayload.range(InetAddress.getByName("10.0.0.1"), InetAddress.getByName("10.0.0.9"), 6, 443),
                IdentificationPayload.subnet(InetAddress.getByName("2001:db8::"), 48, 0, 0),
                IdentificationPayload.derAsn1Dn(Bytes.fromHex("3000")),
                IdentificationPayload.userFqdn("a@b.example"),
                new CertificatePayload(CertificatePayload.X509_SIGNATURE, Bytes.fromHex("3082")),
                new CertificateRequestPayload(CertificatePayload.X509_SIGNATURE, Bytes.EMPTY),
                new HashPayload(Bytes.of(new byte[20])),
                new SignaturePayload(Bytes.of(new byte[256])),
                new NoncePayload(Bytes.of(new byte[32])),
                NotificationPayload.of(NotifyType.R_U_THERE, ProtocolId.ISAKMP, Bytes.of(new byte[16]), Bytes.ofInt(7, 4)),
                DeletePayload.of(ProtocolId.IPSEC_ESP, List.of(Bytes.ofInt(0x1000, 4), Bytes.ofInt(0x1001, 4))),
                VID,
                new NatDiscoveryPayload(Bytes.of(new byte[20]), false),
                new NatDiscoveryPayload(Bytes.of(new byte[20]), true),
                new NatOriginalAddressPayload(IdType.IPV4_ADDR, Bytes.fromHex("c0a80001"), false),
                new NatOriginalAddressPayload(IdType.IPV6_ADDR, Bytes.of(new byte[16]), true),
                new FragmentPayload(1, 2, FragmentPayload.LAST_FRAGMENT, Bytes.fromHex("abcdef")),
                new UnknownPayload(200, Bytes.fromHex("0102")));
        byte[] wire = message(all.toArray(new Payload[0]));
        IsakmpMessage m = decoder.decode(wire).value();
        assertThat(m.payloads().payloads()).isEqualTo(all);
        assertThat(IsakmpEncoder.encode(MM, m.payloads().payloads())).isEqualTo(wire);
        assertThat(m.header().length()).isEqualTo(wire.length);
        IdentificationPayload range = m.payloads().first(IdentificationPayload.class).orElseThrow();
        assertThat(range.lastAddress()).isEqualTo(InetAddress.getByName("10.0.0.9"));
    }

    @Test
    void truncatedHeaderAndTruncatedBodyAreRefused() {
        byte[] wire = message(VID);
        assertThat(failureOf(Arrays.copyOf(wire, 27))).isEqualTo(NotifyType.PAYLOAD_MALFORMED);
        assertThat(failureOf(Arrays.copyOf(wire, wire.length - 1))).isEqualTo(NotifyType.UNEQUAL_PAYLOAD_LENGTHS);
        assertThat(failureOf(new byte[0])).isEqualTo(NotifyType.PAYLOAD_MALFORMED);
    }

    @Test
    void headerLengthThatLiesEitherWayIsRefused() {
        byte[] wire = message(VID);
        wire[27]++;
        assertThat(failureOf(wire)).isEqualTo(NotifyType.UNEQUAL_PAYLOAD_LENGTHS);
        byte[] longer = Arrays.copyOf(message(VID), wire.length + 4);
        assertThat(failureOf(longer)).isEqualTo(NotifyType.UNEQUAL_PAYLOAD_LENGTHS);
    }

    @Test
    void payloadLengthZeroCannotLoop() {
        byte[] wire = message(VID, VID);
        put16(wire, 28 + 2, 0);
        assertThat(failureOf(wire)).isEqualTo(NotifyType.PAYLOAD_MALFORMED);
        put16(wire, 28 + 2, 3);
        assertThat(failureOf(wire)).isEqualTo(NotifyType.PAYLOAD_MALFORMED);
    }

    @Test
    void payloadLengthOverrunningTheMessageIsRefused() {
        byte[] wire = message(VID);
        put16(wire, 28 + 2, 21);
        assertThat(decoder.decode(wire).failure().reason()).contains("overruns");
    }

    @Test
    void chainAnnouncingAnotherPayloadAfterTheLastIsRefused() {
        byte[] wire = message(VID);
        wire[28] = (byte) PayloadType.VENDOR_ID.value();
        assertThat(failureOf(wire)).isEqualTo(NotifyType.PAYLOAD_MALFORMED);
    }

    @Test
    void bytesAfterTheLastPayloadAreRefusedInClearButAllowedAsPadding() {
        byte[] chain = Arrays.copyOf(IsakmpEncoder.encodePayloads(List.of(VID)), 24);
        assertThat(decoder.decodePayloads(13, chain, false).failure().notifyType())
                .isEqualTo(NotifyType.UNEQUAL_PAYLOAD_LENGTHS);
        DecodedPayloads p = decoder.decodePayloads(13, chain, true).value();
        assertThat(p.paddingLength()).isEqualTo(4);
        assertThat(p.chain().length()).isEqualTo(20);
    }

    @Test
    void headerFieldsAreValidated() {
        byte[] wire = message(VID);
        byte[] v2 = wire.clone();
        v2[17] = 0x20;
        assertThat(failureOf(v2)).isEqualTo(NotifyType.INVALID_MAJOR_VERSION);
        byte[] minor = wire.clone();
        minor[17] = 0x11;
        assertThat(failureOf(minor)).isEqualTo(NotifyType.INVALID_MINOR_VERSION);
        byte[] exchange = wire.clone();
        exchange[18] = 99;
        assertThat(failureOf(exchange)).isEqualTo(NotifyType.INVALID_EXCHANGE_TYPE);
        byte[] flags = wire.clone();
        flags[19] = 0x08;
        assertThat(failureOf(flags)).isEqualTo(NotifyType.INVALID_FLAGS);
        byte[] cookie = wire.clone();
        Arrays.fill(cookie, 0, 8, (byte) 0);
        assertThat(failureOf(cookie)).isEqualTo(NotifyType.INVALID_COOKIE);
    }

    @Test
    void encryptedMessagesAreOnlyDecodedUpToTheHeader() {
        byte[] wire = IsakmpEncoder.encode(MM.withFlags(IsakmpHeader.FLAG_ENCRYPTION), 5, new byte[32]);
        assertThat(failureOf(wire)).isEqualTo(NotifyType.INVALID_FLAGS);
        RawMessage raw = decoder.decodeHeader(wire).value();
        assertThat(raw.body().length()).isEqualTo(32);
        assertThat(raw.header().nextPayload()).isEqualTo(5);
    }

    @Test
    void transformCountThatLiesIsBadProposalSyntax() {
        SaPayload sa = SaPayload.ipsec(List.of(new Proposal(1, 1, Bytes.EMPTY,
                List.of(new Transform(1, 1, List.of(DataAttribute.basic(1, 7)))))));
        byte[] wire = message(sa);
        // SA body: DOI(4) situation(4), proposal header(4), then proposal#, protocol, spi size, #transforms
        wire[28 + 4 + 8 + 4 + 3] = 2;
        assertThat(failureOf(wire)).isEqualTo(NotifyType.BAD_PROPOSAL_SYNTAX);
        wire[28 + 4 + 8 + 4 + 3] = 0;
        assertThat(failureOf(wire)).isEqualTo(NotifyType.BAD_PROPOSAL_SYNTAX);
    }

    @Test
    void attributeLengthThatLiesIsBadProposalSyntax() {
        SaPayload sa = SaPayload.ipsec(List.of(new Proposal(1, 1, Bytes.EMPTY,
                List.of(new Transform(1, 1, List.of(DataAttribute.variable(12, Bytes.ofInt(100000, 4))))))));
        byte[] wire = message(sa);
        int attr = 28 + 4 + 8 + 8 + 8;
        put16(wire, attr + 2, 9);
        assertThat(failureOf(wire)).isEqualTo(NotifyType.BAD_PROPOSAL_SYNTAX);
    }

    @Test
    void proposalOrTransformAtTopLevelIsAnInvalidPayloadType() {
        byte[] wire = message(VID);
        wire[16] = (byte) PayloadType.PROPOSAL.value();
        assertThat(failureOf(wire)).isEqualTo(NotifyType.INVALID_PAYLOAD_TYPE);
    }

    @Test
    void unknownPayloadsAreKeptUnlessFlaggedCritical() {
        byte[] wire = message(new UnknownPayload(222, Bytes.fromHex("00")), VID);
        assertThat(decoder.decode(wire).value().payloads().get(0)).isInstanceOf(UnknownPayload.class);
        wire[29] = (byte) 0x80;
        assertThat(failureOf(wire)).isEqualTo(NotifyType.INVALID_PAYLOAD_TYPE);
    }

    @Test
    void tooManyPayloadsAreRefused() {
        List<Payload> many = new ArrayList<>();
        for (int i = 0; i <= DecodeLimits.DEFAULT.maxPayloads(); i++) {
            many.add(VID);
        }
        assertThat(failureOf(message(many.toArray(new Payload[0])))).isEqualTo(NotifyType.PAYLOAD_MALFORMED);
    }

    @Test
    void oversizedDatagramIsRefusedBeforeParsing() {
        IsakmpDecoder small = new IsakmpDecoder(new DecodeLimits(100, 64, 256, 32));
        byte[] wire = message(new KeyExchangePayload(Bytes.of(new byte[128])));
        assertThat(small.decode(wire).failure().reason()).contains("exceeds");
    }

    @Test
    void tooManyTransformsAreRefused() {
        List<Transform> ts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ts.add(new Transform(i, 1, List.of()));
        }
        byte[] wire = message(SaPayload.ipsec(List.of(new Proposal(1, 1, Bytes.EMPTY, ts),
                new Proposal(2, 1, Bytes.EMPTY, ts))));
        assertThat(failureOf(wire)).isEqualTo(NotifyType.BAD_PROPOSAL_SYNTAX);
    }

    @Test
    void nonceOutsideEightTo256BytesIsMalformed() {
        byte[] wire = message(new NoncePayload(Bytes.of(new byte[8])));
        put16(wire, 30, 11);     // 7-byte nonce, and the message shrinks accordingly
        byte[] shorter = Arrays.copyOf(wire, wire.length - 1);
        put16(shorter, 26, shorter.length);
        assertThat(failureOf(shorter)).isEqualTo(NotifyType.PAYLOAD_MALFORMED);
    }

    @Test
    void addressIdWithWrongLengthIsInvalidIdInformation() throws Exception {
        byte[] wire = message(IdentificationPayload.address(InetAddress.getByName("192.0.2.1"), 0, 0),
                VID);
        // make the ID one byte longer by stealing the first byte of the next payload header
        put16(wire, 30, 13);
        assertThat(failureOf(wire)).isIn(NotifyType.INVALID_ID_INFORMATION, NotifyType.PAYLOAD_MALFORMED);
        byte[] unknownType = message(IdentificationPayload.fqdn("x"));
        unknownType[32] = 99;
        assertThat(failureOf(unknownType)).isEqualTo(NotifyType.INVALID_ID_INFORMATION);
    }

    @Test
    void deleteWhoseCountLiesIsMalformed() {
        byte[] wire = message(DeletePayload.of(ProtocolId.IPSEC_ESP, List.of(Bytes.ofInt(0x1234, 4))));
        put16(wire, 28 + 4 + 6, 2);
        assertThat(failureOf(wire)).isEqualTo(NotifyType.PAYLOAD_MALFORMED);
    }

    @Test
    void rulesRefuseClearIdentityInMainModeAndDeleteOutsideInformational() {
        DecodedPayloads clearId = decoder.decode(message(IdentificationPayload.fqdn("x"))).value().payloads();
        assertThatThrownBy(() -> MessageRules.check(ExchangeType.IDENTITY_PROTECTION, MessageRules.Sender.INITIATOR,
                false, clearId)).isInstanceOf(CodecException.class).hasMessageContaining("clear");
        DecodedPayloads delete = decoder.decode(message(DeletePayload.of(ProtocolId.IPSEC_ESP,
                List.of(Bytes.ofInt(0x1234, 4))))).value().payloads();
        assertThatThrownBy(() -> MessageRules.check(ExchangeType.IDENTITY_PROTECTION, MessageRules.Sender.RESPONDER,
                true, delete)).isInstanceOf(CodecException.class)
                .extracting(e -> ((CodecException) e).notifyType()).isEqualTo(NotifyType.INVALID_PAYLOAD_TYPE);
    }

    @Test
    void rulesWantHashFirstInQuickModeAndBoundCounts() throws Exception {
        NoncePayload nonce = new NoncePayload(Bytes.of(new byte[16]));
        HashPayload hash = new HashPayload(Bytes.of(new byte[20]));
        DecodedPayloads noHashFirst = decoder.decodePayloads(10,
                IsakmpEncoder.encodePayloads(List.of(nonce, hash)), true).value();
        assertThatThrownBy(() -> MessageRules.check(ExchangeType.QUICK_MODE, MessageRules.Sender.INITIATOR, true,
                noHashFirst)).hasMessageContaining("start with HASH");
        DecodedPayloads twoNonces = decoder.decodePayloads(8,
                IsakmpEncoder.encodePayloads(List.of(hash, nonce, nonce)), true).value();
        assertThatThrownBy(() -> MessageRules.check(ExchangeType.QUICK_MODE, MessageRules.Sender.RESPONDER, true,
                twoNonces)).hasMessageContaining("2 NONCE");
        DecodedPayloads ok = decoder.decodePayloads(8, IsakmpEncoder.encodePayloads(List.of(hash, nonce)), true)
                .value();
        MessageRules.check(ExchangeType.QUICK_MODE, MessageRules.Sender.RESPONDER, true, ok);
        assertThatThrownBy(() -> MessageRules.check(ExchangeType.TRANSACTION, MessageRules.Sender.RESPONDER, true,
                ok)).extracting(e -> ((CodecException) e).notifyType()).isEqualTo(NotifyType.UNSUPPORTED_EXCHANGE_TYPE);
    }

    @Test
    void subnetIdsNameTheirNetworkEvenWithHostBitsSet() throws Exception {
        IdentificationPayload id = new IdentificationPayload(IdType.IPV4_ADDR_SUBNET, 0, 0,
                Bytes.fromHex("0a010005ffffff00"));
        assertThat(id.firstAddress()).isEqualTo(InetAddress.getByName("10.1.0.0"));
        assertThat(id.lastAddress()).isEqualTo(InetAddress.getByName("10.1.0.255"));
    }
}
