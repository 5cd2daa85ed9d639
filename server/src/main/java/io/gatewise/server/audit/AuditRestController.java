package io.gatewise.server.audit;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/audit}: negotiation events, newest first, filtered; {@code format=csv}
 * for a download. {@code POST /api/v1/audit/verify}: checks every hash chain.
 */
@RestController
@RequestMapping("/api/v1/audit")
class AuditRestController {
    private static final HexFormat HEX = HexFormat.of();
    private final AuditService audit;

    AuditRestController(AuditService audit) {
        this.audit = audit;
    }

    /** One row as the API shows it; hashes in hex, detail as the stored JSON text. */
    record AuditRowView(String gatewayId, long eventId, long chainSeq, Instant occurredAt, Instant receivedAt,
            String kind, String outcome, String tunnel, String child, String peerEndpoint, String role, String stage,
            String initiatorCookie, String responderCookie, String reason, String detail, long droppedCount,
            String prevHash, String rowHash) {
        static AuditRowView of(AuditRow r) {
            return new AuditRowView(r.gatewayId().toString(), r.eventId(), r.chainSeq(), r.occurredAt(),
                    r.receivedAt(), r.kind(), r.outcome(), r.tunnel(), r.child(), r.peerEndpoint(), r.role(),
                    r.stage(), r.initiatorCookie(), r.responderCookie(), r.reason(), r.detail(), r.droppedCount(),
                    HEX.formatHex(r.prevHash()), HEX.formatHex(r.rowHash()));
        }
    }

    static AuditFilter filter(Optional<UUID> gateway, Optional<String> peer, Optional<Instant> from,
            Optional<Instant> to, Optional<String> outcome, Optional<String> stage) {
        return new AuditFilter(gateway, peer.filter(s -> !s.isBlank()), from, to, outcome.filter(s -> !s.isBlank()),
                stage.filter(s -> !s.isBlank()));
    }

    @GetMapping
    ResponseEntity<?> list(@RequestParam Optional<UUID> gateway, @RequestParam Optional<String> peer,
            @RequestParam Optional<Instant> from, @RequestParam Optional<Instant> to,
            @RequestParam Optional<String> outcome, @RequestParam Optional<String> stage,
            @RequestParam(defaultValue = "1000") int limit, @RequestParam(defaultValue = "json") String format) {
        List<AuditRow> rows = audit.find(filter(gateway, peer, from, to, outcome, stage), limit);
        if ("csv".equalsIgnoreCase(format)) {
            return ResponseEntity.ok()
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"gatewise-audit.csv\"")
                    .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                    .body(AuditCsv.write(rows));
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"gatewise-audit.json\"")
                .body(rows.stream().map(AuditRowView::of).toList());
    }

    @PostMapping("/verify")
    VerifyReport verify() {
        return audit.verify();
    }
}
