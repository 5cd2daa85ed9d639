package io.gatewise.agent.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parsed options of one subcommand: {@code --name value}, {@code --name=value},
 * flags ({@code --force}), and positional arguments. Every option must be declared;
 * an unknown one is a usage error, not silently ignored.
 */
final class Arguments {
    private final Map<String, String> values = new HashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Arguments() {
    }

    /**
     * @param command  the subcommand, for error messages
     * @param args     what follows the subcommand
     * @param valued   options that take a value (without "--")
     * @param flags    options without a value (without "--")
     */
    static Arguments parse(String command, List<String> args, Set<String> valued, Set<String> flags)
            throws UsageException {
        Arguments out = new Arguments();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                out.positional.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                if (arg.startsWith("-") && arg.length() > 1) {
                    throw new UsageException(command, "unknown option " + arg);
                }
                out.positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageException(command, "option --" + name + " takes no value");
                }
                value = "true";
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                        throw new UsageException(command, "option --" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
            } else {
                throw new UsageException(command, "unknown option --" + name);
            }
            if (out.values.put(name, value) != null) {
                throw new UsageException(command, "option --" + name + " given twice");
            }
        }
        return out;
    }

    Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    String required(String command, String name) throws UsageException {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw new UsageException(command, "missing --" + name);
        }
        return v;
    }

    List<String> positional() {
        return positional;
    }
}
