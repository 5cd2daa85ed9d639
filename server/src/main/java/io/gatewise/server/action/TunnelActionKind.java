package io.gatewise.server.action;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What an operator can ask an agent to do with one tunnel now, outside the desired
 * config. The wire names ({@code bring-up}, {@code rekey}, {@code reset}, {@code clear})
 * are what the API and the tunnels page's buttons send.
 */
public enum TunnelActionKind {
    /** Negotiate Phase 1 and every child SA that is not installed. */
    BRING_UP("bring-up", "Bring up"),
    /** New keys: fresh SAs negotiated, then the old ones deleted. */
    REKEY("rekey", "Rekey"),
    /** Tear down and re-establish. */
    RESET("reset", "Reset"),
    /** Delete the tunnel's IKE and IPsec SAs, telling the peer. */
    CLEAR("clear", "Clear SAs");

    private final String wireName;
    private final String label;

    TunnelActionKind(String wireName, String label) {
        this.wireName = wireName;
        this.label = label;
    }

    public String wireName() {
        return wireName;
    }

    public String label() {
        return label;
    }

    /** Accepts the wire name or the constant, any case: {@code clear}, {@code BRING_UP}. */
    public static Optional<TunnelActionKind> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(k -> k.wireName.equals(t)).findFirst();
    }
}
