package io.gatewise.server.audit;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One audit row as the audit page shows it: the stored row plus what its detail JSON
 * says in a form a person reads — for a failure the notification and both sides'
 * proposals, for an establishment the chosen proposal, authentication and SPIs.
 *
 * @param notification e.g. "NO-PROPOSAL-CHOSEN, sent by this gateway"; empty when none
 * @param offered the proposals the initiator offered (failures)
 * @param accepted what the responder's policy accepts (failures)
 * @param agreed for establishments: "aes128-sha256-modp2048 · psk · FQDN:peer"; empty otherwise
 * @param spis "in c1a2b3c4 / out d1e2f3a4"; empty when the event names none
 */
public record AuditEntry(AuditRow row, String gatewayName, String notification, List<String> offered,
        List<String> accepted, String agreed, String spis) {

    static AuditEntry of(AuditRow row, String gatewayName, JsonMapper json) {
        JsonNode d = parse(row.detail(), json);
        String notification = text(d, "notification");
        if (!notification.isEmpty()) {
            notification += d.path("sent_by_us").asBoolean(false) ? ", sent by this gateway" : ", received from the peer";
        }
        List<String> agreed = new ArrayList<>();
        for (String field : new String[] {"proposal", "dh_group", "auth_method", "peer_identity"}) {
            if (!text(d, field).isEmpty() && !agreed.contains(text(d, field))) {
                agreed.add(text(d, field));
            }
        }
        String spiIn = text(d, "spi_in");
        String spiOut = text(d, "spi_out");
        String spis = spiIn.isEmpty() && spiOut.isEmpty() ? "" : "in " + spiIn + " / out " + spiOut;
        return new AuditEntry(row, gatewayName, notification, strings(d, "offered_proposals"),
                strings(d, "accepted_proposals"), String.join(" · ", agreed), spis);
    }

    public boolean failed() {
        return "failed".equals(row.outcome());
    }

    private static JsonNode parse(String detail, JsonMapper json) {
        try {
            return json.readTree(detail == null || detail.isBlank() ? "{}" : detail);
        } catch (JacksonException e) { // stored text is bounded by the control plane, but be lenient
            return json.createObjectNode();
        }
    }

    private static String text(JsonNode d, String field) {
        JsonNode v = d.path(field);
        return v.isValueNode() ? v.asString() : "";
    }

    private static List<String> strings(JsonNode d, String field) {
        List<String> out = new ArrayList<>();
        d.path(field).forEach(n -> out.add(n.asString()));
        return List.copyOf(out);
    }
}
