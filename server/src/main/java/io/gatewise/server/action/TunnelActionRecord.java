package io.gatewise.server.action;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One operator's action on one tunnel, from the request to the agent's answer. */
@Entity
@Table(name = "tunnel_action")
class TunnelActionRecord {
    static final int MAX_DETAIL = 2000;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "gateway_id", nullable = false)
    private UUID gatewayId;

    @Column(nullable = false, length = 255)
    private String tunnel;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private TunnelActionKind kind;

    @Column(name = "requested_by", nullable = false, length = 64)
    private String requestedBy;

    @Column(name = "requested_at", nullable = false)
    private Instant requestedAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private TunnelActionStatus status;

    @Column(name = "completed_at")
    private Instant completedAt;

    @Column(nullable = false, length = MAX_DETAIL)
    private String detail;

    protected TunnelActionRecord() {
    }

    TunnelActionRecord(UUID gatewayId, String tunnel, TunnelActionKind kind, String requestedBy, Instant requestedAt) {
        this.gatewayId = gatewayId;
        this.tunnel = tunnel;
        this.kind = kind;
        this.requestedBy = requestedBy.length() <= 64 ? requestedBy : requestedBy.substring(0, 64);
        this.requestedAt = requestedAt;
        this.status = TunnelActionStatus.SENT;
        this.detail = "";
    }

    /** The agent's answer (or the lost stream); only a {@code SENT} action can complete. */
    void complete(TunnelActionStatus outcome, String text, Instant at) {
        if (status != TunnelActionStatus.SENT || outcome == TunnelActionStatus.SENT) {
            throw new IllegalStateException("action " + id + " is " + status);
        }
        this.status = outcome;
        this.detail = text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL);
        this.completedAt = at;
    }

    Long getId() {
        return id;
    }

    UUID getGatewayId() {
        return gatewayId;
    }

    String getTunnel() {
        return tunnel;
    }

    TunnelActionKind getKind() {
        return kind;
    }

    String getRequestedBy() {
        return requestedBy;
    }

    Instant getRequestedAt() {
        return requestedAt;
    }

    TunnelActionStatus getStatus() {
        return status;
    }

    Instant getCompletedAt() {
        return completedAt;
    }

    String getDetail() {
        return detail;
    }
}
