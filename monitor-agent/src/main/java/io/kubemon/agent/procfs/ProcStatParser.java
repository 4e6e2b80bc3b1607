package io.kubemon.agent.procfs;

import io.kubemon.common.schema.OsTables;
import java.util.Arrays;

/** Pure parser of /proc/stat (proc(5)). */
public final class ProcStatParser {
    private ProcStatParser() {}

    public static CpuStat parse(String text, Malformed bad) {
        long[] modes = new long[OsTables.CPU_MODES.size()];
        Arrays.fill(modes, -1);
        int cpus = 0;
        long ctxt = -1;
        long intr = -1;
        long forks = -1;
        long running = -1;
        long blocked = -1;
        for (String line : text.split("\n")) {
            if (line.startsWith("cpu ")) {
                String[] f = Fields.split(line);
                for (int i = 1; i < f.length && i - 1 < modes.length; i++) {
                    modes[i - 1] = Fields.number(f[i], bad);
                }
            } else if (line.startsWith("cpu")) {
                cpus++;
            } else if (line.startsWith("intr ")) {
                // The intr line lists every interrupt source (thousands of fields); only the
                // total, the first field, is needed.
                int end = line.indexOf(' ', 5);
                intr = Fields.number(line, 5, end < 0 ? line.length() : end, bad);
            } else if (line.startsWith("ctxt ")) {
                ctxt = Fields.longAt(line, 1, bad);
            } else if (line.startsWith("processes ")) {
                forks = Fields.longAt(line, 1, bad);
            } else if (line.startsWith("procs_running ")) {
                running = Fields.longAt(line, 1, bad);
            } else if (line.startsWith("procs_blocked ")) {
                blocked = Fields.longAt(line, 1, bad);
            }
        }
        return new CpuStat(modes, cpus, ctxt, intr, forks, running, blocked);
    }

    /** One CPU's line of /proc/stat: its number and its time per mode in USER_HZ ticks (-1: absent). */
    public record PerCpu(int cpu, long[] modeTicks) {}

    /** Every {@code cpuN} line of /proc/stat (not the aggregate {@code cpu} line), in the file's order. */
    public static java.util.List<PerCpu> perCpu(String text, Malformed bad) {
        java.util.List<PerCpu> out = new java.util.ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("cpu") || line.startsWith("cpu ") || line.length() < 4) {
                continue;
            }
            String[] f = Fields.split(line);
            long cpu = Fields.number(f[0], 3, f[0].length(), bad);
            if (cpu < 0) {
                continue;
            }
            long[] modes = new long[OsTables.CPU_MODES.size()];
            Arrays.fill(modes, -1);
            for (int i = 1; i < f.length && i - 1 < modes.length; i++) {
                modes[i - 1] = Fields.number(f[i], bad);
            }
            out.add(new PerCpu((int) cpu, modes));
        }
        return out;
    }
}
