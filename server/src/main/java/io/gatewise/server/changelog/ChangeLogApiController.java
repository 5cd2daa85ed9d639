package io.gatewise.server.changelog;

import java.time.Instant;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The change log over {@code /api/v1}, for ADMIN and AUDITOR tokens. */
@RestController
@RequestMapping("/api/v1/changes")
@Tag(name = "Change log", description = "Who changed what, when (ADMIN and AUDITOR)")
class ChangeLogApiController {
    private final ChangeLog changes;

    ChangeLogApiController(ChangeLog changes) {
        this.changes = changes;
    }

    record ChangeJson(long id, Instant at, String actor, String action, String objectType, String objectId,
                      String summary, String before, String after) {
        static ChangeJson of(ChangeEntry e) {
            return new ChangeJson(e.getId(), e.getAt(), e.getActor(), e.getAction(), e.getObjectType(), e.getObjectId(),
                    e.getSummary(), e.getBefore(), e.getAfter());
        }
    }

    record ChangePage(List<ChangeJson> items, int page, int totalPages, long totalItems) {
    }

    @Operation(summary = "Changes, newest first; filters are optional (from inclusive, to exclusive, ISO-8601)")
    @GetMapping
    ChangePage list(@RequestParam(required = false) String actor, @RequestParam(required = false) String objectType,
                    @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                    @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "100") int size) {
        var result = changes.search(actor, objectType, from, to, page, size);
        return new ChangePage(result.getContent().stream().map(ChangeJson::of).toList(), result.getNumber(),
                result.getTotalPages(), result.getTotalElements());
    }

    @Operation(summary = "One change with its before/after snapshots (JSON text, secrets redacted)")
    @GetMapping("/{id}")
    ChangeJson one(@PathVariable long id) {
        return ChangeJson.of(changes.get(id));
    }
}
