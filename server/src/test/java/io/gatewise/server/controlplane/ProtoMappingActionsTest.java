package io.gatewise.server.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.gatewise.proto.v1.ActionResult;
import io.gatewise.proto.v1.ServerMessage;
import io.gatewise.proto.v1.TunnelAction;
import io.gatewise.server.action.TunnelActionKind;

/** The action section of {@link ProtoMapping}: every kind has its wire value; agent text is bounded and printable. */
class ProtoMappingActionsTest {
    private static final UUID GATEWAY = UUID.fromString("0b8a7c6d-1e2f-4a3b-8c9d-0e1f2a3b4c5d");

    @Test
    void everyKindMapsToItsOwnWireValue() {
        for (TunnelActionKind kind : TunnelActionKind.values()) {
            ServerMessage m = ProtoMapping.tunnelAction(42, GATEWAY, "to-hq", kind);
            TunnelAction a = m.getAction();
            assertThat(a.getActionId()).isEqualTo(42);
            assertThat(a.getGatewayId()).isEqualTo(GATEWAY.toString());
            assertThat(a.getTunnel()).isEqualTo("to-hq");
            assertThat(a.getKind().name()).isEqualTo("TUNNEL_ACTION_KIND_" + kind.name());
        }
    }

    @Test
    void answersCarryDetailWhenOkAndErrorOtherwiseCleanedAndBounded() {
        ProtoMapping.ActionAnswer ok = ProtoMapping.actionAnswer(ActionResult.newBuilder().setActionId(7).setOk(true)
                .setDetail("deleted 1 IKE SA(s)").setError("ignored").build());
        assertThat(ok).isEqualTo(new ProtoMapping.ActionAnswer(7, true, "deleted 1 IKE SA(s)"));
        ProtoMapping.ActionAnswer refused = ProtoMapping.actionAnswer(ActionResult.newBuilder().setActionId(8)
                .setError("no tunnel\u0000 named\n x" + "y".repeat(5000)).build());
        assertThat(refused.ok()).isFalse();
        assertThat(refused.text()).startsWith("no tunnel named x").hasSize(2000).doesNotContain("\u0000", "\n");
    }
}
