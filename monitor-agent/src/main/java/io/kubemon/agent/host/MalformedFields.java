package io.kubemon.agent.host;

import io.kubemon.agent.procfs.Malformed;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The agent's counts of malformed fields, one {@link Malformed} per table, so that a cell left
 * empty because the kernel or a runtime wrote something unreadable is never silent: the counts
 * are a metric ({@code kubemon_agent_malformed_fields_total{table}}), a notice in the agent's
 * entry of the collector's /instances (the CLI's {@code instances} shows it), and a warning in
 * the log each time a table's count grows (at most once per heartbeat).
 */
@Component
public class MalformedFields {
    private static final Logger log = LoggerFactory.getLogger(MalformedFields.class);
    static final String NOTICE = "malformed fields read as empty cells: ";

    private final Map<String, Malformed> byTable = new TreeMap<>();
    private final Map<String, Long> reported = new TreeMap<>();
    private final MeterRegistry registry;

    public MalformedFields(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The count of one table's malformed fields, made on first use. */
    public synchronized Malformed of(String table) {
        return byTable.computeIfAbsent(table, t -> {
            Malformed m = new Malformed(t);
            FunctionCounter.builder("kubemon.agent.malformed.fields", m, Malformed::count)
                    .description(
                            "Fields of /proc, /sys and cgroup files that were present but unreadable; each is an empty cell")
                    .tag("table", t)
                    .register(registry);
            return m;
        });
    }

    /** Every table's count together: the sampler takes the difference across a tick. */
    public synchronized long total() {
        long sum = 0;
        for (Malformed m : byTable.values()) {
            sum += m.count();
        }
        return sum;
    }

    /**
     * Brings the notice up to date and logs the tables whose count grew since the last call;
     * called before each heartbeat.
     */
    public synchronized void report(Notices notices) {
        List<String> parts = new ArrayList<>();
        byTable.forEach((table, m) -> {
            long now = m.count();
            long before = reported.getOrDefault(table, 0L);
            if (now > before) {
                log.warn(
                        "{} malformed field(s) in the {} table's files since the last report ({} in all): "
                                + "their cells are empty",
                        now - before,
                        table,
                        now);
                reported.put(table, now);
            }
            if (now > 0) {
                parts.add(table + " " + now);
            }
        });
        notices.removeIf(NOTICE);
        if (!parts.isEmpty()) {
            notices.add(NOTICE + String.join(", ", parts));
        }
    }
}
