package io.gatewise.server.topology;

import java.util.List;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The JSON-array columns of the topology tables (subnets, tags, proposals), read and written whole. */
final class JsonLists {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private JsonLists() {
    }

    static String write(java.util.Collection<String> values) {
        return JSON.writeValueAsString(List.copyOf(values));
    }

    static List<String> read(String json) {
        return json == null ? List.of() : List.copyOf(JSON.readValue(json, STRINGS));
    }
}
