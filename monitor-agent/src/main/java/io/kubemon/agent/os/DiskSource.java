package io.kubemon.agent.os;

import io.kubemon.agent.AgentProperties;
import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.agent.sampling.CounterDeltas;
import io.kubemon.agent.sampling.MetricSource;
import io.kubemon.agent.sampling.Tick;
import io.kubemon.common.schema.Schemas;
import io.kubemon.common.schema.Table;
import io.kubemon.common.wire.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The os_disk table: every whole block device, none hard-coded. /proc/diskstats also lists
 * partitions; /sys/block lists only whole devices, so it decides which lines are devices.
 */
@Component
@ConditionalOnProperty(prefix = "kubemon.agent.sources", name = "os_disk", havingValue = "true", matchIfMissing = true)
public class DiskSource implements MetricSource {
    /** diskstats counts 512-byte sectors whatever the device's real sector size. */
    private static final long SECTOR = io.kubemon.agent.host.Kernel.SECTOR_BYTES;

    /** Column, index into the kernel's 17 fields, multiplier, divisor (ms to s). */
    private record Spec(String column, int field, long multiplier, long divisor) {
    }

    private static final Spec[] COUNTERS = {
            new Spec("reads_completed", 0, 1, 1),
            new Spec("reads_merged", 1, 1, 1),
            new Spec("read_bytes", 2, SECTOR, 1),
            new Spec("read_time_seconds", 3, 1, 1000),
            new Spec("writes_completed", 4, 1, 1),
            new Spec("writes_merged", 5, 1, 1),
            new Spec("written_bytes", 6, SECTOR, 1),
            new Spec("write_time_seconds", 7, 1, 1000),
            new Spec("io_time_seconds", 9, 1, 1000),
            new Spec("io_weighted_time_seconds", 10, 1, 1000),
            new Spec("discards_completed", 11, 1, 1),
            new Spec("discarded_bytes", 13, SECTOR, 1),
            new Spec("discard_time_seconds", 14, 1, 1000),
            new Spec("flushes_completed", 15, 1, 1),
            new Spec("flush_time_seconds", 16, 1, 1000),
    };
    private static final int IN_PROGRESS = 8;

    private final HostPaths paths;
    private final ProcFiles files;
    private final Pattern exclude;
    private final CounterDeltas deltas = new CounterDeltas();

    public DiskSource(HostPaths paths, ProcFiles files, AgentProperties properties) {
        this.paths = paths;
        this.files = files;
        this.exclude = Pattern.compile(properties.diskExclude());
    }

    @Override
    public Table table() {
        return Schemas.OS_DISK;
    }

    @Override
    public void reset() {
        deltas.clear();
    }

    @Override
    public void sample(Tick tick, Consumer<Sample> out) {
        String text = files.read(paths.proc("diskstats")).orElse(null);
        if (text == null) {
            return;
        }
        Set<String> whole = wholeDevices();
        Set<String> seen = new HashSet<>();
        for (DiskStatsParser.Disk disk : DiskStatsParser.parse(text)) {
            if ((whole != null && !whole.contains(disk.name())) || exclude.matcher(disk.name()).matches()) {
                continue;
            }
            seen.add(disk.name());
            long[] raw = new long[COUNTERS.length];
            for (int i = 0; i < COUNTERS.length; i++) {
                raw[i] = disk.fields()[COUNTERS[i].field()];
            }
            CounterDeltas.Delta delta = deltas.update(disk.name(), tick.nanos(), raw);
            if (delta == null) {
                continue;
            }
            Map<String, Object> values = new LinkedHashMap<>(32);
            values.put("device", disk.name());
            for (int i = 0; i < COUNTERS.length; i++) {
                Spec s = COUNTERS[i];
                values.put(s.column(), CounterDeltas.scaled(delta.diff()[i], s.multiplier(), s.divisor()));
            }
            long inFlight = disk.fields()[IN_PROGRESS];
            values.put("io_in_progress", inFlight >= 0 ? inFlight : null);
            out.accept(new Sample(Schemas.OS_DISK.name(), tick.node(), tick.timestamp(), delta.elapsedMs(), values));
        }
        deltas.retainOnly(seen);
    }

    /** Names under /sys/block, or null when sysfs is not readable (then every line counts). */
    private Set<String> wholeDevices() {
        Path block = paths.sys("block");
        try (Stream<Path> s = Files.list(block)) {
            Set<String> names = new HashSet<>();
            s.forEach(p -> names.add(p.getFileName().toString()));
            return names;
        } catch (IOException e) {
            return null;
        }
    }
}
