package io.gatewise.agent.config;

import java.util.List;

/**
 * A configuration that cannot be applied, with the reasons in plain words, such as
 * {@code tunnel branch-7, child net: remote selector '10.0.0.0/33' is not a valid IPv4
 * prefix: length 33 is larger than 32}. The message is what the agent sends back in
 * {@code ConfigAck.error} and logs; it never contains secrets.
 */
public class ConfigRejectedException extends Exception {
    /** At most this many problems are spelled out in the message. */
    static final int MAX_LISTED = 10;

    private final transient List<String> problems;

    public ConfigRejectedException(String problem) {
        this(List.of(problem));
    }

    public ConfigRejectedException(List<String> problems) {
        super(summarize(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a rejection needs a reason");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in config order. */
    public List<String> problems() {
        return problems;
    }

    private static String summarize(List<String> problems) {
        if (problems.size() <= MAX_LISTED) {
            return String.join("; ", problems);
        }
        return String.join("; ", problems.subList(0, MAX_LISTED))
                + "; and " + (problems.size() - MAX_LISTED) + " more problems";
    }
}
