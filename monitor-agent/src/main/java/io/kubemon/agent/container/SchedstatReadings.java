package io.kubemon.agent.container;

import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.MalformedFields;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.agent.procfs.Malformed;
import io.kubemon.agent.procfs.SchedstatParser;
import io.kubemon.agent.sampling.Tick;
import io.kubemon.common.schema.ContainerTables;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Each process's /proc/&lt;pid&gt;/schedstat, read once per tick for both tables that use it: the
 * process table's own columns and the container table's sums. Read separately by each, the file
 * was the fourth per process and a tenth of the agent's CPU per sample at 110 containers x 5
 * processes (BENCHMARKS.md). A malformed field counts in the process table, which shows it.
 */
@Component
public class SchedstatReadings {
    /** A process without a schedstat (exited, or a kernel without CONFIG_SCHED_INFO). */
    private static final long[] ABSENT = new long[0];

    private final HostPaths paths;
    private final ProcFiles files;
    private final Malformed bad;
    private final Map<Integer, long[]> thisTick = new HashMap<>();
    private final Map<Integer, Path> pathOf = new HashMap<>();
    private long tickTimestamp = Long.MIN_VALUE;

    public SchedstatReadings(HostPaths paths, ProcFiles files, MalformedFields malformed) {
        this.paths = paths;
        this.files = files;
        this.bad = malformed.of(ContainerTables.PROCESS.name());
    }

    /**
     * The process's run ns, wait ns and timeslices at this tick, or null where it has none. A tick
     * is its grid time: each source gets its own {@link Tick} (its own start instant), and the
     * second source of a tick takes the first one's reading, a constant few milliseconds earlier
     * at every tick, so its increases still span one interval.
     */
    public synchronized long[] of(Tick now, int pid) {
        if (now.timestamp() != tickTimestamp) {
            tickTimestamp = now.timestamp();
            thisTick.clear();
        }
        long[] known = thisTick.get(pid);
        if (known == null) {
            Path path = pathOf.computeIfAbsent(pid, p -> paths.proc(Integer.toString(p), "schedstat"));
            known = files.readQuiet(path)
                    .map(t -> SchedstatParser.parse(t, bad))
                    .orElse(ABSENT);
            thisTick.put(pid, known);
        }
        return known == ABSENT ? null : known;
    }

    /** Closes the file of a process that is gone; called by each source, harmless twice. */
    public synchronized void forget(int pid) {
        Path path = pathOf.remove(pid);
        if (path != null) {
            files.close(path);
        }
    }
}
