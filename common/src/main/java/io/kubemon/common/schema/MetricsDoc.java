package io.kubemon.common.schema;

import java.util.List;

/** Renders {@code docs/metrics.md} from the column tables, so the docs cannot drift from the code. */
public final class MetricsDoc {
    private MetricsDoc() {}

    public static String render(List<Table> tables) {
        StringBuilder md = new StringBuilder();
        md.append("# kubemon metrics\n\n")
                .append("<!-- Generated from io.kubemon.common.schema.Schemas by MetricsDoc; do not edit by hand.\n")
                .append("     Regenerate: ./mvnw -q -pl common test -Dkubemon.regenerate-docs=true -->\n\n")
                .append(
                        "Every CSV file holds one table. A file's header is the table's column list, fixed and ordered;\n")
                .append("a value the node cannot provide is an empty cell. Files live at\n")
                .append("`<data-dir>/<outputDir>/<monitor>/<source><suffix>.csv`.\n\n")
                .append(
                        "Kinds: **counter** columns are the increase of a kernel counter over the row's `interval_ms`\n")
                .append(
                        "(empty on the rare tick where the counter went backwards, e.g. after a device was re-created);\n")
                .append("**gauge** columns are the value at the sample time; **label** columns identify the row.\n")
                .append(
                        "Types are what `kubemon export` writes to Parquet and `kubemon sql` reads: **timestamp** (UTC,\n")
                .append(
                        "milliseconds), **text**, **integer** (64-bit), **real** (double); an empty cell is a null.\n\n")
                .append("## Columns every row starts with\n\n");
        columns(md, Table.ROW_PREFIX);
        for (Table t : tables) {
            md.append("\n## Table `")
                    .append(t.name())
                    .append("` (version ")
                    .append(t.version())
                    .append(")\n\n")
                    .append(t.description())
                    .append("\n\n")
                    .append("File: `")
                    .append(t.monitor())
                    .append("/<source>")
                    .append(t.fileSuffix())
                    .append(".csv`\n\n");
            columns(md, t.columns());
        }
        return md.toString();
    }

    private static void columns(StringBuilder md, List<Column> columns) {
        md.append("| column | kind | type | unit | meaning |\n|---|---|---|---|---|\n");
        for (Column c : columns) {
            md.append("| `")
                    .append(c.name())
                    .append("` | ")
                    .append(c.kind().name().toLowerCase())
                    .append(" | ")
                    .append(c.type().name().toLowerCase())
                    .append(" | ")
                    .append(c.unit())
                    .append(" | ")
                    .append(c.help().replace("|", "\\|"))
                    .append(" |\n");
        }
    }
}
