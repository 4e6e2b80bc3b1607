package io.kubemon.agent.os;

import io.kubemon.agent.host.HostPaths;
import io.kubemon.agent.host.MalformedFields;
import io.kubemon.agent.host.ProcFiles;
import io.kubemon.agent.procfs.Malformed;
import io.kubemon.agent.sampling.CounterDeltas;
import io.kubemon.agent.sampling.MetricSource;
import io.kubemon.common.schema.Table;

/**
 * What every source of a host table has: its table, the host's files read through
 * {@link ProcFiles} from the injected {@link HostPaths}, the table's count of malformed fields, and
 * the previous readings its counters' deltas are taken from, forgotten when a run starts.
 */
public abstract class HostTableSource implements MetricSource {
    private final Table table;
    protected final HostPaths paths;
    protected final ProcFiles files;
    /** The table's malformed fields: a field present but unreadable is an empty cell counted here. */
    protected final Malformed bad;

    protected final CounterDeltas deltas = new CounterDeltas();

    protected HostTableSource(Table table, HostPaths paths, ProcFiles files, MalformedFields malformed) {
        this.table = table;
        this.paths = paths;
        this.files = files;
        this.bad = malformed.of(table.name());
    }

    @Override
    public final Table table() {
        return table;
    }

    @Override
    public void reset() {
        deltas.clear();
    }
}
