package io.gatewise.server.audit;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * SQL for the audit tables ({@code V4__sa_events.sql}), plain JDBC so that the verify
 * CLI can use it without Spring's context. Callers hold the transaction.
 */
public final class AuditStore {
    static final String COLUMNS = "gateway_id, event_id, chain_seq, received_at, occurred_at, kind, outcome, tunnel,"
            + " child, peer_endpoint, role, stage, initiator_cookie, responder_cookie, reason, detail, dropped_count,"
            + " prev_hash, row_hash";

    /** The end of one gateway's chain. */
    record Head(long lastSeq, long lastEventId, byte[] lastHash) {
    }

    /** A signed checkpoint left by pruning. */
    public record Checkpoint(UUID gatewayId, long throughSeq, long throughEventId, byte[] chainHash, long prunedRows,
            Instant createdAt, byte[] signature) {
    }

    private final JdbcTemplate jdbc;

    public AuditStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks the gateway's chain head for this transaction, creating it at genesis if new. */
    Head lockHead(UUID gatewayId) {
        jdbc.update("INSERT INTO audit_chain_head (gateway_id, last_seq, last_event_id, last_hash) VALUES (?, 0, 0, ?)"
                + " ON CONFLICT (gateway_id) DO NOTHING", gatewayId, HashChain.GENESIS);
        return jdbc.queryForObject("SELECT last_seq, last_event_id, last_hash FROM audit_chain_head"
                + " WHERE gateway_id = ? FOR UPDATE",
                (rs, n) -> new Head(rs.getLong(1), rs.getLong(2), rs.getBytes(3)), gatewayId);
    }

    void updateHead(UUID gatewayId, Head head) {
        jdbc.update("UPDATE audit_chain_head SET last_seq = ?, last_event_id = ?, last_hash = ? WHERE gateway_id = ?",
                head.lastSeq(), head.lastEventId(), head.lastHash(), gatewayId);
    }

    /** Which of {@code ids} this gateway already has. */
    Set<Long> existingIds(UUID gatewayId, List<Long> ids) {
        Set<Long> found = new HashSet<>();
        jdbc.execute((Connection c) -> {
            Array array = c.createArrayOf("bigint", ids.toArray());
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT event_id FROM sa_event WHERE gateway_id = ? AND event_id = ANY (?)")) {
                ps.setObject(1, gatewayId);
                ps.setArray(2, array);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getLong(1));
                    }
                }
            } finally {
                array.free();
            }
            return null;
        });
        return found;
    }

    /**
     * Inserts rows with one statement per call (arrays through {@code unnest}: one round
     * trip and one plan instead of one per row); a row whose (gateway_id, event_id) exists
     * is left alone.
     */
    void insert(List<AuditRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int n = rows.size();
        Object[][] cols = new Object[19][];
        String[] types = {"uuid", "int8", "int8", "timestamptz", "timestamptz", "text", "text", "text", "text", "text",
            "text", "text", "text", "text", "text", "text", "int8", "bytea", "bytea"};
        for (int c = 0; c < 19; c++) {
            cols[c] = switch (types[c]) {
                case "uuid" -> new UUID[n];
                case "int8" -> new Long[n];
                case "timestamptz" -> new Timestamp[n];
                case "bytea" -> new byte[n][]; // PgJDBC sends byte[][] as bytea[]
                default -> new String[n];
            };
        }
        for (int i = 0; i < n; i++) {
            AuditRow r = rows.get(i);
            Object[] v = {r.gatewayId(), r.eventId(), r.chainSeq(), Timestamp.from(r.receivedAt()),
                Timestamp.from(r.occurredAt()), r.kind(), r.outcome(), r.tunnel(), r.child(), r.peerEndpoint(), r.role(),
                r.stage(), r.initiatorCookie(), r.responderCookie(), r.reason(), r.detail(), r.droppedCount(),
                r.prevHash(), r.rowHash()};
            for (int c = 0; c < 19; c++) {
                cols[c][i] = v[c];
            }
        }
        StringBuilder select = new StringBuilder();
        for (int c = 0; c < 19; c++) {
            select.append(c == 0 ? "" : ", ").append("?::").append(types[c]).append("[]");
        }
        jdbc.execute((Connection c) -> {
            List<Array> arrays = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sa_event (" + COLUMNS + ") SELECT * FROM unnest("
                    + select + ") ON CONFLICT (gateway_id, event_id) DO NOTHING")) {
                for (int col = 0; col < 19; col++) {
                    Array a = c.createArrayOf(types[col], cols[col]);
                    arrays.add(a);
                    ps.setArray(col + 1, a);
                }
                ps.executeUpdate();
            } finally {
                for (Array a : arrays) {
                    a.free();
                }
            }
            return null;
        });
    }

    static final RowMapper<AuditRow> ROW = (rs, n) -> new AuditRow(rs.getObject(1, UUID.class), rs.getLong(2),
            rs.getLong(3), rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(), rs.getString(6),
            rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12),
            rs.getString(13), rs.getString(14), rs.getString(15), rs.getString(16), rs.getLong(17), rs.getBytes(18),
            rs.getBytes(19));

    /** Streams one gateway's rows in chain order. */
    void forEachRow(UUID gatewayId, Consumer<AuditRow> consumer) {
        jdbc.query(c -> {
            PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sa_event WHERE gateway_id = ?"
                    + " ORDER BY chain_seq");
            ps.setFetchSize(2000);
            ps.setObject(1, gatewayId);
            return ps;
        }, (ResultSet rs) -> {
            consumer.accept(ROW.mapRow(rs, 0));
        });
    }

    /** Every gateway that has or had audit rows. */
    List<UUID> chainedGateways() {
        return jdbc.queryForList("SELECT gateway_id FROM audit_chain_head UNION SELECT DISTINCT gateway_id FROM sa_event"
                + " UNION SELECT gateway_id FROM audit_checkpoint ORDER BY 1", UUID.class);
    }

    Optional<Head> head(UUID gatewayId) {
        return jdbc.query("SELECT last_seq, last_event_id, last_hash FROM audit_chain_head WHERE gateway_id = ?",
                (rs, n) -> new Head(rs.getLong(1), rs.getLong(2), rs.getBytes(3)), gatewayId).stream().findFirst();
    }

    Optional<Checkpoint> latestCheckpoint(UUID gatewayId) {
        return jdbc.query("SELECT gateway_id, through_seq, through_event_id, chain_hash, pruned_rows, created_at,"
                + " signature FROM audit_checkpoint WHERE gateway_id = ? ORDER BY through_seq DESC LIMIT 1",
                (rs, n) -> new Checkpoint(rs.getObject(1, UUID.class), rs.getLong(2), rs.getLong(3), rs.getBytes(4),
                        rs.getLong(5), rs.getTimestamp(6).toInstant(), rs.getBytes(7)), gatewayId)
                .stream().findFirst();
    }

    void insertCheckpoint(Checkpoint c) {
        jdbc.update("INSERT INTO audit_checkpoint (gateway_id, through_seq, through_event_id, chain_hash, pruned_rows,"
                + " created_at, signature) VALUES (?, ?, ?, ?, ?, ?, ?)", c.gatewayId(), c.throughSeq(),
                c.throughEventId(), c.chainHash(), c.prunedRows(), Timestamp.from(c.createdAt()), c.signature());
    }

    /** The last row received before {@code cutoff}, the end of what pruning may delete. */
    Optional<AuditRow> lastRowReceivedBefore(UUID gatewayId, Instant cutoff) {
        return jdbc.query("SELECT " + COLUMNS + " FROM sa_event WHERE gateway_id = ? AND received_at < ?"
                + " ORDER BY chain_seq DESC LIMIT 1", ROW, gatewayId, Timestamp.from(cutoff)).stream().findFirst();
    }

    int deleteThrough(UUID gatewayId, long chainSeq) {
        return jdbc.update("DELETE FROM sa_event WHERE gateway_id = ? AND chain_seq <= ?", gatewayId, chainSeq);
    }

    /** Rows matching the filter, newest first, skipping the first {@code offset}. */
    List<AuditRow> query(AuditFilter f, int limit, long offset) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM sa_event WHERE TRUE");
        List<Object> args = new ArrayList<>();
        f.gatewayId().ifPresent(g -> {
            sql.append(" AND gateway_id = ?");
            args.add(g);
        });
        f.peer().ifPresent(p -> {
            sql.append(" AND (peer_endpoint ILIKE ? OR tunnel ILIKE ?)");
            String like = "%" + p.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            args.add(like);
            args.add(like);
        });
        f.from().ifPresent(t -> {
            sql.append(" AND occurred_at >= ?");
            args.add(Timestamp.from(t));
        });
        f.to().ifPresent(t -> {
            sql.append(" AND occurred_at < ?");
            args.add(Timestamp.from(t));
        });
        f.outcome().ifPresent(o -> {
            sql.append(" AND outcome = ?");
            args.add(o);
        });
        f.stage().ifPresent(s -> {
            sql.append(" AND stage = ?");
            args.add(s);
        });
        sql.append(" ORDER BY occurred_at DESC, gateway_id, event_id DESC LIMIT ? OFFSET ?");
        args.add(limit);
        args.add(offset);
        return jdbc.query(sql.toString(), ROW, args.toArray());
    }

}
