package io.kubemon.agent.example.tcp;

import static io.kubemon.agent.sampling.Counters.count;

import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.MalformedFields;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.agent.os.HostTableSource;
import io.kubemon.agent.sampling.CounterDeltas;
import io.kubemon.agent.sampling.Counters;
import io.kubemon.agent.sampling.Tick;
import io.kubemon.common.wire.Sample;
import io.kubemon.example.tcp.TcpTables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The node's TCP counters, one row per tick: the worked example of docs/architecture.md, shipped
 * as an extension jar. In the agent's package tree, so its component scan finds it on the class
 * path; switchable off like every source.
 */
@Component
@ConditionalOnProperty(prefix = "kubemon.agent.sources", name = "os_tcp", havingValue = "true", matchIfMissing = true)
public class TcpSource extends HostTableSource {
    private static final Counters<Map<String, Long>> COUNTERS = new Counters<>(
            TcpTables.OS_TCP,
            List.of(
                    count("active_opens", r -> r.getOrDefault("ActiveOpens", -1L)),
                    count("passive_opens", r -> r.getOrDefault("PassiveOpens", -1L)),
                    count("attempt_fails", r -> r.getOrDefault("AttemptFails", -1L)),
                    count("established_resets", r -> r.getOrDefault("EstabResets", -1L)),
                    count("segments_received", r -> r.getOrDefault("InSegs", -1L)),
                    count("segments_sent", r -> r.getOrDefault("OutSegs", -1L)),
                    count("retransmitted_segments", r -> r.getOrDefault("RetransSegs", -1L)),
                    count("resets_sent", r -> r.getOrDefault("OutRsts", -1L))));

    private static final java.util.Set<String> FIELDS = java.util.Set.of(
            "ActiveOpens",
            "PassiveOpens",
            "AttemptFails",
            "EstabResets",
            "CurrEstab",
            "InSegs",
            "OutSegs",
            "RetransSegs",
            "OutRsts");

    public TcpSource(HostPaths paths, ProcFiles files, MalformedFields malformed) {
        super(TcpTables.OS_TCP, paths, files, malformed);
    }

    @Override
    public void sample(Tick tick, Consumer<Sample> out) {
        String text = files.read(paths.proc("net", "snmp")).orElse(null);
        if (text == null) {
            return;
        }
        Map<String, Long> tcp = SnmpParser.parse(text, "Tcp", FIELDS, bad);
        CounterDeltas.Delta delta = deltas.update("tcp", tick.nanos(), COUNTERS.read(tcp));
        if (delta == null) {
            return;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        COUNTERS.put(delta, values);
        long established = tcp.getOrDefault("CurrEstab", -1L);
        if (established >= 0) {
            values.put("established", established);
        }
        out.accept(new Sample(TcpTables.OS_TCP.name(), tick.node(), tick.timestamp(), delta.elapsedMs(), values));
    }
}
