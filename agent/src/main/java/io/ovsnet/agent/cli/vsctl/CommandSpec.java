package io.ovsnet.agent.cli.vsctl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The syntax of one ovs-vsctl 3.1 command (struct ctl_command_syntax): its name, how many
 * arguments it takes, the options it accepts, and whether it only reads the database.
 *
 * @param name the command word
 * @param minArgs the fewest arguments
 * @param maxArgs the most arguments ({@link Integer#MAX_VALUE} for no limit)
 * @param options comma-separated options, {@code --name} or {@code --name=} (takes a value)
 * @param readOnly false for commands that change the database, which ovsnet refuses
 */
record CommandSpec(String name, int minArgs, int maxArgs, String options, boolean readOnly) {
    private static final int MANY = Integer.MAX_VALUE;

    /**
     * Every command of ovs-vsctl 3.1, in the order its command table iterates them (which decides
     * the order of command options in getopt's ambiguity messages).
     */
    static final Map<String, CommandSpec> ALL = index(List.of(
            new CommandSpec("wait-until", 2, MANY, "", true),
            new CommandSpec("add-zone-tp", 3, MANY, "--may-exist", false),
            new CommandSpec("comment", 0, MANY, "", true),
            new CommandSpec("clear", 3, MANY, "--if-exists", false),
            new CommandSpec("init", 0, 0, "", false),
            new CommandSpec("create", 2, MANY, "--id=", false),
            new CommandSpec("set-fail-mode", 2, 2, "", false),
            new CommandSpec("add-port", 2, MANY, "--may-exist", false),
            new CommandSpec("del-bond-iface", 1, 2, "--if-exists", false),
            new CommandSpec("del-ssl", 0, 0, "", false),
            new CommandSpec("set-controller", 1, MANY, "--inactivity-probe=", false),
            new CommandSpec("list-br", 0, 0, "--real,--fake", true),
            new CommandSpec("br-exists", 1, 1, "", true),
            new CommandSpec("list-ports", 1, 1, "", true),
            new CommandSpec("del-manager", 0, 0, "", false),
            new CommandSpec("list-dp-cap", 1, 1, "", true),
            new CommandSpec("add-bond-iface", 2, 2, "--may-exist", false),
            new CommandSpec("get-manager", 0, 0, "", true),
            new CommandSpec("get-controller", 1, 1, "", true),
            new CommandSpec("br-set-external-id", 2, 3, "", false),
            new CommandSpec("list-ifaces", 1, 1, "", true),
            new CommandSpec("list-zone-tp", 1, 1, "", true),
            new CommandSpec("get-aa-mapping", 1, 1, "", true),
            new CommandSpec("get", 2, MANY, "--if-exists,--id=", true),
            new CommandSpec("add-aa-mapping", 3, 3, "", false),
            new CommandSpec("del-fail-mode", 1, 1, "", false),
            new CommandSpec("br-get-external-id", 1, 2, "", true),
            new CommandSpec("del-zone-tp", 2, 2, "--if-exists", false),
            new CommandSpec("del-port", 1, 2, "--if-exists,--with-iface", false),
            new CommandSpec("port-to-br", 1, 1, "", true),
            new CommandSpec("del-controller", 1, 1, "", false),
            new CommandSpec("find", 1, MANY, "--columns=", true),
            new CommandSpec("set", 3, MANY, "--if-exists", false),
            new CommandSpec("emer-reset", 0, 0, "", false),
            new CommandSpec("set-ssl", 3, 3, "--bootstrap", false),
            new CommandSpec("del-aa-mapping", 3, 3, "", false),
            new CommandSpec("add-br", 1, 3, "--may-exist", false),
            new CommandSpec("br-to-parent", 1, 1, "", true),
            new CommandSpec("iface-to-br", 1, 1, "", true),
            new CommandSpec("list", 1, MANY, "--if-exists,--columns=", true),
            new CommandSpec("add", 4, MANY, "--if-exists", false),
            new CommandSpec("set-manager", 1, MANY, "--inactivity-probe=", false),
            new CommandSpec("del-br", 1, 1, "--if-exists", false),
            new CommandSpec("remove", 4, MANY, "--if-exists", false),
            new CommandSpec("get-ssl", 0, 0, "", true),
            new CommandSpec("get-fail-mode", 1, 1, "", true),
            new CommandSpec("destroy", 1, MANY, "--if-exists,--all", false),
            new CommandSpec("br-to-vlan", 1, 1, "", true),
            new CommandSpec("add-bond", 4, MANY, "--may-exist,--fake-iface", false),
            new CommandSpec("show", 0, 0, "", true)));

    private static Map<String, CommandSpec> index(List<CommandSpec> specs) {
        Map<String, CommandSpec> m = new LinkedHashMap<>();
        for (CommandSpec s : specs) {
            m.put(s.name(), s);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * What follows {@code option} in this command's option list: '=' (takes a value), ',' or ' '
     * or end (a flag), or -1 when the command has no such option. Mirrors the strstr() test of
     * parse_command(), end of string reading as a flag.
     */
    int optionSuffix(String option) {
        int at = options.indexOf(option);
        if (at < 0) {
            return -1;
        }
        int end = at + option.length();
        return end < options.length() ? options.charAt(end) : ' ';
    }
}
