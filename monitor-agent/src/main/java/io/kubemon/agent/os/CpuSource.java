package io.kubemon.agent.os;

import static io.kubemon.agent.sampling.Counters.seconds;

import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.Kernel;
import io.kubemon.agent.host.MalformedFields;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.agent.procfs.Fields;
import io.kubemon.agent.procfs.ProcStatParser;
import io.kubemon.agent.sampling.CounterDeltas;
import io.kubemon.agent.sampling.Counters;
import io.kubemon.agent.sampling.Tick;
import io.kubemon.common.schema.OsTables;
import io.kubemon.common.wire.Sample;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The os_cpu table: every online CPU's line of /proc/stat, in seconds per mode over the interval,
 * and its current frequency ({@code /sys/devices/system/cpu/cpuN/cpufreq/scaling_cur_freq}, kHz)
 * where the machine exposes one (most VMs do not: an empty cell).
 */
@Component
@ConditionalOnProperty(prefix = "kubemon.agent.sources", name = "os_cpu", havingValue = "true", matchIfMissing = true)
public class CpuSource extends HostTableSource {
    private static final Counters<long[]> COUNTERS = new Counters<>(OsTables.OS_CPU, counters());

    private static List<Counters.Counter<long[]>> counters() {
        List<Counters.Counter<long[]>> c = new ArrayList<>();
        for (int i = 0; i < OsTables.CPU_MODES.size(); i++) {
            int mode = i;
            c.add(seconds("cpu_" + OsTables.CPU_MODES.get(i) + "_seconds", t -> t[mode], Kernel.USER_HZ));
        }
        return c;
    }

    /** Whether any CPU has a cpufreq file: looked for once, not read in vain every tick. */
    private Boolean frequencies;

    public CpuSource(HostPaths paths, ProcFiles files, MalformedFields malformed) {
        super(OsTables.OS_CPU, paths, files, malformed);
    }

    @Override
    public void sample(Tick tick, Consumer<Sample> out) {
        String text = files.read(paths.proc("stat")).orElse(null);
        if (text == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (ProcStatParser.PerCpu cpu : ProcStatParser.perCpu(text, bad)) {
            String key = Integer.toString(cpu.cpu());
            seen.add(key);
            CounterDeltas.Delta delta = deltas.update(key, tick.nanos(), COUNTERS.read(cpu.modeTicks()));
            if (delta == null) {
                continue;
            }
            Map<String, Object> values = new LinkedHashMap<>(16);
            values.put("cpu", key);
            COUNTERS.put(delta, values);
            values.put("frequency_hz", frequencyHz(cpu.cpu()));
            out.accept(new Sample(OsTables.OS_CPU.name(), tick.node(), tick.timestamp(), delta.elapsedMs(), values));
        }
        deltas.retainOnly(seen);
    }

    private Long frequencyHz(int cpu) {
        if (Boolean.FALSE.equals(frequencies)) {
            return null;
        }
        String khz = files.readQuiet(paths.sys("devices", "system", "cpu", "cpu" + cpu, "cpufreq", "scaling_cur_freq"))
                .orElse(null);
        if (frequencies == null) {
            frequencies = khz != null;
        }
        if (khz == null) {
            return null;
        }
        long v = Fields.number(khz.strip(), bad);
        return v < 0 ? null : v * 1000;
    }
}
