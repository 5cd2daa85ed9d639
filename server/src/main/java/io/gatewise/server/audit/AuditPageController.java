package io.gatewise.server.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.gatewise.server.gateway.Gateway;
import io.gatewise.server.gateway.GatewayService;
import tools.jackson.databind.json.JsonMapper;

/**
 * The negotiation audit for ADMIN and AUDITOR: {@code /audit} filters (GET parameters,
 * pages of {@value #PAGE_SIZE}), {@code /audit/export?format=csv|json} downloads the same
 * selection on the browser's session (the {@code /api/v1} twin takes only API tokens),
 * and {@code POST /audit/verify} checks every hash chain and shows the verdict.
 */
@Controller
class AuditPageController {
    static final int PAGE_SIZE = 50;
    static final List<String> OUTCOMES = List.of("started", "established", "failed", "rekeyed", "deleted",
            "dpd-timeout", "dropped");
    static final List<String> STAGES = List.of("main_mode", "aggressive_mode", "quick_mode", "phase1_auth",
            "informational", "dpd");

    private final AuditService audit;
    private final GatewayService gateways;
    private final JsonMapper json;

    AuditPageController(AuditService audit, GatewayService gateways, JsonMapper json) {
        this.audit = audit;
        this.gateways = gateways;
        this.json = json;
    }

    /** The filter form as submitted; every field may be blank. Times are UTC, as the page shows them. */
    record AuditQuery(String gateway, String peer, String from, String to, String outcome, String stage, Integer page) {
        int pageNumber() {
            return page == null || page < 0 ? 0 : page;
        }
    }

    @GetMapping("/audit")
    String list(@ModelAttribute("q") AuditQuery q, Model model) {
        Map<String, String> errors = new HashMap<>();
        AuditFilter filter = filter(q, errors);
        int page = q.pageNumber();
        List<AuditRow> rows = audit.find(filter, PAGE_SIZE + 1, (long) page * PAGE_SIZE);
        Map<UUID, String> names = gatewayNames();
        model.addAttribute("entries", rows.stream().limit(PAGE_SIZE)
                .map(r -> AuditEntry.of(r, names.getOrDefault(r.gatewayId(), r.gatewayId().toString()), json)).toList());
        model.addAttribute("page", page);
        model.addAttribute("hasNext", rows.size() > PAGE_SIZE);
        model.addAttribute("errors", errors);
        model.addAttribute("gateways", gateways.list());
        model.addAttribute("outcomes", OUTCOMES);
        model.addAttribute("stages", STAGES);
        return "audit/list";
    }

    @GetMapping("/audit/export")
    ResponseEntity<?> export(@ModelAttribute("q") AuditQuery q, @RequestParam(defaultValue = "csv") String format) {
        List<AuditRow> rows = audit.find(filter(q, new HashMap<>()), AuditService.MAX_ROWS);
        if ("json".equalsIgnoreCase(format)) {
            return ResponseEntity.ok()
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"gatewise-audit.json\"")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(rows.stream().map(AuditRestController.AuditRowView::of).toList());
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"gatewise-audit.csv\"")
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(AuditCsv.write(rows));
    }

    @PostMapping("/audit/verify")
    String verify(RedirectAttributes redirect) {
        VerifyReport report = audit.verify();
        redirect.addFlashAttribute("verifyIntact", report.intact());
        redirect.addFlashAttribute("verifyResult", describe(report, gatewayNames()));
        return "redirect:/audit";
    }

    /** "Chain intact: 1,234 events in 3 gateways" or "Broken at gateway hq event 12: …". */
    static String describe(VerifyReport report, Map<UUID, String> names) {
        if (report.intact()) {
            return String.format(Locale.ROOT, "Chain intact: %,d event%s in %d gateway%s", report.rowsChecked(),
                    report.rowsChecked() == 1 ? "" : "s", report.gatewaysChecked(),
                    report.gatewaysChecked() == 1 ? "" : "s");
        }
        VerifyReport.BrokenLink link = report.brokenLink().orElseThrow();
        String gateway = names.getOrDefault(link.gatewayId(), link.gatewayId().toString());
        return "Broken at gateway " + gateway + (link.eventId() > 0 ? " event " + link.eventId() : "") + ": "
                + link.problem();
    }

    private Map<UUID, String> gatewayNames() {
        Map<UUID, String> names = new HashMap<>();
        for (Gateway g : gateways.list()) {
            names.put(g.getId(), g.getName());
        }
        return names;
    }

    /** The service's filter; unreadable fields are reported in {@code errors} and ignored. */
    static AuditFilter filter(AuditQuery q, Map<String, String> errors) {
        Optional<UUID> gateway = Optional.empty();
        if (!blank(q.gateway())) {
            try {
                gateway = Optional.of(UUID.fromString(q.gateway().trim()));
            } catch (IllegalArgumentException e) {
                errors.put("gateway", "Choose a gateway from the list.");
            }
        }
        return new AuditFilter(gateway, Optional.ofNullable(q.peer()).map(String::trim).filter(s -> !s.isEmpty()),
                time(q.from(), "from", errors), time(q.to(), "to", errors),
                Optional.ofNullable(q.outcome()).filter(s -> !s.isBlank()),
                Optional.ofNullable(q.stage()).filter(s -> !s.isBlank()));
    }

    private static Optional<Instant> time(String value, String field, Map<String, String> errors) {
        if (blank(value)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(value.trim()).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            errors.put(field, "Enter a date and time like 2026-01-31T14:00 (UTC).");
            return Optional.empty();
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
