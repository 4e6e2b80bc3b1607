package io.kubemon.agent.os;

import static io.kubemon.agent.procfs.NetDevParser.*;
import static io.kubemon.agent.sampling.Counters.bytes;
import static io.kubemon.agent.sampling.Counters.count;

import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.MalformedFields;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.agent.procfs.NetDevParser;
import io.kubemon.agent.sampling.CounterDeltas;
import io.kubemon.agent.sampling.Counters;
import io.kubemon.agent.sampling.Tick;
import io.kubemon.common.schema.OsTables;
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
 * The os_net table: every interface of the host's network namespace. Read from the host init's
 * view, {@code <proc>/1/net/dev}: inside a pod {@code /proc/net/dev} would be the pod's own
 * namespace. Falls back to {@code <proc>/net/dev} where pid 1 is not visible.
 */
@Component
@ConditionalOnProperty(prefix = "kubemon.agent.sources", name = "os_net", havingValue = "true", matchIfMissing = true)
public class NetSource extends HostTableSource {
    private static final Counters<long[]> COUNTERS = new Counters<>(
            OsTables.OS_NET,
            List.of(
                    bytes("receive_bytes", f -> f[RX_BYTES], 1),
                    count("receive_packets", f -> f[RX_PACKETS]),
                    count("receive_errors", f -> f[RX_ERRS]),
                    count("receive_drops", f -> f[RX_DROP]),
                    count("receive_fifo", f -> f[RX_FIFO]),
                    count("receive_frame", f -> f[RX_FRAME]),
                    count("receive_compressed", f -> f[RX_COMPRESSED]),
                    count("receive_multicast", f -> f[RX_MULTICAST]),
                    bytes("transmit_bytes", f -> f[TX_BYTES], 1),
                    count("transmit_packets", f -> f[TX_PACKETS]),
                    count("transmit_errors", f -> f[TX_ERRS]),
                    count("transmit_drops", f -> f[TX_DROP]),
                    count("transmit_fifo", f -> f[TX_FIFO]),
                    count("transmit_colls", f -> f[TX_COLLS]),
                    count("transmit_carrier", f -> f[TX_CARRIER]),
                    count("transmit_compressed", f -> f[TX_COMPRESSED])));

    public NetSource(HostPaths paths, ProcFiles files, MalformedFields malformed) {
        super(OsTables.OS_NET, paths, files, malformed);
    }

    @Override
    public void sample(Tick tick, Consumer<Sample> out) {
        String text = files.read(paths.proc("1", "net", "dev"))
                .or(() -> files.read(paths.proc("net", "dev")))
                .orElse(null);
        if (text == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (NetDevParser.Interface itf : NetDevParser.parse(text, bad)) {
            seen.add(itf.name());
            CounterDeltas.Delta delta = deltas.update(itf.name(), tick.nanos(), COUNTERS.read(itf.fields()));
            if (delta == null) {
                continue;
            }
            Map<String, Object> values = new LinkedHashMap<>(32);
            values.put("interface", itf.name());
            COUNTERS.put(delta, values);
            out.accept(new Sample(OsTables.OS_NET.name(), tick.node(), tick.timestamp(), delta.elapsedMs(), values));
        }
        deltas.retainOnly(seen);
    }
}
