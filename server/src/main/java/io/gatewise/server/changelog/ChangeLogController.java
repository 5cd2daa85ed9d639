package io.gatewise.server.changelog;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The change log pages, for ADMIN and AUDITOR: a filtered list and one change as a diff. */
@Controller
class ChangeLogController {
    private static final int PAGE_SIZE = 50;

    private final ChangeLog changes;

    ChangeLogController(ChangeLog changes) {
        this.changes = changes;
    }

    @GetMapping("/changes")
    String list(@RequestParam(required = false) String actor, @RequestParam(required = false) String type,
                @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                @RequestParam(defaultValue = "0") int page, Model model) {
        Instant fromTime = parse(from, model, "from");
        Instant toTime = parse(to, model, "to");
        Page<ChangeEntry> result = changes.search(actor, type, fromTime, toTime, page, PAGE_SIZE);
        model.addAttribute("entries", result.getContent());
        model.addAttribute("page", result);
        model.addAttribute("actor", actor);
        model.addAttribute("type", type);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("actors", changes.knownActors());
        model.addAttribute("types", changes.knownObjectTypes());
        return "changes/list";
    }

    @GetMapping("/changes/{id}")
    String detail(@PathVariable long id, Model model) {
        ChangeEntry entry = changes.get(id);
        List<JsonDiff.Row> rows = changes.diff(entry);
        model.addAttribute("entry", entry);
        model.addAttribute("rows", rows);
        return "changes/detail";
    }

    /** The form's datetime-local value, read in the server's zone. */
    private static Instant parse(String value, Model model, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value.trim()).atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            model.addAttribute(field + "Error", "Enter a date and time like 2026-01-31T14:00.");
            return null;
        }
    }
}
