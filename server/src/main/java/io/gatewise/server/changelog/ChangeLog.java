package io.gatewise.server.changelog;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.criteria.Predicate;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.gatewise.server.system.Access;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The change log: every change a user makes, with who, when, what, and JSON snapshots of
 * the object before and after. {@link #record} joins the caller's transaction (and refuses
 * to run without one), so the change and its record commit or roll back together.
 *
 * <p>Call it from the service method that makes the change, after the change:
 * <pre>{@code
 * changeLog.record("update", "topology", topology.getId(), TopologyView.of(old), TopologyView.of(topology));
 * }</pre>
 * Snapshots are any objects Jackson can write (records, maps); null before means created,
 * null after means deleted. Secret-looking members are redacted ({@link Redaction}) but
 * do not rely on it: snapshot what an auditor should see, say {@code pskSet: true}.
 */
@Service
public class ChangeLog {
    /** The actor recorded when no user is logged in (startup, agent-driven updates). */
    public static final String SYSTEM = "system";

    private final ChangeEntryRepository entries;
    private final JsonMapper json;
    private final Clock clock;

    ChangeLog(ChangeEntryRepository entries, JsonMapper json, Clock clock) {
        this.entries = entries;
        this.json = json;
        this.clock = clock;
    }

    /** Records a change by the logged-in user (or {@value #SYSTEM}). */
    @Transactional(propagation = Propagation.MANDATORY)
    public ChangeEntry record(String action, String objectType, Object objectId, Object before, Object after) {
        return record(currentActor(), action, objectType, objectId, before, after);
    }

    /** Records a change by {@code actor}; must run inside the transaction that makes the change. */
    @Transactional(propagation = Propagation.MANDATORY)
    public ChangeEntry record(String actor, String action, String objectType, Object objectId, Object before,
                              Object after) {
        String beforeJson = snapshot(before);
        String afterJson = snapshot(after);
        String summary = abbreviate(action + " " + objectType + " " + displayName(after != null ? after : before, objectId));
        return entries.save(new ChangeEntry(clock.instant(), abbreviate64(actor == null ? SYSTEM : actor),
                abbreviate64(action), abbreviate64(objectType), String.valueOf(objectId), summary, beforeJson, afterJson));
    }

    /** Filters may be null. Newest first. */
    @PreAuthorize(Access.AUDIT)
    @Transactional(readOnly = true)
    public Page<ChangeEntry> search(String actor, String objectType, Instant from, Instant to, int page, int size) {
        Specification<ChangeEntry> filter = (root, query, cb) -> {
            List<Predicate> where = new ArrayList<>();
            if (actor != null && !actor.isBlank()) {
                where.add(cb.equal(root.get("actor"), actor.trim()));
            }
            if (objectType != null && !objectType.isBlank()) {
                where.add(cb.equal(root.get("objectType"), objectType.trim()));
            }
            if (from != null) {
                where.add(cb.greaterThanOrEqualTo(root.<Instant>get("at"), from));
            }
            if (to != null) {
                where.add(cb.lessThan(root.<Instant>get("at"), to));
            }
            return cb.and(where.toArray(Predicate[]::new));
        };
        return entries.findAll(filter, PageRequest.of(Math.max(0, page), Math.min(Math.max(1, size), 500),
                Sort.by(Sort.Order.desc("at"), Sort.Order.desc("id"))));
    }

    @PreAuthorize(Access.AUDIT)
    @Transactional(readOnly = true)
    public ChangeEntry get(long id) {
        return entries.findById(id).orElseThrow(() -> new ChangeNotFoundException(id));
    }

    /** Field-by-field comparison of the entry's snapshots. */
    @PreAuthorize(Access.AUDIT)
    public List<JsonDiff.Row> diff(ChangeEntry entry) {
        return JsonDiff.rows(parse(entry.getBefore()), parse(entry.getAfter()));
    }

    @PreAuthorize(Access.AUDIT)
    @Transactional(readOnly = true)
    public List<String> knownObjectTypes() {
        return entries.objectTypes();
    }

    @PreAuthorize(Access.AUDIT)
    @Transactional(readOnly = true)
    public List<String> knownActors() {
        return entries.actors();
    }

    private JsonNode parse(String text) {
        return text == null ? null : json.readTree(text);
    }

    private String snapshot(Object value) {
        if (value == null) {
            return null;
        }
        return json.writeValueAsString(Redaction.redact(json.valueToTree(value)));
    }

    private String displayName(Object snapshot, Object objectId) {
        if (snapshot != null) {
            JsonNode node = json.valueToTree(snapshot);
            for (String member : List.of("name", "username")) {
                if (node.hasNonNull(member) && node.get(member).isString()) {
                    return node.get(member).asString();
                }
            }
        }
        return String.valueOf(objectId);
    }

    static String currentActor() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth == null || !auth.isAuthenticated() ? SYSTEM : auth.getName();
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 297) + "...";
    }

    private static String abbreviate64(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64);
    }
}
