package io.kubemon.agent.cgroup;

import io.kubemon.agent.host.MalformedFields;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.agent.procfs.Malformed;
import io.kubemon.agent.procfs.PressureParser;
import io.kubemon.agent.procfs.Psi;
import io.kubemon.common.schema.CgroupMemoryStat;
import io.kubemon.common.schema.ContainerTables;
import io.kubemon.common.schema.OsTables;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * The one cgroup reader every runtime shares, as in cAdvisor: runtime adapters only say which
 * group a container is; the numbers come from here, for cgroup v1 and v2 alike.
 */
@Component
public class CgroupReader {
    /** USER_HZ ticks (cpuacct.stat) to nanoseconds. */
    private static final long TICK_NS = io.kubemon.agent.host.Kernel.TICK_NANOS;

    private static final long SUBTREE_TTL_NANOS = 5_000_000_000L;

    private final CgroupFs fs;
    private final ProcFiles files;
    private final Malformed bad;
    private final Map<String, Subtree> subtrees = new java.util.concurrent.ConcurrentHashMap<>();

    public CgroupReader(CgroupFs fs, ProcFiles files, MalformedFields malformed) {
        this.fs = fs;
        this.files = files;
        // Its numbers are the container table's (its pid lists feed the process table too).
        this.bad = malformed.of(ContainerTables.CONTAINER.name());
    }

    public int version() {
        return fs.version();
    }

    /** The group of a process, from /proc/&lt;pid&gt;/cgroup, as a path below the hierarchy root. */
    public Optional<String> groupOf(Path procPidCgroup) {
        return files.readOnce(procPidCgroup).map(t -> CgroupParsers.pathOf(t, fs.version(), "memory"));
    }

    /**
     * The group of container {@code id} in the host's cgroup tree, found by the id in a directory
     * name (docker/&lt;id&gt;, docker-&lt;id&gt;.scope, cri-containerd-&lt;id&gt;.scope, crio-&lt;id&gt;.scope, a
     * kubepods pod's &lt;id&gt;), not by the path /proc/&lt;pid&gt;/cgroup shows: inside a private
     * cgroup namespace, as in a pod or with --cgroupns private, that path is relative to the
     * agent's own group ("/../docker-&lt;id&gt;.scope") and leads nowhere. The usual places are
     * tried first; then the tree is searched, a few levels deep.
     */
    public Optional<String> groupById(String id) {
        Path root = fs.version() == 2 ? fs.root() : fs.controllerRoot("memory");
        for (String candidate : List.of("docker/" + id, "system.slice/docker-" + id + ".scope")) {
            if (Files.isDirectory(root.resolve(candidate))) {
                return Optional.of("/" + candidate);
            }
        }
        try (Stream<Path> walk = Files.walk(root, 6)) {
            return walk.filter(p -> p.getFileName() != null
                            && p.getFileName().toString().contains(id))
                    .filter(Files::isDirectory)
                    .findFirst()
                    .map(p -> "/" + root.relativize(p).toString().replace('\\', '/'));
        } catch (Exception e) {
            return Optional.empty(); // a group removed while walking: the container is gone
        }
    }

    public CgroupSnapshot read(String group) {
        Map<String, Long> c = new HashMap<>(64);
        Map<String, Object> g = new HashMap<>(32);
        if (fs.version() == 2) {
            readV2(group, c, g);
        } else {
            readV1(group, c, g);
        }
        return new CgroupSnapshot(c, g);
    }

    private void readV1(String group, Map<String, Long> c, Map<String, Object> g) {
        Path cpuacct = fs.dir("cpuacct", group);
        Path cpu = fs.dir("cpu", group);
        Path memory = fs.dir("memory", group);
        Path blkio = fs.dir("blkio", group);
        read(cpuacct.resolve("cpuacct.usage"))
                .map(t -> CgroupParsers.single(t, bad))
                .ifPresent(v -> c.put("cpu_usage_seconds", v));
        read(cpuacct.resolve("cpuacct.stat"))
                .map(t -> CgroupParsers.flatKeyed(t, bad))
                .ifPresent(m -> {
                    putScaled(c, "cpu_user_seconds", m.get("user"), TICK_NS);
                    putScaled(c, "cpu_system_seconds", m.get("system"), TICK_NS);
                });
        read(cpu.resolve("cpu.stat")).map(t -> CgroupParsers.flatKeyed(t, bad)).ifPresent(m -> {
            put(c, "cpu_periods", m.get("nr_periods"));
            put(c, "cpu_throttled_periods", m.get("nr_throttled"));
            put(c, "cpu_throttled_seconds", m.get("throttled_time"));
        });
        Optional<String> quota = read(cpu.resolve("cpu.cfs_quota_us"));
        Optional<String> period = read(cpu.resolve("cpu.cfs_period_us"));
        if (quota.isPresent() && period.isPresent()) {
            put(g, "cpu_limit_cores", CgroupParsers.cfsQuota(quota.get(), period.get(), bad));
        }
        Long usage = read(memory.resolve("memory.usage_in_bytes"))
                .map(t -> CgroupParsers.single(t, bad))
                .orElse(null);
        put(g, "memory_usage_bytes", usage);
        read(memory.resolve("memory.limit_in_bytes"))
                .map(t -> CgroupParsers.v1Limit(t, bad))
                .ifPresent(v -> g.put("memory_limit_bytes", v));
        read(memory.resolve("memory.stat"))
                .map(t -> CgroupParsers.flatKeyed(t, bad))
                .ifPresent(m -> {
                    memoryStat(m, true, c, g);
                    put(
                            c,
                            "memory_workingset_refault",
                            refaults(
                                    m.get("total_workingset_refault_anon"),
                                    m.get("total_workingset_refault_file"),
                                    m.get("total_workingset_refault")));
                    workingSet(g, usage, m.get("total_inactive_file"));
                });
        read(memory.resolve("memory.failcnt"))
                .map(t -> CgroupParsers.single(t, bad))
                .ifPresent(v -> c.put("memory_failcnt", v));
        read(memory.resolve("memory.oom_control"))
                .map(t -> CgroupParsers.flatKeyed(t, bad))
                .ifPresent(m -> put(c, "memory_oom_kills", m.get("oom_kill")));
        read(blkio.resolve("blkio.throttle.io_service_bytes"))
                .map(t -> CgroupParsers.blkioV1(t, bad))
                .ifPresent(rw -> {
                    c.put("blkio_read_bytes", rw[0]);
                    c.put("blkio_write_bytes", rw[1]);
                });
        read(blkio.resolve("blkio.throttle.io_serviced"))
                .map(t -> CgroupParsers.blkioV1(t, bad))
                .ifPresent(rw -> {
                    c.put("blkio_reads", rw[0]);
                    c.put("blkio_writes", rw[1]);
                });
        read(fs.dir("pids", group).resolve("pids.current"))
                .map(t -> CgroupParsers.single(t, bad))
                .ifPresent(v -> g.put("pids_current", v));
        // A hybrid host (systemd's default before v2 became the default) mounts the unified
        // hierarchy beside the v1 controllers at <cgroup-root>/unified, and runtimes create each
        // container's group there too: its pressure files are the kernel's, whatever controllers
        // v1 holds. On a pure v1 host the directory does not exist and the cells stay empty.
        readPressure(fs.dir("unified", group), c, g);
    }

    /** The memory.stat fields of the container table ({@link CgroupMemoryStat}), by the version's names. */
    private static void memoryStat(Map<String, Long> m, boolean v1, Map<String, Long> c, Map<String, Object> g) {
        for (CgroupMemoryStat f : CgroupMemoryStat.values()) {
            String key = v1 ? f.v1() : f.v2();
            if (key == null) {
                continue; // kept elsewhere on this version (v2's swap: memory.swap.current)
            }
            if (f.gauge()) {
                put(g, f.column(), m.get(key));
            } else {
                put(c, f.column(), m.get(key));
            }
        }
    }

    /** {cpu,memory,io}.pressure of a group directory, where the kernel has them. */
    private void readPressure(Path dir, Map<String, Long> c, Map<String, Object> g) {
        for (String resource : OsTables.PSI_RESOURCES) {
            read(dir.resolve(resource + ".pressure"))
                    .map(t -> PressureParser.parse(t, bad))
                    .ifPresent(psi -> {
                        pressure(resource + "_some", psi.some(), c, g);
                        pressure(resource + "_full", psi.full(), c, g);
                    });
        }
    }

    private void readV2(String group, Map<String, Long> c, Map<String, Object> g) {
        Path dir = fs.dir("", group);
        read(dir.resolve("cpu.stat")).map(t -> CgroupParsers.flatKeyed(t, bad)).ifPresent(m -> {
            putScaled(c, "cpu_usage_seconds", m.get("usage_usec"), 1000);
            putScaled(c, "cpu_user_seconds", m.get("user_usec"), 1000);
            putScaled(c, "cpu_system_seconds", m.get("system_usec"), 1000);
            put(c, "cpu_periods", m.get("nr_periods"));
            put(c, "cpu_throttled_periods", m.get("nr_throttled"));
            putScaled(c, "cpu_throttled_seconds", m.get("throttled_usec"), 1000);
        });
        read(dir.resolve("cpu.max")).map(t -> CgroupParsers.cpuMax(t, bad)).ifPresent(v -> g.put("cpu_limit_cores", v));
        Long usage = read(dir.resolve("memory.current"))
                .map(t -> CgroupParsers.single(t, bad))
                .orElse(null);
        put(g, "memory_usage_bytes", usage);
        read(dir.resolve("memory.max"))
                .map(t -> CgroupParsers.single(t, bad))
                .ifPresent(v -> g.put("memory_limit_bytes", v));
        read(dir.resolve("memory.stat"))
                .map(t -> CgroupParsers.flatKeyed(t, bad))
                .ifPresent(m -> {
                    memoryStat(m, false, c, g);
                    put(
                            c,
                            "memory_workingset_refault",
                            refaults(
                                    m.get("workingset_refault_anon"),
                                    m.get("workingset_refault_file"),
                                    m.get("workingset_refault")));
                    workingSet(g, usage, m.get("inactive_file"));
                });
        read(dir.resolve("memory.swap.current"))
                .map(t -> CgroupParsers.single(t, bad))
                .ifPresent(v -> g.put("memory_swap_bytes", v));
        read(dir.resolve("memory.events"))
                .map(t -> CgroupParsers.flatKeyed(t, bad))
                .ifPresent(m -> {
                    put(c, "memory_oom_events", m.get("oom"));
                    put(c, "memory_oom_kills", m.get("oom_kill"));
                });
        read(dir.resolve("io.stat")).map(t -> CgroupParsers.ioStatV2(t, bad)).ifPresent(m -> {
            c.put("blkio_read_bytes", m.getOrDefault("rbytes", 0L));
            c.put("blkio_write_bytes", m.getOrDefault("wbytes", 0L));
            c.put("blkio_reads", m.getOrDefault("rios", 0L));
            c.put("blkio_writes", m.getOrDefault("wios", 0L));
        });
        readPressure(dir, c, g);
        read(dir.resolve("pids.current"))
                .map(t -> CgroupParsers.single(t, bad))
                .ifPresent(v -> g.put("pids_current", v));
    }

    /**
     * Every pid in the group and its descendant groups (cgroup.procs of the whole subtree), as they
     * are now: each file is opened afresh, since cgroup v1 keeps serving a kept-open file the pid
     * list of its first read (see {@link ProcFiles#readFresh}).
     */
    public List<Integer> processes(String group) {
        List<Integer> pids = new ArrayList<>();
        for (Path dir : subtree(group)) {
            files.readFresh(dir.resolve("cgroup.procs")).ifPresent(t -> pids.addAll(CgroupParsers.pids(t, bad)));
        }
        return pids;
    }

    /**
     * The group's directory and its descendants. Walking a cgroup directory stats every interface
     * file in it (dozens per group), so the shape of the subtree is remembered for a few seconds;
     * the pids in it are read fresh every time.
     */
    private List<Path> subtree(String group) {
        long now = System.nanoTime();
        Subtree cached = subtrees.get(group);
        if (cached != null && now - cached.readAt < SUBTREE_TTL_NANOS) {
            return cached.dirs;
        }
        Path dir = fs.dir(fs.version() == 2 ? "" : "pids", group);
        if (fs.version() == 1 && !Files.isDirectory(dir)) {
            dir = fs.dir("memory", group);
        }
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isDirectory).forEach(dirs::add);
        } catch (Exception e) {
            // The group was removed while we walked it: the container exited. Not an error.
        }
        if (subtrees.size() > 10_000) {
            subtrees.clear(); // containers come and go; never let the cache grow without bound
        }
        subtrees.put(group, new Subtree(List.copyOf(dirs), now));
        return dirs;
    }

    private record Subtree(List<Path> dirs, long readAt) {}

    /** A container's group is gone: its remembered subtree with it (under churn, one a container). */
    public void forget(String group) {
        subtrees.remove(group);
    }

    private static void pressure(String prefix, Psi.Line line, Map<String, Long> c, Map<String, Object> g) {
        if (line == null) {
            return;
        }
        if (!Double.isNaN(line.avg10())) {
            g.put(
                    "psi_" + prefix + "_avg10_ratio",
                    BigDecimal.valueOf(line.avg10()).movePointLeft(2));
        }
        if (line.totalMicros() >= 0) {
            c.put("psi_" + prefix + "_seconds", line.totalMicros() * 1000);
        }
    }

    private static void workingSet(Map<String, Object> g, Long usage, Long inactiveFile) {
        if (usage != null) {
            g.put("memory_working_set_bytes", Math.max(0, usage - (inactiveFile == null ? 0 : inactiveFile)));
        }
    }

    private Optional<String> read(Path p) {
        return files.readQuiet(p);
    }

    /**
     * Kernels before 5.9 have one refault counter; later ones split it into anon and file. The
     * split pair when present, else the single counter: empty only where the kernel has neither.
     */
    static Long refaults(Long anon, Long file, Long single) {
        Long split = sum(anon, file);
        return split != null ? split : single;
    }

    private static Long sum(Long a, Long b) {
        return a == null && b == null ? null : (a == null ? 0 : a) + (b == null ? 0 : b);
    }

    private static void putScaled(Map<String, Long> m, String k, Long v, long factor) {
        if (v != null) {
            m.put(k, v * factor);
        }
    }

    private static <T> void put(Map<String, T> m, String k, T v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
