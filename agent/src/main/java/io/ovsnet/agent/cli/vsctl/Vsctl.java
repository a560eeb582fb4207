package io.ovsnet.agent.cli.vsctl;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one ovs-vsctl command line against a database, read-only, and prints what ovs-vsctl 3.1
 * prints: the same bytes on standard output and standard error, and the same exit status.
 *
 * <p>Errors are printed as {@code ovs-vsctl: MESSAGE}: the program name is part of ovs-vsctl's
 * output, and scripts that match it keep working. Like ovs-vsctl, nothing is printed on standard
 * output when any command fails. Commands that would change the database are refused.
 *
 * <p>Order of work, as in ovs-vsctl: parse the whole line; check every command against the
 * schema; read the needed rows in one transaction; run the commands; print.
 */
final class Vsctl {
    /** The prefix of every error line, as ovs-vsctl prints it (its program name). */
    static final String PROGRAM = "ovs-vsctl";

    private final VswitchReader.Factory readers;

    Vsctl(VswitchReader.Factory readers) {
        this.readers = readers;
    }

    /** Runs {@code args}, writes the output, and returns the exit status. */
    int run(List<String> args, OutputStream out, OutputStream err) {
        PhaseTimer.mark("main");
        StringBuilder stdout = new StringBuilder();
        try {
            Invocation inv = Invocation.parse(args);
            if (inv.help()) {
                stdout.append(help());
            } else {
                execute(inv, stdout);
            }
            write(out, stdout.toString());
            PhaseTimer.mark("write");
            PhaseTimer.report();
            return 0;
        } catch (VsctlException e) {
            if (!e.getMessage().isEmpty()) {
                write(err, PROGRAM + ": " + e.getMessage() + "\n");
            }
            return e.exitCode();
        } catch (VswitchReaders.ClientNotLoaded e) {
            throw e;
        } catch (RuntimeException e) {
            // A bug or an unexpected reply: still one line, never a stack trace.
            write(err, PROGRAM + ": internal error: " + e + "\n");
            return VsctlException.FAILURE;
        }
    }

    private void execute(Invocation inv, StringBuilder stdout) {
        for (ParsedCommand c : inv.commands()) {
            if (!c.spec().readOnly()) {
                throw new VsctlException("'" + c.spec().name()
                        + "' command would change the database, and ovsnet vsctl only reads it (use ovs-vsctl)");
            }
            if (!Commands.supports(c.spec().name())) {
                throw new VsctlException("'" + c.spec().name() + "' command is not supported by ovsnet vsctl");
            }
        }
        PhaseTimer.mark("parse arguments");
        EarlyReads early = readsWithoutSchema(inv);
        try (VswitchReader reader = readers.open(inv.db(), inv.tls())) {
            PhaseTimer.mark("connect");
            if (early != null) {
                reader.prefetch(early.columns(), early.allColumnsOf());
            }
            VsctlSchema schema = reader.schema();
            PhaseTimer.mark("get_schema");
            ReadSet reads = new ReadSet();
            reads.table("Open_vSwitch");
            for (ParsedCommand c : inv.commands()) {
                Commands.prerequisites(c, schema, reads);
            }
            Map<String, List<DbRow>> selected = reader.select(schema, reads.asMap());
            PhaseTimer.mark("select");
            Snapshot db = new Snapshot(schema, IdlOrder.arrange(selected, schema));
            PhaseTimer.mark("IDL order");
            Commands commands = new Commands(db);
            List<Object> outputs = new ArrayList<>();
            for (ParsedCommand c : inv.commands()) {
                outputs.add(commands.run(c));
            }
            PhaseTimer.mark("run commands");
            boolean firstTable = true;
            for (Object o : outputs) {
                if (o instanceof OutputTable table) {
                    table.print(inv.style(), firstTable, stdout);
                    firstTable = false;
                } else if (inv.oneline()) {
                    appendOneline((String) o, stdout);
                } else {
                    stdout.append((String) o);
                }
            }
            PhaseTimer.mark("format");
        }
    }

    /** A guess, made without the schema, of what an invocation reads (see {@link #readsWithoutSchema}). */
    private record EarlyReads(Map<String, List<String>> columns, Set<String> allColumnsOf) {
    }

    /**
     * What the commands read, as far as it can be known before the schema is in, so that the
     * rows can be requested right behind it: exactly, for the commands whose columns are fixed
     * (all but list, find and get); every column of the table as typed, for list (of all
     * records) and find without --columns, which read every column when the name is exact.
     * Null when a command needs the schema first. The reader checks the guess against the set
     * computed once the schema is in, and asks again when it was wrong.
     */
    private static EarlyReads readsWithoutSchema(Invocation inv) {
        ReadSet reads = new ReadSet();
        reads.table("Open_vSwitch");
        Set<String> allColumnsOf = new HashSet<>();
        for (ParsedCommand c : inv.commands()) {
            String name = c.spec().name();
            if (!Commands.readsNeedSchema(c)) {
                Commands.prerequisites(c, null, reads);
            } else if ((name.equals("find") || (name.equals("list") && c.args().size() == 1))
                    && c.value("--columns") == null) {
                String table = c.arg(0);
                reads.table(table);
                allColumnsOf.add(table);
                // As pre_get_table() adds them: the columns that name the table's rows.
                RecordIds.RowId id = RecordIds.rowId(table);
                if (id != null) {
                    reads.column(id.nameTable(), id.nameColumn());
                    if (id.uuidColumn() != null) {
                        reads.column(id.nameTable(), id.uuidColumn());
                    }
                }
            } else {
                return null;
            }
        }
        return new EarlyReads(reads.asMap(), allColumnsOf);
    }

    /** --oneline: the command's output on one line, newlines and backslashes escaped. */
    private static void appendOneline(String text, StringBuilder out) {
        String s = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        out.append(s.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
    }

    private static String help() {
        return "ovsnet vsctl: the read-only commands of ovs-vsctl 3.1, with its output\n"
                + "usage: ovsnet vsctl [OPTIONS] COMMAND [ARG...] [-- COMMAND [ARG...]]...\n"
                + "\n"
                + "Commands: show, list-br, br-exists, br-to-vlan, br-to-parent, list-ports,\n"
                + "  list-ifaces, port-to-br, iface-to-br, list, find, get, get-controller,\n"
                + "  get-fail-mode, get-manager, get-ssl, br-get-external-id, comment\n"
                + "\n"
                + "Options: --db=DATABASE (default: " + Invocation.defaultDb() + "), --format=FORMAT,\n"
                + "  --data=FORMAT, --no-headings, --pretty, --bare, --columns=COLUMN,..., --oneline,\n"
                + "  --if-exists, --id=@NAME, --max-column-width=N; see ovs-vsctl(8)\n";
    }

    private static void write(OutputStream stream, String text) {
        try {
            stream.write(text.getBytes(StandardCharsets.UTF_8));
            stream.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
