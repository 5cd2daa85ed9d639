package io.gatewise.agent.ike.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.gatewise.agent.ike.codec.Bytes;
import io.gatewise.agent.ike.codec.DataAttribute;
import io.gatewise.agent.ike.codec.DecodedPayloads;
import io.gatewise.agent.ike.codec.IpsecAttributeType;
import io.gatewise.agent.ike.codec.IsakmpDecoder;
import io.gatewise.agent.ike.codec.IsakmpEncoder;
import io.gatewise.agent.ike.codec.LifeType;
import io.gatewise.agent.ike.codec.NotificationPayload;
import io.gatewise.agent.ike.codec.NotifyType;
import io.gatewise.agent.ike.codec.PayloadType;
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
}
