package io.kubemon.common.wire;

import java.util.Locale;

/**
 * What an event of the {@code events} table says happened; its {@link #wire()} name is the
 * table's {@code kind} cell. Container and pod kinds concern a container or pod (their subject
 * cells are set), the others the node or the run.
 */
public enum EventKind {
    CONTAINER_STARTED,
    CONTAINER_EXITED,
    CONTAINER_RESTARTED,
    OOM_KILL,
    POD_ADDED,
    POD_DELETED,
    POD_EVICTED,
    POD_PHASE,
    TICKS_MISSED,
    COLLECTOR_UNREACHABLE,
    SPOOL_OVERFLOW,
    EVENTS_DROPPED,
    RUN_STARTED,
    RUN_STOPPING,
    RUN_FINISHED,
    AGENT_REGISTERED,
    AGENT_LOST,
    COLLECTOR_RESUMED,
    STORE_FAILING,
    STORE_RECOVERED,
    MARK;

    /** The name in the CSV cell: {@code oom_kill}, {@code mark}, … */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
