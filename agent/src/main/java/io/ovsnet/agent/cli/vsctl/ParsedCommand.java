package io.ovsnet.agent.cli.vsctl;

import java.util.List;
import java.util.Map;

/**
 * One command of an invocation after parsing: its syntax, its options (name with dashes to value,
 * or to "" when the option takes none) and its arguments.
 */
record ParsedCommand(CommandSpec spec, Map<String, String> options, List<String> args) {

    ParsedCommand {
        options = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
        args = List.copyOf(args);
    }

    boolean has(String option) {
        return options.containsKey(option);
    }

    /** The value of an option that takes one, or null. */
    String value(String option) {
        return options.get(option);
    }

    String arg(int i) {
        return args.get(i);
    }
}
