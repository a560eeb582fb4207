package io.ovsnet.agent.cli.vsctl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ovs-vsctl command line after parsing: global options, then commands separated by
 * {@code --}. Global options are read the way ovs-vsctl reads them, with GNU getopt_long()
 * (unambiguous abbreviations, {@code --opt=value} or {@code --opt value}, short options that can
 * be bundled, parsing stops at the first non-option); the options of the first command may come
 * among them. Errors carry ovs-vsctl's exact text.
 *
 * @param db the database remote ({@code --db}), or the default local socket
 * @param style the table output style
 * @param oneline whether {@code --oneline} was given
 * @param help whether help was asked for ({@code --help} and friends); nothing else is then done
 * @param commands the commands, in order
 * @param tls the PEM files for {@code ssl:} remotes ({@code -p}, {@code -c}, {@code -C}), if all were given
 */
record Invocation(String db, TableStyle style, boolean oneline, boolean help, List<ParsedCommand> commands,
                  Optional<TlsFiles> tls) {

    /** {@code --private-key}, {@code --certificate} and {@code --ca-cert}. */
    record TlsFiles(Path privateKey, Path certificate, Path caCertificate) {
    }

    /** How a long option takes its value (getopt's has_arg). */
    private enum Arg { NONE, REQUIRED, OPTIONAL }

    /**
     * One long option. Two options are interchangeable for abbreviations (glibc does not call an
     * abbreviation ambiguous between them) when their {@code identity} is the same.
     */
    private record LongOption(String name, Arg arg, String identity) {
    }

    /** One option as getopt returned it: which option, its long name (or letter), its value or null. */
    private record Given(String identity, String name, String value) {
    }

    private static final String SHORT_OPTIONS = "t:hVv::f:d:p:c:C:";

    /** ovs-vsctl's global long options in its order, then the command options in command-table order. */
    private static final List<LongOption> LONG_OPTIONS = longOptions();

    private static List<LongOption> longOptions() {
        List<LongOption> o = new ArrayList<>();
        o.add(new LongOption("db", Arg.REQUIRED, "db"));
        o.add(new LongOption("no-syslog", Arg.NONE, "no-syslog"));
        o.add(new LongOption("no-wait", Arg.NONE, "no-wait"));
        o.add(new LongOption("dry-run", Arg.NONE, "dry-run"));
        o.add(new LongOption("oneline", Arg.NONE, "oneline"));
        o.add(new LongOption("timeout", Arg.REQUIRED, "t"));
        o.add(new LongOption("retry", Arg.NONE, "retry"));
        o.add(new LongOption("help", Arg.NONE, "h"));
        o.add(new LongOption("commands", Arg.NONE, "commands"));
        o.add(new LongOption("options", Arg.NONE, "options"));
        o.add(new LongOption("leader-only", Arg.NONE, "leader-only"));
        o.add(new LongOption("no-leader-only", Arg.NONE, "no-leader-only"));
        o.add(new LongOption("shuffle-remotes", Arg.NONE, "shuffle-remotes"));
        o.add(new LongOption("no-shuffle-remotes", Arg.NONE, "no-shuffle-remotes"));
        o.add(new LongOption("version", Arg.NONE, "V"));
        o.add(new LongOption("verbose", Arg.OPTIONAL, "v"));
        o.add(new LongOption("log-file", Arg.OPTIONAL, "log-file"));
        o.add(new LongOption("syslog-method", Arg.REQUIRED, "syslog-method"));
        o.add(new LongOption("syslog-target", Arg.REQUIRED, "syslog-target"));
        o.add(new LongOption("format", Arg.REQUIRED, "f"));
        o.add(new LongOption("data", Arg.REQUIRED, "d"));
        o.add(new LongOption("no-headings", Arg.NONE, "no-headings"));
        o.add(new LongOption("pretty", Arg.NONE, "pretty"));
        o.add(new LongOption("bare", Arg.NONE, "bare"));
        o.add(new LongOption("max-column-width", Arg.REQUIRED, "max-column-width"));
        o.add(new LongOption("private-key", Arg.REQUIRED, "p"));
        o.add(new LongOption("certificate", Arg.REQUIRED, "c"));
        o.add(new LongOption("ca-cert", Arg.REQUIRED, "C"));
        o.add(new LongOption("ssl-protocols", Arg.REQUIRED, "ssl-protocols"));
        o.add(new LongOption("ssl-ciphers", Arg.REQUIRED, "ssl-ciphers"));
        o.add(new LongOption("bootstrap-ca-cert", Arg.REQUIRED, "bootstrap-ca-cert"));
        o.add(new LongOption("peer-ca-cert", Arg.REQUIRED, "peer-ca-cert"));
        List<String> seen = new ArrayList<>();
        for (CommandSpec spec : CommandSpec.ALL.values()) {
            if (spec.options().isEmpty()) {
                continue;
            }
            for (String option : spec.options().split(",")) {
                boolean takesValue = option.endsWith("=");
                String name = option.substring(2, takesValue ? option.length() - 1 : option.length());
                if (!seen.contains(name)) {
                    seen.add(name);
                    o.add(new LongOption(name, takesValue ? Arg.REQUIRED : Arg.NONE, "local:" + takesValue));
                }
            }
        }
        return List.copyOf(o);
    }

    /** The default database: {@code unix:$OVS_RUNDIR/db.sock}, as ctl_default_db() gives it. */
    static String defaultDb() {
        String rundir = System.getenv("OVS_RUNDIR");
        return "unix:" + (rundir == null ? "/var/run/openvswitch" : rundir) + "/db.sock";
    }

    /** Parses an ovs-vsctl command line (without the program name). */
    static Invocation parse(List<String> argv) {
        String db = null;
        TableStyle style = TableStyle.DEFAULT;
        boolean oneline = false;
        Map<String, String> tlsFiles = new HashMap<>();
        Map<String, String> local = new LinkedHashMap<>();
        int i = 0;
        while (i < argv.size()) {
            String arg = argv.get(i);
            if (arg.equals("--")) {
                i++;
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                break;
            }
            i++;
            List<Given> found = new ArrayList<>();
            if (arg.startsWith("--")) {
                int eq = arg.indexOf('=');
                String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
                LongOption option = matchLong(arg, name);
                String value = null;
                if (eq >= 0) {
                    if (option.arg() == Arg.NONE) {
                        throw usage("option '--" + option.name() + "' doesn't allow an argument");
                    }
                    value = arg.substring(eq + 1);
                } else if (option.arg() == Arg.REQUIRED) {
                    if (i >= argv.size()) {
                        throw usage("option '--" + option.name() + "' requires an argument");
                    }
                    value = argv.get(i++);
                }
                found.add(new Given(option.identity(), option.name(), value));
            } else {
                for (int j = 1; j < arg.length(); j++) {
                    char c = arg.charAt(j);
                    int at = c == ':' ? -1 : SHORT_OPTIONS.indexOf(c);
                    if (at < 0) {
                        throw usage("invalid option -- '" + c + "'");
                    }
                    boolean required = at + 1 < SHORT_OPTIONS.length() && SHORT_OPTIONS.charAt(at + 1) == ':';
                    boolean optional = required && at + 2 < SHORT_OPTIONS.length() && SHORT_OPTIONS.charAt(at + 2) == ':';
                    String value = null;
                    if (required) {
                        if (j + 1 < arg.length()) {
                            value = arg.substring(j + 1);
                        } else if (!optional) {
                            if (i >= argv.size()) {
                                throw usage("option requires an argument -- '" + c + "'");
                            }
                            value = argv.get(i++);
                        }
                        j = arg.length();
                    }
                    found.add(new Given(String.valueOf(c), String.valueOf(c), value));
                }
            }
            for (Given f : found) {
                String identity = f.identity();
                String value = f.value();
                switch (identity) {
                    case "db":
                        db = value;
                        break;
                    case "oneline":
                        oneline = true;
                        break;
                    case "h":
                    case "commands":
                    case "options":
                    case "V":
                        // ovs-vsctl prints its help (or version) and exits at once.
                        return new Invocation(defaultDb(), style, false, true, List.of(), Optional.empty());
                    case "t":
                        if (!isPositiveInt(value)) {
                            throw new VsctlException("value " + value + " on -t or --timeout is invalid");
                        }
                        break;
                    case "f":
                        style = style.withFormat(value);
                        break;
                    case "d":
                        style = style.withCells(value);
                        break;
                    case "no-headings":
                        style = style.withoutHeadings();
                        break;
                    case "pretty":
                        style = style.withPretty();
                        break;
                    case "bare":
                        style = style.bare();
                        break;
                    case "p":
                    case "c":
                    case "C":
                        tlsFiles.put(identity, value);
                        break;
                    case "max-column-width":
                        style = style.withMaxColumnWidth(atoi(value));
                        break;
                    default:
                        if (identity.startsWith("local:")) {
                            // ovs-vsctl never notices a repeated option here (its duplicate check
                            // looks the name up without the dashes it stored it with).
                            local.putIfAbsent("--" + f.name(), value);
                        }
                }
            }
        }
        List<ParsedCommand> commands = parseCommands(argv.subList(i, argv.size()), local);
        Optional<TlsFiles> tls = tlsFiles.size() < 3 ? Optional.empty()
                : Optional.of(new TlsFiles(Path.of(tlsFiles.get("p")),
                        Path.of(tlsFiles.get("c")), Path.of(tlsFiles.get("C"))));
        return new Invocation(db == null ? defaultDb() : db, style, oneline, false, commands, tls);
    }

    private static LongOption matchLong(String arg, String name) {
        LongOption found = null;
        List<LongOption> ambiguous = new ArrayList<>();
        for (LongOption o : LONG_OPTIONS) {
            if (o.name().equals(name)) {
                return o;
            }
            if (o.name().startsWith(name)) {
                if (found == null) {
                    found = o;
                } else if (!found.identity().equals(o.identity()) || found.arg() != o.arg()) {
                    if (ambiguous.isEmpty()) {
                        ambiguous.add(found);
                    }
                    ambiguous.add(o);
                }
            }
        }
        if (found == null) {
            throw usage("unrecognized option '" + arg + "'");
        }
        if (!ambiguous.isEmpty()) {
            StringBuilder msg = new StringBuilder("option '--" + name + "' is ambiguous; possibilities:");
            List<LongOption> inOrder = new ArrayList<>(LONG_OPTIONS);
            inOrder.retainAll(ambiguous);
            for (LongOption o : inOrder) {
                msg.append(" '--").append(o.name()).append('\'');
            }
            throw usage(msg.toString());
        }
        return found;
    }

    /** A getopt error: ovs-vsctl exits with status 1 after glibc printed the message. */
    private static VsctlException usage(String message) {
        return new VsctlException(message);
    }

    private static boolean isPositiveInt(String s) {
        try {
            return Integer.parseInt(s) > 0 && !s.startsWith("+");
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int atoi(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        int start = i;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        try {
            return i > start ? Integer.parseInt(s.substring(start, i)) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** ctl_parse_commands(): splits at "--" and parses each command. */
    private static List<ParsedCommand> parseCommands(List<String> argv, Map<String, String> local) {
        List<ParsedCommand> commands = new ArrayList<>();
        Map<String, String> pending = local;
        int start = 0;
        for (int i = 0; i <= argv.size(); i++) {
            if (i == argv.size() || argv.get(i).equals("--")) {
                if (i > start) {
                    commands.add(parseCommand(argv.subList(start, i), pending));
                    pending = new LinkedHashMap<>();
                } else if (!pending.isEmpty()) {
                    throw new VsctlException("missing command name (use --help for help)");
                }
                start = i + 1;
            }
        }
        if (commands.isEmpty()) {
            throw new VsctlException("missing command name (use --help for help)");
        }
        return commands;
    }

    private static ParsedCommand parseCommand(List<String> argv, Map<String, String> initial) {
        Map<String, String> options = new LinkedHashMap<>(initial);
        int i = 0;
        for (; i < argv.size() && argv.get(i).startsWith("-"); i++) {
            String option = argv.get(i);
            int eq = option.indexOf('=');
            String key = eq < 0 ? option : option.substring(0, eq);
            if (options.containsKey(key)) {
                throw new VsctlException("'" + option + "' option specified multiple times");
            }
            options.put(key, eq < 0 ? null : option.substring(eq + 1));
        }
        if (i == argv.size()) {
            throw new VsctlException("missing command name (use --help for help)");
        }
        String name = argv.get(i);
        CommandSpec spec = CommandSpec.ALL.get(name);
        if (spec == null) {
            throw new VsctlException("unknown command '" + name + "'; use --help for help");
        }
        for (Map.Entry<String, String> o : options.entrySet()) {
            int end = spec.optionSuffix(o.getKey());
            if (end != '=' && end != ',' && end != ' ') {
                throw new VsctlException("'" + name + "' command has no '" + o.getKey() + "' option");
            }
            if ((end == '=') != (o.getValue() != null)) {
                if (end == '=') {
                    throw new VsctlException("missing argument to '" + o.getKey() + "' option on '" + name + "' command");
                }
                throw new VsctlException("'" + o.getKey() + "' option on '" + name + "' does not accept an argument");
            }
        }
        List<String> args = argv.subList(i + 1, argv.size());
        if (args.size() < spec.minArgs()) {
            throw new VsctlException("'" + name + "' command requires at least " + spec.minArgs() + " arguments");
        }
        if (args.size() > spec.maxArgs()) {
            boolean optionLike = args.stream().anyMatch(a -> a.startsWith("-"));
            throw new VsctlException("'" + name + "' command takes at most " + spec.maxArgs() + " arguments"
                    + (optionLike ? " (note that options must precede command names and follow a \"--\" argument)" : ""));
        }
        return new ParsedCommand(spec, options, args);
    }
}
