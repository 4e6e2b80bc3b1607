package io.kubemon.cli;

import io.kubemon.common.schema.Table;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine;

/** A run directory laid out as the collector writes it, made by a test, and the CLI run on it in-process. */
final class RunFixture {
    private final Path run;

    RunFixture(Path run) {
        this.run = run;
    }

    Path dir() {
        return run;
    }

    /** A row of {@code t}: the row prefix for {@code node}, the given cells, every other cell empty. */
    static String row(Table t, String ts, String node, Map<String, String> values) {
        String[] cells = new String[t.header().length];
        Arrays.fill(cells, "");
        cells[0] = ts;
        cells[1] = "1000";
        cells[2] = node;
        cells[3] = "agent-" + node;
        cells[4] = "1";
        values.forEach((k, v) -> {
            Integer at = t.index().get(k);
            if (at == null) {
                throw new IllegalArgumentException("no column " + k + " in " + t.name());
            }
            cells[5 + at] = v;
        });
        for (int i = 0; i < cells.length; i++) {
            if (cells[i].contains(",") || cells[i].contains("\"") || cells[i].contains("\n")) {
                cells[i] = "\"" + cells[i].replace("\"", "\"\"") + "\""; // as opencsv quotes a cell
            }
        }
        return String.join(",", cells);
    }

    /** A file of the run (relative path) with the table's header and the rows, each ending a line. */
    Path file(String rel, Table t, String... rows) throws IOException {
        Path p = run.resolve(rel);
        Files.createDirectories(p.getParent());
        StringBuilder b = new StringBuilder(String.join(",", t.header())).append('\n');
        for (String r : rows) {
            b.append(r).append('\n');
        }
        Files.writeString(p, b);
        return p;
    }

    /** A finished run's run.json. */
    void finished(String runId) throws IOException {
        Files.createDirectories(run);
        Files.writeString(
                run.resolve("run.json"),
                "{\"formatVersion\":1,\"runId\":\"" + runId + "\",\"outputDir\":\"" + run.getFileName()
                        + "\",\"intervalMs\":1000,\"state\":\"finished\",\"schemaVersions\":{\"os\":1,\"process\":3}}");
    }

    /** What the CLI printed and its exit code. */
    record Result(int exit, String out, String err) {}

    static Result kubemon(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = KubemonCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
