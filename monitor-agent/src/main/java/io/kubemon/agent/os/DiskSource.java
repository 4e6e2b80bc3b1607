package io.kubemon.agent.os;

import static io.kubemon.agent.sampling.Counters.bytes;
import static io.kubemon.agent.sampling.Counters.count;
import static io.kubemon.agent.sampling.Counters.seconds;

import io.kubemon.agent.config.AgentProperties;
import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.Kernel;
import io.kubemon.agent.host.MalformedFields;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.agent.procfs.DiskStatsParser;
import io.kubemon.agent.sampling.CounterDeltas;
import io.kubemon.agent.sampling.Counters;
import io.kubemon.agent.sampling.Tick;
import io.kubemon.common.schema.OsTables;
import io.kubemon.common.wire.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
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
public class DiskSource extends HostTableSource {
    /** diskstats counts 512-byte sectors whatever the device's real sector size, and times in ms. */
    private static final long SECTOR = Kernel.SECTOR_BYTES;

    private static final long MS = 1000;

    /** The kernel's 17 fields (Documentation/admin-guide/iostats.rst, from 0) to columns. */
    private static final Counters<long[]> COUNTERS = new Counters<>(
            OsTables.OS_DISK,
            List.of(
                    count("reads_completed", f -> f[0]),
                    count("reads_merged", f -> f[1]),
                    bytes("read_bytes", f -> f[2], SECTOR),
                    seconds("read_time_seconds", f -> f[3], MS),
                    count("writes_completed", f -> f[4]),
                    count("writes_merged", f -> f[5]),
                    bytes("written_bytes", f -> f[6], SECTOR),
                    seconds("write_time_seconds", f -> f[7], MS),
                    seconds("io_time_seconds", f -> f[9], MS),
                    seconds("io_weighted_time_seconds", f -> f[10], MS),
                    count("discards_completed", f -> f[11]),
                    bytes("discarded_bytes", f -> f[13], SECTOR),
                    seconds("discard_time_seconds", f -> f[14], MS),
                    count("flushes_completed", f -> f[15]),
                    seconds("flush_time_seconds", f -> f[16], MS)));

    private static final int IN_PROGRESS = 8;

    private final Pattern exclude;

    public DiskSource(HostPaths paths, ProcFiles files, AgentProperties properties, MalformedFields malformed) {
        super(OsTables.OS_DISK, paths, files, malformed);
        this.exclude = Pattern.compile(properties.diskExclude());
    }

    @Override
    public void sample(Tick tick, Consumer<Sample> out) {
        String text = files.read(paths.proc("diskstats")).orElse(null);
        if (text == null) {
            return;
        }
        Set<String> whole = wholeDevices();
        Set<String> seen = new HashSet<>();
        for (DiskStatsParser.Disk disk : DiskStatsParser.parse(text, bad)) {
            if ((whole != null && !whole.contains(disk.name()))
                    || exclude.matcher(disk.name()).matches()) {
                continue;
            }
            seen.add(disk.name());
            CounterDeltas.Delta delta = deltas.update(disk.name(), tick.nanos(), COUNTERS.read(disk.fields()));
            if (delta == null) {
                continue;
            }
            Map<String, Object> values = new LinkedHashMap<>(32);
            values.put("device", disk.name());
            COUNTERS.put(delta, values);
            long inFlight = disk.fields()[IN_PROGRESS]; // -1 when missing or malformed (counted by the parser)
            values.put("io_in_progress", inFlight >= 0 ? inFlight : null);
            out.accept(new Sample(OsTables.OS_DISK.name(), tick.node(), tick.timestamp(), delta.elapsedMs(), values));
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
