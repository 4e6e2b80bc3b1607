package io.kubemon.agent.os;

import io.kubemon.agent.procfs.Fields;
import io.kubemon.agent.procfs.Malformed;
import io.kubemon.common.schema.Schemas;
import java.util.Arrays;

/** Pure parser of /proc/stat (proc(5)). */
public final class ProcStatParser {
    private ProcStatParser() {}

    public static CpuStat parse(String text, Malformed bad) {
        long[] modes = new long[Schemas.CPU_MODES.size()];
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
}
