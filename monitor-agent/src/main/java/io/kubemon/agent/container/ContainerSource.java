package io.kubemon.agent.container;

import io.kubemon.agent.cgroup.CgroupReader;
import io.kubemon.agent.cgroup.CgroupSnapshot;
import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.agent.os.NetDevParser;
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
        for (Containers.Running running : containers.running(tick)) {
            ContainerInfo c = running.info();
            CgroupSnapshot snap = cgroups.read(c.group());
            List<Integer> pids = running.pids();
            Map<String, Long> raw = new java.util.HashMap<>(snap.counters());
            network(pids, raw);
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
            for (int i = 0; i < readings.length; i++) {
                String name = counters.get(i).name();
                values.put(name, CounterDeltas.scaled(delta.diff()[i], 1, name.endsWith("_seconds") ? 1_000_000_000L : 1));
            }
            out.accept(new Sample(Schemas.CONTAINER.name(), c.source(), tick.timestamp(), delta.elapsedMs(), values));
        }
        deltas.retainOnly(seen);
    }

    /** Sums every interface but lo of the namespace of the first process that can still be read. */
    private void network(List<Integer> pids, Map<String, Long> raw) {
        for (Integer pid : pids) {
            String text = files.readQuiet(paths.proc(pid.toString(), "net", "dev")).orElse(null);
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
            return;
        }
    }
}
