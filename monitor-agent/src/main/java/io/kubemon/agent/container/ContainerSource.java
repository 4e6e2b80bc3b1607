package io.kubemon.agent.container;

import io.kubemon.agent.cgroup.CgroupReader;
import io.kubemon.agent.cgroup.CgroupSnapshot;
import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.agent.procfs.NetDevParser;
import io.kubemon.agent.sampling.CounterDeltas;
import io.kubemon.agent.sampling.MetricSource;
import io.kubemon.agent.sampling.Tick;
import io.kubemon.common.schema.Column;
import io.kubemon.common.schema.Kind;
import io.kubemon.common.schema.Schemas;
import io.kubemon.common.schema.Table;
import io.kubemon.common.wire.Sample;
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
@ConditionalOnProperty(prefix = "kubemon.agent.sources", name = "container", havingValue = "true", matchIfMissing = true)
public class ContainerSource implements MetricSource {
    private static final int[] NET_FIELDS = {0, 1, 2, 3, 8, 9, 10, 11};
    private static final String[] NET_COLUMNS = {
            "network_receive_bytes", "network_receive_packets", "network_receive_errors", "network_receive_drops",
            "network_transmit_bytes", "network_transmit_packets", "network_transmit_errors", "network_transmit_drops"};

    private final Containers containers;
    private final CgroupReader cgroups;
    private final HostPaths paths;
    private final ProcFiles files;
    private final List<Column> counters;
    private final CounterDeltas deltas = new CounterDeltas();
    private long hostNamespace = -1;
    private long hostNamespaceTriedAt = System.nanoTime() - 120_000_000_000L;

    public ContainerSource(Containers containers, CgroupReader cgroups, HostPaths paths, ProcFiles files) {
        this.containers = containers;
        this.cgroups = cgroups;
        this.paths = paths;
        this.files = files;
        this.counters = Schemas.CONTAINER.columns().stream().filter(c -> c.kind() == Kind.COUNTER).toList();
    }

    @Override
    public Table table() {
        return Schemas.CONTAINER;
    }

    @Override
    public void reset() {
        deltas.clear();
    }

    @Override
    public void sample(Tick tick, Consumer<Sample> out) {
        Set<String> seen = new HashSet<>();
        long hostNamespace = hostNamespace();
        for (Containers.Running running : containers.running(tick)) {
            ContainerInfo c = running.info();
            CgroupSnapshot snap = cgroups.read(c.group());
            List<Integer> pids = running.pids();
            Map<String, Long> raw = new java.util.HashMap<>(snap.counters());
            Long namespace = network(pids, raw, hostNamespace);
            long[] readings = new long[counters.size()];
            for (int i = 0; i < readings.length; i++) {
                readings[i] = raw.getOrDefault(counters.get(i).name(), -1L);
            }
            seen.add(c.id());
            CounterDeltas.Delta delta = deltas.update(c.id(), tick.nanos(), readings);
            if (delta == null) {
                continue;
            }
            Map<String, Object> values = new LinkedHashMap<>(96);
            c.putLabels(values);
            values.put("runtime", c.runtime());
            values.put("cgroup_version", cgroups.version());
            values.putAll(snap.gauges());
            values.put("processes", pids.size());
            values.put("network_namespace", namespace == null ? null : Long.toString(namespace));
            for (int i = 0; i < readings.length; i++) {
                String name = counters.get(i).name();
                values.put(name, CounterDeltas.scaled(delta.diff()[i], 1, name.endsWith("_seconds") ? 1_000_000_000L : 1));
            }
            out.accept(new Sample(Schemas.CONTAINER.name(), c.source(), tick.timestamp(), delta.elapsedMs(), values));
        }
        deltas.retainOnly(seen);
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

    private static java.util.Set<String> interfaces(String netDev) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        NetDevParser.parse(netDev).forEach(i -> names.add(i.name()));
        return names;
    }

    /**
     * Sums every interface but lo of the network namespace of the first process that can still be
     * read, and returns that namespace's inode (null when it cannot be told). A container in the
     * host's namespace gets no network counters: they would be the whole host's (bridges and
     * veths counted again), which the os_net table already has. Containers of one pod share one
     * namespace, so each reports the pod's traffic; the inode lets an analysis count it once.
     */
    private Long network(List<Integer> pids, Map<String, Long> raw, long hostNamespace) {
        for (Integer pid : pids) {
            long ns = NetNamespace.inode(paths.proc(pid.toString(), "ns", "net"));
            if (ns > 0 && ns == hostNamespace) {
                return ns;
            }
            String text = files.readQuiet(paths.proc(pid.toString(), "net", "dev"), ns).orElse(null);
            if (text == null) {
                continue;
            }
            long[] sum = new long[NET_FIELDS.length];
            for (NetDevParser.Interface itf : NetDevParser.parse(text)) {
                if (!itf.name().equals("lo")) {
                    for (int i = 0; i < NET_FIELDS.length; i++) {
                        sum[i] += itf.fields()[NET_FIELDS[i]];
                    }
                }
            }
            for (int i = 0; i < NET_COLUMNS.length; i++) {
                raw.put(NET_COLUMNS[i], sum[i]);
            }
            return ns > 0 ? ns : null;
        }
        return null;
    }
}
