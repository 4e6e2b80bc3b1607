package io.kubemon.agent.process;

import static io.kubemon.agent.sampling.Counters.bytes;
import static io.kubemon.agent.sampling.Counters.count;
import static io.kubemon.agent.sampling.Counters.seconds;

import io.kubemon.agent.container.ContainerInfo;
import io.kubemon.agent.container.Containers;
import io.kubemon.agent.container.SchedstatReadings;
import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.Kernel;
import io.kubemon.agent.host.MalformedFields;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.agent.procfs.Malformed;
import io.kubemon.agent.sampling.CounterDeltas;
import io.kubemon.agent.sampling.Counters;
import io.kubemon.agent.sampling.MetricSource;
import io.kubemon.agent.sampling.Tick;
import io.kubemon.common.schema.ContainerTables;
import io.kubemon.common.schema.Table;
import io.kubemon.common.wire.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The process table: every process in every container's cgroup subtree, so children,
 * grandchildren and anything exec'd into the container are all seen (the old tool saw only the
 * init process's direct children). Keyed by pid and start time, so a reused pid starts afresh.
 */
@Component
@ConditionalOnProperty(prefix = "kubemon.agent.sources", name = "process", havingValue = "true", matchIfMissing = true)
public class ProcessSource implements MetricSource {
    /** schedstat's times are in nanoseconds. */
    private static final long NANOS = 1_000_000_000L;

    /** stat's times are in USER_HZ ticks; status and io give counts and bytes. */
    private static final Counters<Reading> COUNTERS = new Counters<>(
            ContainerTables.PROCESS,
            List.of(
                    seconds("cpu_user_seconds", r -> r.stat().utime(), Kernel.USER_HZ),
                    seconds("cpu_system_seconds", r -> r.stat().stime(), Kernel.USER_HZ),
                    seconds("sched_run_seconds", r -> r.sched(0), NANOS),
                    seconds("sched_wait_seconds", r -> r.sched(1), NANOS),
                    count("sched_timeslices", r -> r.sched(2)),
                    count("minor_faults", r -> r.stat().minflt()),
                    count("major_faults", r -> r.stat().majflt()),
                    count("voluntary_context_switches", r -> r.status("voluntary_ctxt_switches")),
                    count("involuntary_context_switches", r -> r.status("nonvoluntary_ctxt_switches")),
                    bytes("io_read_bytes", r -> r.io("read_bytes"), 1),
                    bytes("io_write_bytes", r -> r.io("write_bytes"), 1),
                    bytes("io_rchar_bytes", r -> r.io("rchar"), 1),
                    bytes("io_wchar_bytes", r -> r.io("wchar"), 1)));

    /**
     * One process's parsed stat, status, io (empty when io is not ours to read) and schedstat
     * (null where the kernel keeps none).
     */
    private record Reading(
            ProcStat stat, Map<String, Long> statusFields, Map<String, Long> ioFields, long[] schedstat) {
        long sched(int field) {
            return schedstat == null ? -1 : schedstat[field];
        }

        long status(String key) {
            return statusFields.getOrDefault(key, -1L);
        }

        long io(String key) {
            return ioFields.getOrDefault(key, -1L);
        }
    }

    private final Containers containers;
    private final HostPaths paths;
    /** Whether the proc root is the kernel's procfs, whose fd directories give their count as their size. */
    private final boolean procfs;

    private final ProcFiles files;
    private final Malformed bad;
    private final CounterDeltas deltas = new CounterDeltas();
    /** Command lines by process key: they rarely change, and cmdline is the costliest file here. */
    private final Map<String, Command> commands = new HashMap<>();

    private long previousTickNanos;
    /** The pids listed at the previous tick: the files of those not listed now are closed. */
    private Set<Integer> listedBefore = new HashSet<>();
    /** Each listed process's paths, made once: a Path made and hashed anew per file per tick showed in profiles. */
    private final Map<Integer, ProcDir> dirs = new HashMap<>();

    /** A process's directory and the files read from it every tick. */
    private record ProcDir(Path dir, Path stat, Path status, Path io, Path fd) {
        static ProcDir of(Path dir) {
            return new ProcDir(dir, dir.resolve("stat"), dir.resolve("status"), dir.resolve("io"), dir.resolve("fd"));
        }
    }

    private final SchedstatReadings schedstats;

    public ProcessSource(
            Containers containers,
            HostPaths paths,
            ProcFiles files,
            MalformedFields malformed,
            SchedstatReadings schedstats) {
        this.schedstats = schedstats;
        this.bad = malformed.of(ContainerTables.PROCESS.name());
        this.containers = containers;
        this.paths = paths;
        this.procfs = isProcfs(paths.proc());
        this.files = files;
    }

    @Override
    public Table table() {
        return ContainerTables.PROCESS;
    }

    @Override
    public void reset() {
        deltas.clear();
        commands.clear();
        primed = false;
    }

    /** Whether a tick was read since the run started: after it, a process seen for the first time is new. */
    private boolean primed;

    @Override
    public void sample(Tick tick, Consumer<Sample> out) {
        Set<String> seen = new HashSet<>();
        Set<Integer> listed = new HashSet<>();
        for (Containers.Running running : containers.running(tick)) {
            ContainerInfo c = running.info();
            listed.addAll(running.pids());
            for (Integer pid : running.pids()) {
                Row row = read(c, pid, tick, seen);
                if (row != null) {
                    out.accept(new Sample(
                            ContainerTables.PROCESS.name(),
                            c.source(),
                            tick.timestamp(),
                            row.elapsedMs(),
                            row.values()));
                }
            }
        }
        deltas.retainOnly(seen);
        commands.keySet().retainAll(seen);
        for (Integer gone : listedBefore) {
            if (!listed.contains(gone)) {
                ProcDir d = dirs.remove(gone);
                if (d != null) {
                    files.close(d.stat());
                    files.close(d.status());
                    files.close(d.io());
                }
                schedstats.forget(gone);
            }
        }
        listedBefore = listed;
        primed = true;
        previousTickNanos = tick.nanos();
    }

    /**
     * The command line, read once per process and again when its {@code comm} changes: an exec
     * keeps pid and start time, so a process first seen as {@code runc init} or a shell wrapper
     * would otherwise keep that command for the rest of its life.
     */
    private String command(String key, Path dir, String comm) {
        Command known = commands.get(key);
        if (known == null || !known.comm().equals(comm)) {
            known = new Command(
                    comm,
                    ProcessParsers.cmdline(
                            files.readOnce(dir.resolve("cmdline")).orElse(""), comm));
            commands.put(key, known);
        }
        return known.line();
    }

    private record Command(String comm, String line) {}

    private record Parsed(ProcStat stat, Map<String, Long> status) {}

    /** How often a listed process's kept handles failed while its directory was there (for tests). */
    private long unreadable;

    long unreadableReads() {
        return unreadable;
    }

    private Parsed parse(String statText, String statusText) {
        if (statText == null || statusText == null) {
            return null;
        }
        try {
            return new Parsed(ProcessParsers.stat(statText, bad), ProcessParsers.status(statusText, bad));
        } catch (RuntimeException e) {
            return null; // torn read of a dying process
        }
    }

    private record Row(Map<String, Object> values, long elapsedMs) {}

    private Row read(ContainerInfo c, int pid, Tick tick, Set<String> seen) {
        ProcDir d = dirs.computeIfAbsent(pid, p -> ProcDir.of(paths.proc(Integer.toString(p))));
        Path dir = d.dir();
        // A process that exits between listing and reading simply has no files any more.
        Parsed parsed = parse(
                files.readQuiet(d.stat()).orElse(null),
                files.readQuiet(d.status()).orElse(null));
        if (parsed == null && Files.isDirectory(dir)) {
            // Listed and still there, yet unreadable through its kept handles: read it afresh once
            // rather than count it in the container's processes and leave it without a row.
            files.close(d.stat());
            files.close(d.status());
            unreadable++;
            parsed = parse(
                    files.readFresh(d.stat()).orElse(null),
                    files.readFresh(d.status()).orElse(null));
        }
        if (parsed == null) {
            return null; // exited between the listing and the read
        }
        ProcStat stat = parsed.stat();
        Map<String, Long> status = parsed.status();
        Map<String, Long> io =
                files.readQuiet(d.io()).map(t -> ProcessParsers.io(t, bad)).orElse(Map.of());
        // A kernel without CONFIG_SCHED_INFO has no schedstat: absent, empty cells, not malformed.
        long[] sched = schedstats.of(tick, pid);
        String key = pid + ":" + stat.startTime();
        seen.add(key);
        CounterDeltas.Delta delta =
                deltas.update(key, tick.nanos(), COUNTERS.read(new Reading(stat, status, io, sched)));
        String command = command(key, dir, stat.comm());
        if (delta == null && !primed) {
            return null; // the run's first tick only primes, as in every table
        }
        Map<String, Object> v = new LinkedHashMap<>(40);
        c.putLabels(v);
        v.put("pid", pid);
        v.put("ppid", stat.ppid());
        v.put("command", command);
        v.put("state", String.valueOf(stat.state()));
        v.put("start_time_seconds", stat.startTime() / (double) Kernel.USER_HZ);
        v.put("memory_rss_bytes", status.get("VmRSS"));
        v.put("memory_vms_bytes", status.get("VmSize"));
        v.put("memory_swap_bytes", status.get("VmSwap"));
        v.put("last_cpu", stat.processor() < 0 ? null : stat.processor());
        Long file = status.get("RssFile");
        Long shmem = status.get("RssShmem");
        v.put("memory_shared_bytes", file == null || shmem == null ? null : file + shmem);
        v.put("threads", stat.threads());
        v.put("open_fds", openFds(d.fd()));
        if (delta == null) {
            // A process that appeared since the previous tick (forked, exec'd into the container):
            // its gauges now, its counters (empty cells) from its second reading. Its interval is
            // the source's own since that previous tick.
            return new Row(v, Math.round((tick.nanos() - previousTickNanos) / 1e6));
        }
        COUNTERS.put(delta, v);
        return new Row(v, delta.elapsedMs());
    }

    /**
     * Open file descriptors of a process. Since Linux 6.2 a stat of /proc/&lt;pid&gt;/fd gives their
     * number as its size: one system call instead of opening, listing and closing the directory
     * with a String per descriptor (the listing was 9 % of the agent's CPU at 110 containers x 5
     * processes, async-profiler). Older kernels give 0 there, and are listed; so is a recorded
     * fixture tree, whose directories' sizes are the file system's.
     */
    private Long openFds(Path fd) {
        if (procfs) {
            try {
                long n = Files.size(fd);
                if (n > 0) {
                    return n;
                }
            } catch (IOException | SecurityException e) {
                return null; // gone, or not ours to read
            }
        }
        String[] fds = fd.toFile().list(); // File.list reads the names without a Path and a stream per entry
        return fds == null ? null : (long) fds.length;
    }

    private static boolean isProcfs(Path proc) {
        try {
            return Files.getFileStore(proc).type().equals("proc");
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
