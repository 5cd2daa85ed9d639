package io.gatewise.server.audit;

import java.util.HexFormat;
import java.util.List;

/** RFC 4180 CSV of audit rows; cells that a spreadsheet would run as formulas are defused. */
final class AuditCsv {
    static final String HEADER = "occurred_at,gateway_id,event_id,kind,outcome,stage,tunnel,child,peer_endpoint,role,"
            + "initiator_cookie,responder_cookie,reason,detail,row_hash";

    private AuditCsv() {
    }

    static String write(List<AuditRow> rows) {
        StringBuilder out = new StringBuilder(HEADER).append("\r\n");
        HexFormat hex = HexFormat.of();
        for (AuditRow r : rows) {
            String[] cells = {r.occurredAt().toString(), r.gatewayId().toString(), Long.toString(r.eventId()), r.kind(),
                r.outcome(), r.stage(), r.tunnel(), r.child(), r.peerEndpoint(), r.role(), r.initiatorCookie(),
                r.responderCookie(), r.reason(), r.detail(), hex.formatHex(r.rowHash())};
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(cell(cells[i]));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    static String cell(String value) {
        String v = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
