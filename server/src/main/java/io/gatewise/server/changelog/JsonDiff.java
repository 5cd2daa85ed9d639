package io.gatewise.server.changelog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;

/**
 * Compares two JSON snapshots member by member. Nested objects and arrays are flattened
 * to paths ({@code tunnels[0].remoteAddress}), so a change deep inside shows as one row.
 */
public final class JsonDiff {
    public enum Kind { ADDED, REMOVED, CHANGED, SAME }

    /** One path: its value before and after (null when absent), as JSON text. */
    public record Row(String path, String before, String after, Kind kind) {
    }

    private JsonDiff() {
    }

    public static List<Row> rows(JsonNode before, JsonNode after) {
        Map<String, String> a = flatten(before);
        Map<String, String> b = flatten(after);
        TreeSet<String> paths = new TreeSet<>(a.keySet());
        paths.addAll(b.keySet());
        List<Row> rows = new ArrayList<>();
        for (String path : paths) {
            String x = a.get(path);
            String y = b.get(path);
            Kind kind = x == null ? Kind.ADDED : y == null ? Kind.REMOVED : x.equals(y) ? Kind.SAME : Kind.CHANGED;
            rows.add(new Row(path, x, y, kind));
        }
        return rows;
    }

    static Map<String, String> flatten(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null) {
            flatten("", node, out);
        }
        return out;
    }

    private static void flatten(String path, JsonNode node, Map<String, String> out) {
        if (node.isObject() && !node.isEmpty()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                flatten(path.isEmpty() ? member.getKey() : path + "." + member.getKey(), member.getValue(), out);
            }
        } else if (node.isArray() && !node.isEmpty()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(path + "[" + i + "]", node.get(i), out);
            }
        } else {
            out.put(path.isEmpty() ? "(value)" : path, node.isString() ? node.asString() : node.toString());
        }
    }
}
