package io.kubemon.agent.perf;

import com.sun.jna.Memory;
import io.kubemon.agent.cgroup.CgroupFs;
import io.kubemon.agent.container.ContainerInfo;
import io.kubemon.agent.container.Containers;
import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.Notices;
import io.kubemon.agent.sampling.MetricSource;
import io.kubemon.agent.sampling.Tick;
import io.kubemon.common.schema.ContainerTables;
import io.kubemon.common.schema.Table;
import io.kubemon.common.wire.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The container_perf table (opt-in): each container's perf counters, perf_event_open in cgroup mode
 * on every online CPU (the v1 perf_event hierarchy where it is mounted, else the unified one). The
 * descriptors stay open across ticks and close when the container goes; their number is bounded
 * ({@code kubemon.agent.perf.max-descriptors}), with a notice when a container is left out for it.
 * A count is scaled by time_enabled/time_running, and the hardware events' ratio is recorded: a
 * multiplexed count never passes for a real one. Without a PMU the hardware events do not open:
 * their cells stay empty, one notice says why, and the software events still count.
 */
@Component
@ConditionalOnProperty(prefix = "kubemon.agent.sources", name = "perf", havingValue = "true")
public class PerfSource implements MetricSource, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PerfSource.class);
    static final String NOTICE = "perf: ";
    static final String DEFAULT_EVENTS =
            "task-clock,context-switches,cpu-migrations,page-faults,cycles,instructions,cache-references,cache-misses,branch-misses";

    private final Containers containers;
    private final CgroupFs cgroups;
    private final HostPaths paths;
    private final Notices notices;
    private final List<PerfEvent> events;
    private final int maxDescriptors;
    private final PerfCalls calls;
    private final Memory buffer = new Memory(24);
    private final Map<String, Counted> open = new HashMap<>();
    private int descriptors;
    /** Null until a hardware event was tried; then whether the machine counts them. */
    private Boolean hardware;

    public PerfSource(
            Containers containers,
            CgroupFs cgroups,
            HostPaths paths,
            Notices notices,
            @Value("${kubemon.agent.perf.events:" + DEFAULT_EVENTS + "}") List<String> events,
            @Value("${kubemon.agent.perf.max-descriptors:8192}") int maxDescriptors) {
        this.containers = containers;
        this.cgroups = cgroups;
        this.paths = paths;
        this.notices = notices;
        this.events = events.stream().map(PerfEvent::of).distinct().toList();
        this.maxDescriptors = maxDescriptors;
        this.calls = PerfCalls.load();
        if (calls == null) {
            notices.add(NOTICE
                    + "perf_event_open cannot be called here (no Linux C library for JNA); container_perf stays empty");
        }
    }

    @Override
    public Table table() {
        return ContainerTables.CONTAINER_PERF;
    }

    /** The descriptors open now (events × CPUs × containers). */
    public synchronized int descriptors() {
        return descriptors;
    }

    @Override
    public synchronized void reset() {
        open.values().forEach(c -> c.previous = null);
    }

    @Override
    public synchronized void sample(Tick tick, Consumer<Sample> out) {
        if (calls == null) {
            return;
        }
        List<Integer> cpus = onlineCpus();
        Set<String> seen = new HashSet<>();
        for (Containers.Running running : containers.running(tick)) {
            ContainerInfo c = running.info();
            seen.add(c.id());
            Counted counted = open.get(c.id());
            if (counted == null) {
                counted = openFor(c, cpus);
                if (counted == null) {
                    continue;
                }
                open.put(c.id(), counted);
            }
            Map<String, Object> values = counted.read(tick.nanos());
            if (values != null) {
                Map<String, Object> row = new LinkedHashMap<>(24);
                c.putLabels(row);
                row.putAll(values);
                row.put("cpus", cpus.size());
                out.accept(new Sample(
                        ContainerTables.CONTAINER_PERF.name(), c.source(), tick.timestamp(), counted.elapsedMs, row));
            }
        }
        for (Iterator<Map.Entry<String, Counted>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Counted> e = it.next();
            if (!seen.contains(e.getKey())) {
                e.getValue().close();
                it.remove();
            }
        }
    }

    /** The container's counters opened on every CPU; null when none can be (said once in a notice). */
    private Counted openFor(ContainerInfo c, List<Integer> cpus) {
        Path dir = cgroups.dir("perf_event", c.group());
        if (!Files.isDirectory(dir)) {
            dir = cgroups.dir("unified", c.group());
        }
        int needed = events.size() * cpus.size();
        if (descriptors + needed > maxDescriptors) {
            if (notices.add(NOTICE + "kubemon.agent.perf.max-descriptors (" + maxDescriptors
                    + ") reached: containers beyond it have no container_perf rows")) {
                log.warn(
                        "perf: {} descriptors open, {} more needed for {}: over the bound of {}",
                        descriptors,
                        needed,
                        c.name(),
                        maxDescriptors);
            }
            return null;
        }
        PerfCalls.Opened group = calls.openDirectory(dir.toString());
        if (!group.ok()) {
            log.debug("perf: cannot open {}: {}", dir, calls.describe(group.errno()));
            return null;
        }
        Counted counted = new Counted(events.size());
        try {
            for (int e = 0; e < events.size(); e++) {
                PerfEvent ev = events.get(e);
                if (ev.hardware() && Boolean.FALSE.equals(hardware)) {
                    continue;
                }
                List<Integer> fds = new ArrayList<>(cpus.size());
                for (int cpu : cpus) {
                    PerfCalls.Opened fd = calls.openCounter(ev.type, ev.config, group.fd(), cpu);
                    if (!fd.ok()) {
                        failed(ev, dir, fd.errno());
                        break;
                    }
                    fds.add(fd.fd());
                }
                if (fds.size() == cpus.size()) {
                    if (ev.hardware()) {
                        hardware = true;
                    }
                    counted.fds[e] = fds.stream().mapToInt(Integer::intValue).toArray();
                    descriptors += fds.size();
                } else {
                    fds.forEach(calls::close);
                }
            }
        } finally {
            calls.close(group.fd()); // the events hold the cgroup themselves
        }
        return counted;
    }

    private void failed(PerfEvent ev, Path dir, int errno) {
        if (ev.hardware()) {
            if (hardware == null) {
                hardware = false;
                String why = NOTICE + "hardware events are not counted on this machine (" + calls.describe(errno)
                        + ": no PMU, as in most VMs); cycles, instructions and the cache and branch columns stay "
                        + "empty, the software events count";
                if (notices.add(why)) {
                    log.warn(why);
                }
            }
            return;
        }
        String why = NOTICE + ev.perfName + " cannot be opened in cgroup mode (" + calls.describe(errno)
                + "; the agent needs CAP_PERFMON, or CAP_SYS_ADMIN before Linux 5.8)";
        if (notices.add(why)) {
            log.warn("{} for {}", why, dir);
        }
    }

    /** The online CPUs (/sys/devices/system/cpu/online: "0-3,6"). */
    private List<Integer> onlineCpus() {
        List<Integer> out = new ArrayList<>();
        try {
            String text = Files.readString(paths.sys("devices", "system", "cpu", "online"))
                    .strip();
            for (String part : text.split(",")) {
                String[] range = part.split("-");
                int from = Integer.parseInt(range[0].strip());
                int to = range.length > 1 ? Integer.parseInt(range[1].strip()) : from;
                for (int i = from; i <= to; i++) {
                    out.add(i);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
                out.add(i);
            }
        }
        return out;
    }

    @Override
    public synchronized void close() {
        open.values().forEach(Counted::close);
        open.clear();
    }

    /** One container's descriptors (per event, per CPU) and their last scaled totals. */
    private final class Counted {
        final int[][] fds;
        double[] previous;
        long previousNanos;
        long elapsedMs;

        Counted(int events) {
            this.fds = new int[events][];
        }

        /** The increases since the last read, by column; null at the first read (it primes). */
        Map<String, Object> read(long nanos) {
            double[] now = new double[fds.length];
            long enabled = 0;
            long running = 0;
            for (int e = 0; e < fds.length; e++) {
                if (fds[e] == null) {
                    now[e] = Double.NaN;
                    continue;
                }
                double total = 0;
                for (int fd : fds[e]) {
                    long[] v = calls.read(fd, buffer);
                    if (v == null) {
                        total = Double.NaN;
                        break;
                    }
                    // Scaled to the whole time enabled: an estimate when the PMU multiplexed it.
                    total += v[2] > 0 ? v[0] * ((double) v[1] / v[2]) : 0;
                    if (events.get(e).hardware()) {
                        enabled += v[1];
                        running += v[2];
                    }
                }
                now[e] = total;
            }
            double[] before = previous;
            long beforeNanos = previousNanos;
            previous = now;
            previousNanos = nanos;
            if (before == null) {
                return null;
            }
            elapsedMs = Math.round((nanos - beforeNanos) / 1e6);
            Map<String, Object> values = new LinkedHashMap<>();
            for (int e = 0; e < fds.length; e++) {
                double d = now[e] - before[e];
                if (Double.isNaN(d) || d < 0) {
                    continue;
                }
                PerfEvent ev = events.get(e);
                values.put(ev.column, ev == PerfEvent.TASK_CLOCK ? d / 1e9 : (Object) Math.round(d));
            }
            if (enabled > 0) {
                values.put("hardware_running_ratio", (double) running / enabled);
            }
            return values;
        }

        void close() {
            for (int[] perEvent : fds) {
                if (perEvent != null) {
                    for (int fd : perEvent) {
                        calls.close(fd);
                    }
                    descriptors -= perEvent.length;
                }
            }
        }
    }
}
