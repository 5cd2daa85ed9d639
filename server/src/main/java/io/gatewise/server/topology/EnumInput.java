package io.gatewise.server.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads an enum choice from a form or JSON field, forgiving case and '-' for '_'. */
final class EnumInput {
    private EnumInput() {
    }

    /**
     * @return the constant named by {@code raw}, {@code fallback} when it is blank, or
     *         {@code fallback} with a message for {@code field} in {@code errors} when it
     *         names none of them
     */
    static <E extends Enum<E>> E option(Class<E> type, String raw, E fallback, String field,
            Map<String, String> errors) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, raw.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                names.add(c.name());
            }
            errors.put(field, "'" + raw + "' is not one of " + String.join(", ", names) + ".");
            return fallback;
        }
    }
}
