package io.gatewise.server.gateway;

import io.gatewise.server.config.ConfigVersionView;
import io.gatewise.server.system.UiFormats;

/**
 * The one-line answer to "is my change live?" on the gateway page.
 *
 * @param tone {@code ok}, {@code pending} or {@code error}, for the badge colour
 */
public record ConfigStatus(String text, String tone) {
    static ConfigStatus of(ConfigVersionView current, long appliedVersion, boolean online, UiFormats fmt) {
        String v = "config v" + current.version();
        if (current.applied()) {
            return new ConfigStatus(v + " applied " + fmt.duration(current.propagation()) + " after change", "ok");
        }
        if (current.rejected()) {
            return new ConfigStatus(v + " rejected by the agent: " + current.ackError()
                    + (appliedVersion > 0 ? " (still running v" + appliedVersion + ")" : ""), "error");
        }
        if (appliedVersion >= current.version()) {
            return new ConfigStatus(v + " applied", "ok");
        }
        String since = "pending since " + fmt.time(current.createdAt());
        if (!online) {
            return new ConfigStatus(v + " " + since + " (gateway offline)", "pending");
        }
        return new ConfigStatus(v + " " + since + (current.sentAt() != null ? ", sent " + fmt.ago(current.sentAt()) : ""),
                "pending");
    }
}
