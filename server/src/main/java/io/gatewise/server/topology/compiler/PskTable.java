package io.gatewise.server.topology.compiler;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.gatewise.server.system.Secret;

/**
 * The pre-shared key of every link, immutable. A table made with {@link #with} remembers
 * which keys it changed relative to its parent, so an incremental compile learns which
 * links got a new key without comparing hundreds of thousands of secrets.
 */
public final class PskTable {
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final long parentId;
    private final Set<LinkKey> delta;
    private final Map<LinkKey, Secret> all;

    private PskTable(Map<LinkKey, Secret> all, long parentId, Set<LinkKey> delta) {
        this.all = all;
        this.parentId = parentId;
        this.delta = delta;
    }

    public static PskTable of(Map<LinkKey, Secret> psks) {
        return new PskTable(java.util.Collections.unmodifiableMap(new HashMap<>(psks)), 0, Set.of());
    }

    public static PskTable empty() {
        return of(Map.of());
    }

    /** This table plus (or with replaced) {@code changes}. */
    public PskTable with(Map<LinkKey, Secret> changes) {
        Map<LinkKey, Secret> copy = new HashMap<>(all);
        copy.putAll(changes);
        return new PskTable(java.util.Collections.unmodifiableMap(copy), id, Set.copyOf(changes.keySet()));
    }

    /** The key of the link between {@code x} and {@code y}, or null. */
    public Secret get(String x, String y) {
        return all.get(LinkKey.of(x, y));
    }

    public boolean contains(LinkKey key) {
        return all.containsKey(key);
    }

    public Set<LinkKey> keys() {
        return all.keySet();
    }

    public int size() {
        return all.size();
    }

    /** Links whose key differs from {@code older}'s, or null when that is unknown (not the parent). */
    Set<LinkKey> changedSince(PskTable older) {
        if (older == this) {
            return Set.of();
        }
        return older != null && parentId == older.id ? delta : null;
    }

    @Override
    public String toString() {
        return "PskTable[" + all.size() + " links]";
    }
}
