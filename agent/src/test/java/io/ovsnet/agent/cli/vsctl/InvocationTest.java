package io.ovsnet.agent.cli.vsctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Command-line parsing with ovs-vsctl's rules and error texts (no database involved). */
class InvocationTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--foo list-br|unrecognized option '--foo'",
        "--no list-br|option '--no' is ambiguous; possibilities: '--no-syslog' '--no-wait' '--no-leader-only' '--no-shuffle-remotes' '--no-headings'",
        "-x list-br|invalid option -- 'x'",
        "--db|option '--db' requires an argument",
        "-f|option requires an argument -- 'f'",
        "--bare=1 list-br|option '--bare' doesn't allow an argument",
        "--ba=1 list-br|option '--bare' doesn't allow an argument",
        "--format=yaml list-br|unknown output format \"yaml\"",
        "-d yaml list-br|unknown data format \"yaml\"",
        "--timeout=0 list-br|value 0 on -t or --timeout is invalid",
        "list-br --x|'list-br' command takes at most 0 arguments (note that options must precede command names and follow a \"--\" argument)",
        "list-br x|'list-br' command takes at most 0 arguments",
        "nosuch|unknown command 'nosuch'; use --help for help",
        "list|'list' command requires at least 1 arguments",
        "--if-exists list-br|'list-br' command has no '--if-exists' option",
        "--columns list-br|missing command name (use --help for help)",
        "-- --columns list Bridge|missing argument to '--columns' option on 'list' command",
        "-- --if-exists=1 get Bridge x|'--if-exists' option on 'get' does not accept an argument",
        "-- --real --real list-br|'--real' option specified multiple times",
        "--real|missing command name (use --help for help)",
    })
    void errorsReadLikeOvsVsctl(String line, String message) {
        assertThatThrownBy(() -> Invocation.parse(List.of(line.split(" "))))
                .isInstanceOf(VsctlException.class).hasMessage(message);
    }

    @Test
    void emptyCommandLineHasNoCommand() {
        assertThatThrownBy(() -> Invocation.parse(List.of()))
                .hasMessage("missing command name (use --help for help)");
    }

    @Test
    void globalAndCommandOptions() {
        Invocation inv = Invocation.parse(List.of("--db=tcp:127.0.0.1:6640", "-ftable", "--da", "bare", "--no-head",
                "--col=name", "list", "Bridge", "--", "--if-exists", "get", "Port", "p1", "tag", "--", "show"));
        assertThat(inv.db()).isEqualTo("tcp:127.0.0.1:6640");
        assertThat(inv.style()).isEqualTo(new TableStyle(TableStyle.Format.TABLE, TableStyle.Cells.BARE, false, false, 0));
        assertThat(inv.commands()).hasSize(3);
        assertThat(inv.commands().get(0).value("--columns")).isEqualTo("name");
        assertThat(inv.commands().get(0).args()).containsExactly("Bridge");
        assertThat(inv.commands().get(1).has("--if-exists")).isTrue();
        assertThat(inv.commands().get(1).args()).containsExactly("Port", "p1", "tag");
        assertThat(inv.commands().get(2).spec().name()).isEqualTo("show");
    }

    @Test
    void bareOverridesEarlierFormatAndLaterOptionsWin() {
        assertThat(Invocation.parse(List.of("-f", "table", "--bare", "list-br")).style())
                .isEqualTo(new TableStyle(TableStyle.Format.LIST, TableStyle.Cells.BARE, false, false, 0));
        assertThat(Invocation.parse(List.of("--bare", "-f", "csv", "--pretty", "list-br")).style())
                .isEqualTo(new TableStyle(TableStyle.Format.CSV, TableStyle.Cells.BARE, false, true, 0));
    }

    @Test
    void defaultDatabaseIsTheLocalSocket() {
        assertThat(Invocation.parse(List.of("show")).db()).isEqualTo(Invocation.defaultDb()).startsWith("unix:").endsWith("/db.sock");
    }
}
