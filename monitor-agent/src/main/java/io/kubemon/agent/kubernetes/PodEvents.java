package io.kubemon.agent.kubernetes;

import io.kubemon.common.wire.Event;
import io.kubemon.common.wire.EventKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A pod's events from what the pod watch saw change: added, deleted, evicted (the kubelet's
 * {@code status.reason} "Evicted"), its phase changed. Pure: the pods before and after, the events.
 */
final class PodEvents {
    private PodEvents() {}

    /** {@code before} null for a pod added, {@code after} null for one deleted. */
    static List<Event> of(PodDoc before, PodDoc after, long nowMs) {
        List<Event> out = new ArrayList<>(2);
        PodDoc p = after != null ? after : before;
        if (p == null || p.metadata() == null) {
            return out;
        }
        if (before == null) {
            out.add(event(nowMs, EventKind.POD_ADDED, p, "phase " + after.phase()));
            return out;
        }
        if (after == null) {
            out.add(event(nowMs, EventKind.POD_DELETED, p, "deleted in phase " + before.phase()));
            return out;
        }
        if ("Evicted".equals(after.reason()) && !"Evicted".equals(before.reason())) {
            String message = after.message();
            out.add(event(nowMs, EventKind.POD_EVICTED, p, message == null ? "evicted" : message));
        }
        if (!Objects.equals(before.phase(), after.phase())) {
            out.add(event(nowMs, EventKind.POD_PHASE, p, before.phase() + " -> " + after.phase()));
        }
        return out;
    }

    private static Event event(long at, EventKind kind, PodDoc p, String detail) {
        return new Event(at, kind, null, null, p.name(), p.namespace(), null, detail, "kubernetes");
    }
}
