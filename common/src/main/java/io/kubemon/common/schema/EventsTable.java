package io.kubemon.common.schema;

import static io.kubemon.common.schema.Column.gauge;
import static io.kubemon.common.schema.Column.label;

import java.util.List;

/** The run's timeline (monitor {@code events}): one row per event. */
public final class EventsTable {
    /**
     * What happened when: one row per event, not per interval. Its {@code timestamp} is the
     * event's own (when the engine, the kernel's counter or the collector saw it happen; never
     * later than the tick that carried it), and its {@code interval_ms} is 0. Written like every
     * other table: exactly once, spooled, counted in the run's accounts.
     */
    public static final Table EVENTS = new Table(
            "events",
            Schemas.MONITOR_EVENTS,
            "",
            1,
            "The run's timeline: containers started, exited (with their exit code) and restarted, OOM kills, pods "
                    + "added, deleted, evicted and changing phase, the monitor's own gaps (ticks missed, the collector "
                    + "unreachable, a spool overflow), the run's and the collector's own events, and the marks a "
                    + "researcher sets (POST /runs/current/marks, kubemon mark, kubemon run). One row per event; its "
                    + "timestamp is the event's own, interval_ms is 0. Agents write events/<node>.csv, the collector "
                    + "events/<collector>.csv.",
            List.of(
                    label(
                            "kind",
                            "What happened: container_started, container_exited, container_restarted, oom_kill, "
                                    + "pod_added, pod_deleted, pod_evicted, pod_phase, ticks_missed, "
                                    + "collector_unreachable, spool_overflow, events_dropped, run_started, "
                                    + "run_stopping, run_finished, agent_registered, agent_lost, collector_resumed, "
                                    + "store_failing, store_recovered, mark"),
                    label("container_id", "The container the event concerns; empty for a node's or the run's"),
                    label("container_name", "Its name"),
                    label("pod", "Kubernetes pod name, when the event concerns a pod or its container"),
                    label("namespace", "Kubernetes namespace of that pod"),
                    gauge("pid", "", "The process the event names (the one an OOM kill took, where known)"),
                    label(
                            "detail",
                            "In words: the exit code, the signal, the pod's phase, the ticks missed from-to, the mark's label"),
                    label("source", "What saw it: docker, cgroup, kubernetes, sampler, transport, collector, mark")));

    private EventsTable() {}
}
