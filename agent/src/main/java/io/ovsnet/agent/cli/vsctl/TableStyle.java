package io.ovsnet.agent.cli.vsctl;

/**
 * How tables are printed (lib/table.h {@code struct table_style}): {@code --format}, {@code --data},
 * {@code --no-headings}, {@code --pretty}, {@code --bare}, {@code --max-column-width}.
 *
 * @param format the table layout
 * @param cells how each cell's value is written
 * @param headings whether column headings are printed
 * @param pretty whether JSON output is indented
 * @param maxColumnWidth the widest a column may be in {@code --format=table}, or 0 for no limit
 */
record TableStyle(Format format, Cells cells, boolean headings, boolean pretty, int maxColumnWidth) {

    /** {@code --format}. */
    enum Format { TABLE, LIST, HTML, CSV, JSON }

    /** {@code --data}. */
    enum Cells { STRING, BARE, JSON }

    static final TableStyle DEFAULT = new TableStyle(Format.LIST, Cells.STRING, true, false, 0);

    TableStyle withFormat(String name) {
        Format f;
        switch (name) {
            case "table": f = Format.TABLE; break;
            case "list": f = Format.LIST; break;
            case "html": f = Format.HTML; break;
            case "csv": f = Format.CSV; break;
            case "json": f = Format.JSON; break;
            default: throw new VsctlException("unknown output format \"" + name + "\"");
        }
        return new TableStyle(f, cells, headings, pretty, maxColumnWidth);
    }

    TableStyle withCells(String name) {
        Cells c;
        switch (name) {
            case "string": c = Cells.STRING; break;
            case "bare": c = Cells.BARE; break;
            case "json": c = Cells.JSON; break;
            default: throw new VsctlException("unknown data format \"" + name + "\"");
        }
        return new TableStyle(format, c, headings, pretty, maxColumnWidth);
    }

    TableStyle withoutHeadings() {
        return new TableStyle(format, cells, false, pretty, maxColumnWidth);
    }

    TableStyle withPretty() {
        return new TableStyle(format, cells, headings, true, maxColumnWidth);
    }

    /** {@code --bare}: list format, bare cells, no headings. */
    TableStyle bare() {
        return new TableStyle(Format.LIST, Cells.BARE, false, pretty, maxColumnWidth);
    }

    TableStyle withMaxColumnWidth(int width) {
        return new TableStyle(format, cells, headings, pretty, width);
    }
}
