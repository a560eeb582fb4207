package io.ovsnet.agent.cli.vsctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Values, tables and commands formatted on hand-built snapshots, as ovs-vsctl 3.1 prints them. */
class FormattingTest {
    private static final String E1 = "3113916d-1d7f-4dc6-a89f-567a3e2cd7b3";
    private static final String BR0 = "dec0dae4-52be-4728-9f17-454014bbaea7";

    private static String text(String atom) {
        StringBuilder out = new StringBuilder();
        AtomKind.STRING.appendText(atom, out);
        return out.toString();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "plain|plain", "dot.ted|dot.ted", "under_score|under_score", "a-b|a-b", "_x|_x",
        "123|\"123\"", "9lives|\"9lives\"", "a b|\"a b\"", "x=y|\"x=y\"", "a,b|\"a,b\"", "''|\"\"",
        "true|\"true\"", "false|\"false\"", "True|True", "-lead|\"-lead\"", "ü|\"ü\"",
        "12345678-1234-1234-1234-123456789abc|\"12345678-1234-1234-1234-123456789abc\"",
        "12345678-1234-1234-1234-123456789abcd|\"12345678-1234-1234-1234-123456789abcd\"",
        "a:b|\"a:b\""})
    void stringsAreQuotedOnlyWhenNeeded(String atom, String expected) {
        assertThat(text(atom)).isEqualTo(expected);
    }

    @Test
    void quotedStringsEscapeLikeOvsJson() {
        assertThat(text("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
        assertThat(text("back\\slash")).isEqualTo("\"back\\\\slash\"");
        assertThat(text("tab\there\nnl\u0001")).isEqualTo("\"tab\\there\\nnl\\u0001\"");
        assertThat(text("日本 x")).isEqualTo("\"日本 x\"");
    }

    @ParameterizedTest
    @CsvSource({"0,0", "1.5,1.5", "3,3", "100000,100000", "1e15,1e+15", "123456789012345,123456789012345",
        "1e20,1e+20", "0.0001,0.0001", "0.00001,1e-05", "-2.5e-7,-2.5e-07", "0.1,0.1",
        "0.3333333333333333,0.333333333333333", "1.23456789012345678e17,1.23456789012346e+17"})
    void realsPrintLikePercentPointFifteenG(double value, String expected) {
        assertThat(CFormat.general15(value)).isEqualTo(expected);
    }

    private static String datum(Datum d, ColumnType type, TableStyle.Cells cells) {
        return new OutputTable.Cell(d, type).text(cells);
    }

    @Test
    void setsMapsAndScalars() {
        ColumnType scalar = new ColumnType(AtomKind.INTEGER, null, null, null, 1, 1);
        ColumnType optional = new ColumnType(AtomKind.INTEGER, null, null, null, 0, 1);
        ColumnType set = new ColumnType(AtomKind.INTEGER, null, null, null, 0, 4096);
        ColumnType map = new ColumnType(AtomKind.STRING, null, AtomKind.STRING, null, 0, Long.MAX_VALUE);
        Datum empty = new Datum(List.of(), null);
        assertThat(datum(Datum.ofAtom(5L), scalar, TableStyle.Cells.STRING)).isEqualTo("5");
        assertThat(datum(empty, optional, TableStyle.Cells.STRING)).isEqualTo("[]");
        assertThat(datum(Datum.ofAtom(7L), optional, TableStyle.Cells.STRING)).isEqualTo("7");
        Datum trunks = Datum.sorted(List.of(300L, 2L, 10L), null, set);
        assertThat(datum(trunks, set, TableStyle.Cells.STRING)).isEqualTo("[2, 10, 300]");
        assertThat(datum(trunks, set, TableStyle.Cells.BARE)).isEqualTo("2 10 300");
        assertThat(datum(trunks, set, TableStyle.Cells.JSON)).isEqualTo("[\"set\",[2,10,300]]");
        assertThat(datum(Datum.ofAtom(7L), set, TableStyle.Cells.JSON)).isEqualTo("7");
        Datum ids = Datum.sorted(List.of("z", "a b", "Z"), List.of("1", "x", "true"), map);
        assertThat(datum(ids, map, TableStyle.Cells.STRING)).isEqualTo("{Z=\"true\", \"a b\"=x, z=\"1\"}");
        assertThat(datum(ids, map, TableStyle.Cells.BARE)).isEqualTo("Z=true a b=x z=1");
        assertThat(datum(ids, map, TableStyle.Cells.JSON))
                .isEqualTo("[\"map\",[[\"Z\",\"true\"],[\"a b\",\"x\"],[\"z\",\"1\"]]]");
        assertThat(datum(new Datum(List.of(), List.of()), map, TableStyle.Cells.STRING)).isEqualTo("{}");
    }

    @Test
    void stringsSortBytewiseAsStrcmpDoes() {
        ColumnType set = new ColumnType(AtomKind.STRING, null, null, null, 0, Long.MAX_VALUE);
        Datum d = Datum.sorted(List.of("\uFFFD", "😀", "b", "B", "ä"), null, set);
        assertThat(d.keys()).containsExactly("B", "b", "ä", "\uFFFD", "😀");
    }

    private static Snapshot twoInterfaces() {
        return new SnapshotFixture()
                .row("Interface", E1, "{\"name\":\"e1\",\"external_ids\":[\"map\",[[\"ü\",\"日本 x\"]]]}")
                .row("Interface", BR0, "{\"name\":\"br0\",\"type\":\"internal\"}")
                .snapshot();
    }

    private static String list(Snapshot db, TableStyle style, String... args) {
        Invocation inv = Invocation.parse(List.of(args));
        Object out = new Commands(db).run(inv.commands().get(0));
        StringBuilder text = new StringBuilder();
        ((OutputTable) out).print(style == null ? inv.style() : style, true, text);
        return text.toString();
    }

    @Test
    void tableFormatAlignsByBytesAndTrimsTrailingSpaces() {
        String out = list(twoInterfaces(), null, "--format=table", "--columns=name,external_ids", "list", "Interface",
                "e1", "br0");
        assertThat(out).isEqualTo("name external_ids\n"
                + "---- -----------------\n"
                + "e1   {\"ü\"=\"日本 x\"}\n"
                + "br0  {}\n");
    }

    @Test
    void prettyJsonFormat() {
        String out = list(twoInterfaces(), null, "-f", "json", "--pretty", "--columns=name,external_ids,ofport",
                "list", "Interface", "e1", "br0");
        assertThat(out).isEqualTo("{\n  \"data\": [\n    [\n      \"e1\",\n      [\n        \"map\",\n        [\n"
                + "          [\n            \"ü\",\n            \"日本 x\"]]],\n      [\n        \"set\",\n        []]],\n"
                + "    [\n      \"br0\",\n      [\n        \"map\",\n        []],\n      [\n        \"set\",\n"
                + "        []]]],\n  \"headings\": [\n    \"name\",\n    \"external_ids\",\n    \"ofport\"]}\n");
    }

    @Test
    void listCsvAndHtmlFormats() {
        Snapshot db = twoInterfaces();
        assertThat(list(db, null, "--columns=name,type", "list", "Interface", "e1", "br0"))
                .isEqualTo("name                : e1\ntype                : \"\"\n\nname                : br0\ntype                : internal\n");
        assertThat(list(db, null, "-f", "csv", "--columns=_uuid,name,external_ids", "list", "Interface", "e1"))
                .isEqualTo("_uuid,name,external_ids\n" + E1 + ",e1,\"{\"\"ü\"\"=\"\"日本 x\"\"}\"\n");
        assertThat(list(db, null, "-f", "html", "--columns=_uuid,name", "list", "Interface", "br0"))
                .isEqualTo("<table border=1>\n  <tr>\n    <th>_uuid</th>\n    <th>name</th>\n  </tr>\n  <tr>\n"
                        + "    <td><a name=\"" + BR0 + "\">dec0dae4</a></td>\n    <td>br0</td>\n  </tr>\n</table>\n");
        assertThat(list(db, null, "--bare", "--columns=name", "list", "Interface")).isEqualTo("br0\n\ne1\n");
    }

    @Test
    void getPrintsValuesAndKeys() {
        Snapshot db = twoInterfaces();
        Invocation inv = Invocation.parse(List.of("get", "Interface", "e1", "name", "external_ids:ü", "_uuid", "type"));
        assertThat(new Commands(db).run(inv.commands().get(0))).isEqualTo("e1\n\"日本 x\"\n" + E1 + "\n\"\"\n");
        Invocation missing = Invocation.parse(List.of("get", "Interface", "e1", "external_ids:nope"));
        assertThatThrownBy(() -> new Commands(db).run(missing.commands().get(0)))
                .hasMessage("no key \"nope\" in Interface record \"e1\" column external_ids");
    }

    @Test
    void recordsAreFoundByNameUuidAndUuidPrefix() {
        Snapshot db = twoInterfaces();
        assertThat(RecordIds.find(db, "Interface", "br0", true).uuid()).isEqualTo(BR0);
        assertThat(RecordIds.find(db, "Interface", BR0.toUpperCase(), true).uuid()).isEqualTo(BR0);
        assertThat(RecordIds.find(db, "Interface", "3113", true).uuid()).isEqualTo(E1);
        assertThat(RecordIds.find(db, "Interface", "311", false)).isNull();
        assertThatThrownBy(() -> RecordIds.find(db, "Interface", ".", true))
                .hasMessage("no row \".\" in table Interface");
    }

    @Test
    void namesMatchByCaseInsensitivePrefix() {
        assertThat(SCHEMA().findTable("interf").name()).isEqualTo("Interface");
        assertThat(SCHEMA().findTable("open-vswitch").name()).isEqualTo("Open_vSwitch");
        assertThatThrownBy(() -> SCHEMA().findTable("f"))
                .hasMessage("\"f\" matches multiple table names: Flow_Sample_Collector_Set, Flow_Table");
        assertThatThrownBy(() -> VsctlSchema.findColumn(SCHEMA().table("Bridge"), "s"))
                .hasMessage("Bridge contains more than one column whose name matches \"s\": sflow, status, stp_enable");
        assertThat(VsctlSchema.findColumn(SCHEMA().table("Bridge"), "NAM").name()).isEqualTo("name");
    }

    private static VsctlSchema SCHEMA() {
        return SnapshotFixture.SCHEMA;
    }
}
