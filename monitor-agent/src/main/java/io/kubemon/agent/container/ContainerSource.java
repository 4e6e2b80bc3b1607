package io.kubemon.agent.container;

import static io.kubemon.agent.procfs.NetDevParser.RX_BYTES;
import static io.kubemon.agent.procfs.NetDevParser.RX_DROP;
import static io.kubemon.agent.procfs.NetDevParser.RX_ERRS;
import static io.kubemon.agent.procfs.NetDevParser.RX_PACKETS;
import static io.kubemon.agent.procfs.NetDevParser.TX_BYTES;
import static io.kubemon.agent.procfs.NetDevParser.TX_DROP;
import static io.kubemon.agent.procfs.NetDevParser.TX_ERRS;
import static io.kubemon.agent.procfs.NetDevParser.TX_PACKETS;
import static io.kubemon.agent.sampling.Counters.bytes;
import static io.kubemon.agent.sampling.Counters.count;
import static io.kubemon.agent.sampling.Counters.seconds;

import io.kubemon.agent.cgroup.CgroupReader;
import io.kubemon.agent.cgroup.CgroupSnapshot;
import io.kubemon.agent.host.EventLog;
import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.MalformedFields;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.agent.procfs.Malformed;
import io.kubemon.agent.procfs.NetDevParser;
import io.kubemon.agent.procfs.SchedstatParser;
import io.kubemon.agent.sampling.CounterDeltas;
import io.kubemon.agent.sampling.Counters;
import io.kubemon.agent.sampling.MetricSource;
import io.kubemon.agent.sampling.Tick;
import io.kubemon.common.schema.ContainerTables;
import io.kubemon.common.schema.Table;
import io.kubemon.common.wire.Sample;
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
 * The container table: one row per running container per interval, from its cgroup and from
 * /proc/&lt;pid&gt;/net/dev of a process inside it (the container's network namespace).
 */
@Component
@ConditionalOnProperty(
        prefix = "kubemon.agent.sources",
        name = "container",
        havingValue = "true",
        matchIfMissing = true)
public class ContainerSource implements MetricSource {
    private static final long NANOS = 1_000_000_000L;

    /**
     * The group's counters come from the one cgroup reader, already under the columns' names for
     * v1 and v2 alike (times in ns); the network's from net/dev, summed over the interfaces.
     */
    private static final Counters<Reading> COUNTERS = new Counters<>(
            ContainerTables.CONTAINER,
            List.of(
                    cgroupSeconds("cpu_usage_seconds"),
                    cgroupSeconds("cpu_user_seconds"),
                    cgroupSeconds("cpu_system_seconds"),
                    cgroupCount("cpu_periods"),
                    cgroupCount("cpu_throttled_periods"),
                    cgroupSeconds("cpu_throttled_seconds"),
                    cgroupCount("memory_pgfault"),
                    cgroupCount("memory_pgmajfault"),
                    cgroupCount("memory_workingset_refault"),
                    cgroupCount("memory_failcnt"),
                    cgroupCount("memory_oom_events"),
                    cgroupCount("memory_oom_kills"),
                    cgroupBytes("blkio_read_bytes"),
                    cgroupBytes("blkio_write_bytes"),
                    cgroupCount("blkio_reads"),
                    cgroupCount("blkio_writes"),
                    cgroupSeconds("psi_cpu_some_seconds"),
                    cgroupSeconds("psi_cpu_full_seconds"),
                    cgroupSeconds("psi_memory_some_seconds"),
                    cgroupSeconds("psi_memory_full_seconds"),
                    cgroupSeconds("psi_io_some_seconds"),
                    cgroupSeconds("psi_io_full_seconds"),
                    bytes("network_receive_bytes", r -> r.net(RX_BYTES), 1),
                    count("network_receive_packets", r -> r.net(RX_PACKETS)),
                    count("network_receive_errors", r -> r.net(RX_ERRS)),
                    count("network_receive_drops", r -> r.net(RX_DROP)),
                    bytes("network_transmit_bytes", r -> r.net(TX_BYTES), 1),
                    count("network_transmit_packets", r -> r.net(TX_PACKETS)),
                    count("network_transmit_errors", r -> r.net(TX_ERRS)),
                    count("network_transmit_drops", r -> r.net(TX_DROP))),
            // Summed over the container's processes' own increases (SchedstatSums), not read from one field.
            Set.of("sched_run_seconds", "sched_wait_seconds", "sched_timeslices"));

    /** A counter the cgroup reader gives under the column's own name. */
    private static Counters.Counter<Reading> cgroupCount(String column) {
        return count(column, r -> r.cgroup(column));
    }

    private static Counters.Counter<Reading> cgroupBytes(String column) {
        return bytes(column, r -> r.cgroup(column), 1);
    }

    /** A time the cgroup reader gives in nanoseconds (v1 and v2 alike). */
    private static Counters.Counter<Reading> cgroupSeconds(String column) {
        return seconds(column, r -> r.cgroup(column), NANOS);
    }

    /** One container's raw counters: the cgroup reader's, and net/dev summed over interfaces (null: none). */
    private record Reading(Map<String, Long> counters, long[] network) {
        long cgroup(String column) {
            return counters.getOrDefault(column, -1L);
        }

        long net(int field) {
            return network == null ? -1 : network[field];
        }
    }

    private final Containers containers;
    private final CgroupReader cgroups;
    private final HostPaths paths;
    private final ProcFiles files;
    private final Malformed bad;
    private final CounterDeltas deltas = new CounterDeltas();
    private long hostNamespace = -1;
    private long hostNamespaceTriedAt = System.nanoTime() - 120_000_000_000L;

    private final EventLog events;
    private final ContainerEvents lifecycle = new ContainerEvents();
    private final SchedstatSums sched = new SchedstatSums();
    private final SchedstatReadings schedstats;
    /** The pids listed at the previous tick. */
    private Set<Integer> listedBefore = new HashSet<>();
    /** The cgroup of each container listed at the last tick: the files of one no longer listed are closed. */
    private Map<String, String> groupsBefore = new HashMap<>();
    /** The pid whose net/dev each container's network was last read from. */
    private final Map<String, Integer> netPid = new HashMap<>();

    public ContainerSource(
            Containers containers,
            CgroupReader cgroups,
            HostPaths paths,
            ProcFiles files,
            MalformedFields malformed,
            EventLog events,
            SchedstatReadings schedstats) {
        this.schedstats = schedstats;
        this.bad = malformed.of(ContainerTables.CONTAINER.name());
        this.events = events;
        this.containers = containers;
        this.cgroups = cgroups;
        this.paths = paths;
        this.files = files;
    }

    @Override
    public Table table() {
        return ContainerTables.CONTAINER;
    }

    @Override
    public void reset() {
        deltas.clear();
        lifecycle.reset();
        sched.clear();
    }

    @Override
    public void sample(Tick tick, Consumer<Sample> out) {
        Set<String> seen = new HashSet<>();
        long hostNamespace = hostNamespace();
        List<Containers.Running> listed = containers.running(tick);
        List<ContainerInfo> infos = new java.util.ArrayList<>(listed.size());
        listed.forEach(r -> infos.add(r.info()));
        lifecycle.tick(tick.timestamp(), infos, containers::lifecycle).forEach(events::record);
        for (Containers.Running running : listed) {
            ContainerInfo c = running.info();
            CgroupSnapshot snap = cgroups.read(c.group());
            List<Integer> pids = running.pids();
            Network network = network(c.id(), pids, hostNamespace);
            seen.add(c.id());
            long[] waited = sched.tick(c.id(), schedstats(tick, pids));
            CounterDeltas.Delta delta =
                    deltas.update(c.id(), tick.nanos(), COUNTERS.read(new Reading(snap.counters(), network.sums())));
            if (delta == null) {
                continue;
            }
            Map<String, Object> values = new LinkedHashMap<>(96);
            c.putLabels(values);
            values.put("runtime", c.runtime());
            values.put("cgroup_version", cgroups.version());
            values.putAll(snap.gauges());
            values.put("processes", pids.size());
            values.put("network_namespace", network.namespace() > 0 ? Long.toString(network.namespace()) : null);
            COUNTERS.put(delta, values);
            if (waited != null) {
                values.put("sched_run_seconds", waited[SchedstatParser.RUN_NS] / 1e9);
                values.put("sched_wait_seconds", waited[SchedstatParser.WAIT_NS] / 1e9);
                values.put("sched_timeslices", waited[SchedstatParser.TIMESLICES]);
            }
            if (values.get("memory_oom_kills") instanceof Long kills && kills > 0) {
                events.record(ContainerEvents.oomKill(tick.timestamp(), c, kills, values.get("memory_limit_bytes")));
            }
            out.accept(new Sample(
                    ContainerTables.CONTAINER.name(), c.source(), tick.timestamp(), delta.elapsedMs(), values));
        }
        deltas.retainOnly(seen);
        sched.retainOnly(seen);
        netPid.keySet().retainAll(seen);
        // schedstat and net/dev files are kept open between ticks: those of processes gone are closed.
        Set<Integer> listedNow = new HashSet<>();
        listed.forEach(r -> listedNow.addAll(r.pids()));
        for (Integer gone : listedBefore) {
            if (!listedNow.contains(gone)) {
                schedstats.forget(gone);
                files.close(paths.proc(Integer.toString(gone), "net", "dev"));
            }
        }
        listedBefore = listedNow;
        Map<String, String> groupsNow = new HashMap<>(listed.size() * 2);
        listed.forEach(r -> groupsNow.put(r.info().id(), r.info().group()));
        groupsBefore.forEach((id, group) -> {
            if (!groupsNow.containsKey(id) && group != null && !group.isEmpty() && !group.equals("/")) {
                files.closeContaining(group);
                cgroups.forget(group);
            }
        });
        groupsBefore = groupsNow;
    }

    /** Each process's schedstat, by pid; none where the kernel keeps none (or the process exited). */
    private Map<Integer, long[]> schedstats(Tick tick, List<Integer> pids) {
        Map<Integer, long[]> out = new HashMap<>(pids.size() * 2);
        for (Integer pid : pids) {
            long[] s = schedstats.of(tick, pid);
            if (s != null) {
                out.put(pid, s);
            }
        }
        return out;
    }

    /**
     * The host's network namespace: pid 1's (the agent runs in the host's pid namespace). Reading
     * that link needs ptrace rights over pid 1, which a sandbox may deny even to root; then the
     * agent's own namespace stands in if it has the same interfaces as pid 1's (net/dev needs no
     * such rights), i.e. the agent runs with host networking. Unknown (-1) otherwise: host-network
     * containers then keep their counters. Found once, tried again each minute while unknown.
     */
    private long hostNamespace() {
        long now = System.nanoTime();
        if (hostNamespace > 0 || now - hostNamespaceTriedAt < 60_000_000_000L) {
            return hostNamespace;
        }
        hostNamespaceTriedAt = now;
        long ns = NetNamespace.inode(paths.proc("1", "ns", "net"));
        if (ns <= 0) {
            String host = files.readOnce(paths.proc("1", "net", "dev")).orElse(null);
            String self = files.readOnce(paths.proc("self", "net", "dev")).orElse(null);
            if (host != null && self != null && interfaces(host).equals(interfaces(self))) {
                ns = NetNamespace.inode(paths.proc("self", "ns", "net"));
            }
        }
        hostNamespace = ns;
        return ns;
    }

    private java.util.Set<String> interfaces(String netDev) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        NetDevParser.parse(netDev, bad).forEach(i -> names.add(i.name()));
        return names;
    }

    /** A container's network namespace (0: not known) and its interfaces' counters summed (null: none). */
    private record Network(long namespace, long[] sums) {
        static final Network UNKNOWN = new Network(0, null);
    }

    /**
     * Sums every interface but lo of the container's network namespace (a field missing on any
     * interface leaves its sum missing). A container in the host's namespace gets no network
     * counters: they would be the whole host's (bridges and veths counted again), which the os_net
     * table already has. Containers of one pod share one namespace, so each reports the pod's
     * traffic; the inode lets an analysis count it once.
     *
     * <p>Read through the process it was read through last while that one lives, else one seen at
     * the previous tick, else any: the listing puts a short-lived child first whenever pids wrap
     * (a container forking a {@code sleep 1} a second), and reading through it opened and kept a
     * new net/dev every tick (9 582 descriptors at 110 containers instead of 4 500; BENCHMARKS.md).
     */
    private Network network(String container, List<Integer> pids, long hostNamespace) {
        Integer last = netPid.get(container);
        if (last != null && pids.contains(last)) {
            Network n = network(last, hostNamespace);
            if (n != null) {
                return n;
            }
        }
        for (int pass = 0; pass < 2; pass++) {
            for (Integer pid : pids) {
                if (pid.equals(last) || listedBefore.contains(pid) != (pass == 0)) {
                    continue;
                }
                Network n = network(pid, hostNamespace);
                if (n != null) {
                    netPid.put(container, pid);
                    return n;
                }
            }
        }
        return Network.UNKNOWN;
    }

    /** The network seen through one process, or null when its files cannot be read (it exited). */
    private Network network(Integer pid, long hostNamespace) {
        long ns = NetNamespace.inode(paths.proc(pid.toString(), "ns", "net"));
        if (ns > 0 && ns == hostNamespace) {
            return new Network(ns, null);
        }
        String text =
                files.readQuiet(paths.proc(pid.toString(), "net", "dev"), ns).orElse(null);
        if (text == null) {
            return null;
        }
        long[] sum = new long[NetDevParser.FIELDS];
        for (NetDevParser.Interface itf : NetDevParser.parse(text, bad)) {
            if (!itf.name().equals("lo")) {
                for (int i = 0; i < sum.length; i++) {
                    long v = itf.fields()[i];
                    sum[i] = v < 0 || sum[i] < 0 ? -1 : sum[i] + v; // missing once any term is
                }
            }
        }
        return new Network(Math.max(ns, 0), sum);
    }
}
