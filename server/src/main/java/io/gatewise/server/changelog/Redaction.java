package io.gatewise.server.changelog;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Removes secrets from a snapshot before it is stored: every member whose name contains
 * one of {@link #SECRET_WORDS} keeps only whether it was set (booleans stay, anything
 * else becomes {@value #REDACTED}). Callers should not put secrets into snapshots in the
 * first place; this is the net under them, so a PSK, password or token never reaches the
 * change log even when a snapshot type grows a field.
 */
final class Redaction {
    static final String REDACTED = "[redacted]";
    static final Set<String> SECRET_WORDS = Set.of("psk", "secret", "password", "passwd", "token", "privatekey",
            "private_key", "apikey", "sharedkey", "masterkey", "credential");

    private Redaction() {
    }

    static JsonNode redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> member : object.properties()) {
                if (isSecretName(member.getKey()) && !member.getValue().isNull() && !member.getValue().isBoolean()) {
                    object.put(member.getKey(), REDACTED);
                } else {
                    redact(member.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(Redaction::redact);
        }
        return node;
    }

    static boolean isSecretName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(lower::contains);
    }
}
