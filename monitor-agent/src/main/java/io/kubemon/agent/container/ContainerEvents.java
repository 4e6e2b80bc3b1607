package io.kubemon.agent.container;

import io.kubemon.common.wire.Event;
import io.kubemon.common.wire.EventKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The containers' lifecycle events from the containers running at each tick: one seen for the
 * first time started (restarted, when its Kubernetes container ran before in this run under
 * another id: the kubelet's restart), one no longer listed exited, with the instant and exit code
 * its runtime reported where it reports them. Pure: fed the tick's containers, it returns the events.
 * The run's first tick only learns what runs.
 */
final class ContainerEvents {
    private final Map<String, ContainerInfo> known = new HashMap<>();
    /** The Kubernetes containers (pod uid and name) that ran in this run, and the id each last had. */
    private final Map<String, String> kubeContainers = new HashMap<>();

    private boolean primed;
    /**
     * Containers gone from the tick's list whose runtime has not yet said how they ended: their
     * processes are gone a moment before the engine's "die" event comes. Held this many ticks at
     * most for it, so the exited event carries the runtime's exit code.
     */
    private final Map<String, Integer> awaitingExit = new HashMap<>();

    static final int EXIT_WAIT_TICKS = 6;

    void reset() {
        known.clear();
        kubeContainers.clear();
        awaitingExit.clear();
        primed = false;
    }

    List<Event> tick(
            long nowMs, List<ContainerInfo> running, Function<String, ContainerDiscovery.Lifecycle> lifecycle) {
        List<Event> out = new ArrayList<>();
        Set<String> now = new HashSet<>();
        for (ContainerInfo c : running) {
            now.add(c.id());
            String kube = c.podUid() == null || c.kubeContainer() == null ? null : c.podUid() + "/" + c.kubeContainer();
            String before = kube == null ? null : kubeContainers.put(kube, c.id());
            if (known.putIfAbsent(c.id(), c) != null || !primed) {
                continue;
            }
            ContainerDiscovery.Lifecycle l = lifecycle.apply(c.id());
            long at = l != null && l.startedAtMs() != null ? Math.min(l.startedAtMs(), nowMs) : nowMs;
            boolean restarted = before != null && !before.equals(c.id());
            out.add(event(
                    at,
                    restarted ? EventKind.CONTAINER_RESTARTED : EventKind.CONTAINER_STARTED,
                    c,
                    restarted ? "restarted by the kubelet (was " + shortId(before) + ")" : "started",
                    l != null ? c.runtime() : "cgroup"));
        }
        for (var it = known.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (now.contains(e.getKey())) {
                awaitingExit.remove(e.getKey());
                continue;
            }
            ContainerDiscovery.Lifecycle l = lifecycle.apply(e.getKey());
            if (l != null && !endsThisLife(l) && awaitingExit.merge(e.getKey(), 1, Integer::sum) <= EXIT_WAIT_TICKS) {
                continue; // its die not read yet, or between two lives under a restart policy
            }
            awaitingExit.remove(e.getKey());
            it.remove();
            long at = l != null && l.exitedAtMs() != null ? Math.min(l.exitedAtMs(), nowMs) : nowMs;
            String detail = l != null && l.exitCode() != null
                    ? "exit code " + l.exitCode() + signal(l.exitCode())
                    : "exited (its runtime reports no exit code here)";
            out.add(event(
                    at,
                    EventKind.CONTAINER_EXITED,
                    e.getValue(),
                    detail,
                    l != null ? e.getValue().runtime() : "cgroup"));
        }
        primed = true;
        return out;
    }

    /**
     * Whether the runtime's exit is the end of the life now missing: a restarted container's
     * lifecycle holds its previous life's exit until this one's die is read, and that exit, before
     * the current start, does not stand for it (said only if no other comes within the wait).
     */
    private static boolean endsThisLife(ContainerDiscovery.Lifecycle l) {
        return l.exitCode() != null
                && (l.exitedAtMs() == null || l.startedAtMs() == null || l.exitedAtMs() >= l.startedAtMs());
    }

    /** An OOM kill of the container's counter: {@code kills} processes since the last tick. */
    static Event oomKill(long nowMs, ContainerInfo c, long kills, Object limitBytes) {
        return event(
                nowMs,
                EventKind.OOM_KILL,
                c,
                kills + " process(es) killed by the kernel's OOM killer"
                        + (limitBytes == null ? "" : " (memory limit " + limitBytes + " bytes)"),
                "cgroup");
    }

    private static Event event(long at, EventKind kind, ContainerInfo c, String detail, String source) {
        return new Event(at, kind, c.id(), c.name(), c.pod(), c.namespace(), null, detail, source);
    }

    /** 128 + n is the shell's way of saying a signal ended the process: 137 is SIGKILL (the OOM killer's). */
    private static String signal(int code) {
        return switch (code) {
            case 137 -> " (SIGKILL)";
            case 143 -> " (SIGTERM)";
            case 130 -> " (SIGINT)";
            default -> "";
        };
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
