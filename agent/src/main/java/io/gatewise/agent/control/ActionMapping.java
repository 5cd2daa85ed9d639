package io.gatewise.agent.control;

import io.gatewise.agent.config.TunnelActions;
import io.gatewise.proto.v1.ActionResult;
import io.gatewise.proto.v1.TunnelAction;
import java.util.Optional;

/** {@code TunnelAction} in, {@code ActionResult} out: the protobuf side of {@link TunnelActions}. */
final class ActionMapping {
    private ActionMapping() {
    }

    /** The kind, or empty for UNSPECIFIED and kinds this agent does not know (a newer server). */
    static Optional<TunnelActions.Kind> kind(TunnelAction action) {
        return switch (action.getKind()) {
            case TUNNEL_ACTION_KIND_BRING_UP -> Optional.of(TunnelActions.Kind.BRING_UP);
            case TUNNEL_ACTION_KIND_REKEY -> Optional.of(TunnelActions.Kind.REKEY);
            case TUNNEL_ACTION_KIND_RESET -> Optional.of(TunnelActions.Kind.RESET);
            case TUNNEL_ACTION_KIND_CLEAR -> Optional.of(TunnelActions.Kind.CLEAR);
            default -> Optional.empty();
        };
    }

    /**
     * Runs one action and says how it went. Never throws: a failing implementation
     * becomes a refused result, so that the server always hears back.
     */
    static ActionResult run(TunnelAction action, String ourGatewayId, TunnelActions actions) {
        ActionResult.Builder result = ActionResult.newBuilder().setActionId(action.getActionId());
        if (!action.getGatewayId().isEmpty() && !action.getGatewayId().equals(ourGatewayId)) {
            return result.setOk(false).setError("this agent is gateway " + ourGatewayId + ", not "
                    + action.getGatewayId()).build();
        }
        Optional<TunnelActions.Kind> kind = kind(action);
        if (kind.isEmpty()) {
            return result.setOk(false).setError("this agent does not know the action kind " + action.getKindValue())
                    .build();
        }
        if (action.getTunnel().isBlank()) {
            return result.setOk(false).setError("the action names no tunnel").build();
        }
        TunnelActions.Outcome outcome;
        try {
            outcome = actions.run(kind.get(), action.getTunnel());
        } catch (RuntimeException e) {
            outcome = TunnelActions.Outcome.refused("the agent failed to run it: " + e);
        }
        return outcome.ok() ? result.setOk(true).setDetail(outcome.detail()).build()
                : result.setOk(false).setError(outcome.detail()).build();
    }
}
