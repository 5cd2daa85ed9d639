package io.gatewise.server.changelog;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One recorded change: who, when, what, and the object before and after (redacted JSON). */
@Entity
@Table(name = "change_log")
public class ChangeEntry {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private Instant at;

    @Column(nullable = false, length = 64)
    private String actor;

    @Column(nullable = false, length = 64)
    private String action;

    @Column(name = "object_type", nullable = false, length = 64)
    private String objectType;

    @Column(name = "object_id", nullable = false, length = 128)
    private String objectId;

    @Column(nullable = false, length = 300)
    private String summary;

    @Column(name = "before")
    private String before;

    @Column(name = "after")
    private String after;

    protected ChangeEntry() {
    }

    ChangeEntry(Instant at, String actor, String action, String objectType, String objectId, String summary,
                String before, String after) {
        this.at = at;
        this.actor = actor;
        this.action = action;
        this.objectType = objectType;
        this.objectId = objectId;
        this.summary = summary;
        this.before = before;
        this.after = after;
    }

    public Long getId() {
        return id;
    }

    public Instant getAt() {
        return at;
    }

    public String getActor() {
        return actor;
    }

    public String getAction() {
        return action;
    }

    public String getObjectType() {
        return objectType;
    }

    public String getObjectId() {
        return objectId;
    }

    public String getSummary() {
        return summary;
    }

    /** JSON of the object before the change; null when it was created. */
    public String getBefore() {
        return before;
    }

    /** JSON of the object after the change; null when it was deleted. */
    public String getAfter() {
        return after;
    }

    @Override
    public String toString() {
        return "ChangeEntry[" + id + ", " + actor + " " + action + " " + objectType + " " + objectId + "]";
    }
}
