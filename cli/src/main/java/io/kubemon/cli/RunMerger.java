package io.kubemon.cli;

import com.opencsv.CSVReader;
import com.opencsv.CSVWriterBuilder;
import com.opencsv.ICSVWriter;
import com.opencsv.exceptions.CsvException;
import io.kubemon.common.schema.ContainerTables;
import io.kubemon.common.schema.OsTables;
import io.kubemon.common.schema.Table;
import io.kubemon.common.schema.ValueFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Joins the files of one run into one table aligned on (timestamp, node), not on row number: the
 * host's OS columns, then aggregates over the node's containers at that instant. Files are read
 * one at a time and a progress bar shows how much of the run is done.
 */
final class RunMerger {
    /** Container columns summed per (timestamp, node), with the merged column's name. */
    private static final String[][] SUMS = {
        {"cpu_usage_seconds", "containers_cpu_usage_seconds"},
        {"cpu_throttled_seconds", "containers_cpu_throttled_seconds"},
        {"memory_usage_bytes", "containers_memory_usage_bytes"},
        {"memory_working_set_bytes", "containers_memory_working_set_bytes"},
        {"memory_pgmajfault", "containers_memory_pgmajfault"},
        {"memory_workingset_refault", "containers_memory_workingset_refault"},
        {"blkio_read_bytes", "containers_blkio_read_bytes"},
        {"blkio_write_bytes", "containers_blkio_write_bytes"},
        {"network_receive_bytes", "containers_network_receive_bytes"},
        {"network_transmit_bytes", "containers_network_transmit_bytes"},
        {"processes", "containers_processes"}
    };

    private final PrintWriter progress;

    RunMerger(PrintWriter progress) {
        this.progress = progress;
    }

    /** Merges {@code runDir} into {@code out}; returns the number of rows written. */
    long merge(Path runDir, Path out) throws IOException {
        // Each file located by its table (RunLayout.scan): the joined tables' files are read, every
        // other file is named on stderr and left out, never a reason to refuse the run.
        io.kubemon.common.schema.RunLayout.Scan scan = io.kubemon.common.schema.RunLayout.scan(runDir);
        List<Path> hostFiles = scan.of(OsTables.OS);
        List<Path> containerFiles = scan.of(ContainerTables.CONTAINER);
        List<String> ignored = new ArrayList<>();
        scan.located().forEach((p, where) -> {
            if (where.table() != OsTables.OS && where.table() != ContainerTables.CONTAINER) {
                ignored.add(runDir.relativize(p) + " (" + where.table().name() + ")");
            }
        });
        scan.unknown().forEach(u -> ignored.add(u + " (no known table)"));
        progress.println("merge: joining " + OsTables.OS.name() + " (" + hostFiles.size() + " file(s)) and "
                + ContainerTables.CONTAINER.name() + " (" + containerFiles.size() + " file(s))"
                + (ignored.isEmpty() ? "" : "; ignoring " + String.join(", ", ignored)));
        progress.flush();
        long total = 0;
        for (Path p : hostFiles) {
            total += Files.size(p);
        }
        for (Path p : containerFiles) {
            total += Files.size(p);
        }
        Table os = OsTables.OS;
        int prefix = 5;
        // (timestamp, node) -> merged row: OS columns, then the container count and sums.
        TreeMap<String, Object[]> rows = new TreeMap<>();
        int osWidth = os.columns().size();
        long done = 0;
        for (Path p : hostFiles) {
            for (String[] r : read(p, os)) {
                Object[] m = rows.computeIfAbsent(r[0] + "\u0000" + r[2], k -> newRow(osWidth));
                System.arraycopy(r, prefix, m, 0, osWidth);
            }
            done += Files.size(p);
            bar(done, total);
        }
        int[] sumIndex = new int[SUMS.length];
        for (int i = 0; i < SUMS.length; i++) {
            sumIndex[i] = prefix + ContainerTables.CONTAINER.index().get(SUMS[i][0]);
        }
        for (Path p : containerFiles) {
            for (String[] r : read(p, ContainerTables.CONTAINER)) {
                Object[] m = rows.computeIfAbsent(r[0] + "\u0000" + r[2], k -> newRow(osWidth));
                m[osWidth] = ((BigDecimal) m[osWidth]).add(BigDecimal.ONE);
                for (int i = 0; i < SUMS.length; i++) {
                    String v = r[sumIndex[i]];
                    if (!v.isEmpty()) {
                        m[osWidth + 1 + i] = ((BigDecimal) m[osWidth + 1 + i]).add(new BigDecimal(v));
                    }
                }
            }
            done += Files.size(p);
            bar(done, total);
        }
        List<String> header = new ArrayList<>(List.of("timestamp", "node"));
        os.columns().forEach(c -> header.add(c.name()));
        header.add("containers");
        for (String[] s : SUMS) {
            header.add(s[1]);
        }
        long written = 0;
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
                ICSVWriter csv = new CSVWriterBuilder(w).withLineEnd("\n").build()) {
            csv.writeNext(header.toArray(String[]::new), false);
            for (Map.Entry<String, Object[]> e : rows.entrySet()) {
                String[] key = e.getKey().split("\u0000", 2);
                Object[] m = e.getValue();
                String[] line = new String[header.size()];
                line[0] = key[0];
                line[1] = key[1];
                for (int i = 0; i < m.length; i++) {
                    line[2 + i] =
                            m[i] instanceof BigDecimal b ? ValueFormat.cell(b) : (m[i] == null ? "" : m[i].toString());
                }
                csv.writeNext(line, false);
                written++;
            }
        }
        progress.println();
        progress.flush();
        return written;
    }

    private static Object[] newRow(int osWidth) {
        Object[] m = new Object[osWidth + 1 + SUMS.length];
        Arrays.fill(m, 0, osWidth, "");
        for (int i = osWidth; i < m.length; i++) {
            m[i] = BigDecimal.ZERO;
        }
        return m;
    }

    /**
     * A file's rows in the table's own column order (this build's), each cell found by the file's
     * header: a file of an earlier version (fewer columns) reads with those cells empty, one of a
     * later version with its new columns left out.
     */
    private static List<String[]> read(Path file, Table table) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVReader csv = new CSVReader(r)) {
            List<String[]> all = csv.readAll();
            if (all.isEmpty()) {
                return List.of();
            }
            String[] want = table.header();
            List<String> header = Arrays.asList(all.get(0));
            if (header.isEmpty() || !header.get(0).equals(want[0])) {
                throw new CliException(
                        ExitCodes.ERROR, file + " does not start with the " + table.name() + " table's header");
            }
            int[] from = new int[want.length];
            for (int i = 0; i < want.length; i++) {
                from[i] = header.indexOf(want[i]);
            }
            List<String[]> rows = new ArrayList<>(all.size() - 1);
            for (String[] line : all.subList(1, all.size())) {
                String[] row = new String[want.length];
                for (int i = 0; i < want.length; i++) {
                    row[i] = from[i] >= 0 && from[i] < line.length ? line[from[i]] : "";
                }
                rows.add(row);
            }
            return rows;
        } catch (CsvException e) {
            throw new CliException(ExitCodes.ERROR, "cannot read " + file + ": " + e.getMessage());
        }
    }

    private void bar(long done, long total) {
        int width = 30;
        int filled = total == 0 ? width : (int) (width * done / total);
        progress.printf(
                "\rmerging [%s%s] %3d%%",
                "#".repeat(filled), ".".repeat(width - filled), total == 0 ? 100 : (int) (100 * done / total));
        progress.flush();
    }
}
