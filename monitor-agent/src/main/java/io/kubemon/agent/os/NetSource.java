package io.kubemon.agent.os;

import io.kubemon.agent.procfs.NetDevParser;

import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.agent.sampling.CounterDeltas;
import io.kubemon.agent.sampling.MetricSource;
import io.kubemon.agent.sampling.Tick;
import io.kubemon.common.schema.Schemas;
import io.kubemon.common.schema.Table;
import io.kubemon.common.wire.Sample;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The os_net table: every interface of the host's network namespace. Read from the host init's
 * view, {@code <proc>/1/net/dev}: inside a pod {@code /proc/net/dev} would be the pod's own
 * namespace. Falls back to {@code <proc>/net/dev} where pid 1 is not visible.
 */
@Component
@ConditionalOnProperty(prefix = "kubemon.agent.sources", name = "os_net", havingValue = "true", matchIfMissing = true)
public class NetSource implements MetricSource {
    private final HostPaths paths;
    private final ProcFiles files;
    private final CounterDeltas deltas = new CounterDeltas();
    private final String[] columns;

    public NetSource(HostPaths paths, ProcFiles files) {
        this.paths = paths;
        this.files = files;
        // The table lists the kernel's 16 counters in the kernel's order, after the interface label.
        this.columns = Schemas.OS_NET.columns().stream().skip(1).map(c -> c.name()).toArray(String[]::new);
    }

    @Override
    public Table table() {
        return Schemas.OS_NET;
    }

    @Override
    public void reset() {
        deltas.clear();
    }

    @Override
    public void sample(Tick tick, Consumer<Sample> out) {
        String text = files.read(paths.proc("1", "net", "dev"))
                .or(() -> files.read(paths.proc("net", "dev"))).orElse(null);
        if (text == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (NetDevParser.Interface itf : NetDevParser.parse(text)) {
            seen.add(itf.name());
            CounterDeltas.Delta delta = deltas.update(itf.name(), tick.nanos(), itf.fields());
            if (delta == null) {
                continue;
            }
            Map<String, Object> values = new LinkedHashMap<>(32);
            values.put("interface", itf.name());
            for (int i = 0; i < columns.length; i++) {
                values.put(columns[i], CounterDeltas.scaled(delta.diff()[i], 1, 1));
            }
            out.accept(new Sample(Schemas.OS_NET.name(), tick.node(), tick.timestamp(), delta.elapsedMs(), values));
        }
        deltas.retainOnly(seen);
    }
}
