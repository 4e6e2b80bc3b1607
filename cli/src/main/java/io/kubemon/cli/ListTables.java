package io.kubemon.cli;

import io.kubemon.common.schema.Column;
import io.kubemon.common.schema.Schemas;
import io.kubemon.common.schema.Table;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "list", description = "The monitors, their tables and columns (no collector needed).")
class ListTables extends Base {
    @picocli.CommandLine.Mixin
    JsonOption jsonOption;

    @Override
    boolean json() {
        return jsonOption.on || root.json;
    }

    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    @Override
    public Integer call() {
        if (json()) {
            // One entry per table, in the shape scripts read: its name, monitor, version, header, and
            // each column's type (as export and sql read it), in the header's order.
            record Entry(String table, String monitor, int version, List<String> columns, List<String> types) {}
            List<Entry> tables = Schemas.ALL.stream()
                    .map(t -> new Entry(
                            t.name(),
                            t.monitor(),
                            t.version(),
                            List.of(t.header()),
                            CsvScan.columns(t).stream()
                                    .map(c -> c.type().name().toLowerCase())
                                    .toList()))
                    .toList();
            out().println(JSON.writeValueAsString(tables));
        } else {
            for (Table t : Schemas.ALL) {
                out().printf("%s / %s (v%d): %s%n", t.monitor(), t.name(), t.version(), t.description());
                for (Column c : t.columns()) {
                    out().printf(
                                    "    %-36s %-8s %-9s %s%n",
                                    c.name(),
                                    c.kind().name().toLowerCase(),
                                    c.type().name().toLowerCase(),
                                    c.unit());
                }
            }
        }
        out().flush();
        return ExitCodes.OK;
    }
}
