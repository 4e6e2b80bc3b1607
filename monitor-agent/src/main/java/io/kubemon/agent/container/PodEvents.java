package io.kubemon.agent.container;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubemon.common.wire.Event;
import io.kubemon.common.wire.EventKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A pod's events from what the informer saw change: added, deleted, evicted (the kubelet's
 * {@code status.reason} "Evicted"), its phase changed. Pure: the pods before and after, the events.
 */
final class PodEvents {
    private PodEvents() {}

    /** {@code before} null for a pod added, {@code after} null for one deleted. */
    static List<Event> of(Pod before, Pod after, long nowMs) {
        List<Event> out = new ArrayList<>(2);
        Pod p = after != null ? after : before;
        if (p == null || p.getMetadata() == null) {
            return out;
        }
        if (before == null) {
            out.add(event(nowMs, EventKind.POD_ADDED, p, "phase " + phase(after)));
            return out;
        }
        if (after == null) {
            out.add(event(nowMs, EventKind.POD_DELETED, p, "deleted in phase " + phase(before)));
            return out;
        }
        if ("Evicted".equals(reason(after)) && !"Evicted".equals(reason(before))) {
            String message = after.getStatus().getMessage();
            out.add(event(nowMs, EventKind.POD_EVICTED, p, message == null ? "evicted" : message));
        }
        if (!Objects.equals(phase(before), phase(after))) {
            out.add(event(nowMs, EventKind.POD_PHASE, p, phase(before) + " -> " + phase(after)));
        }
        return out;
    }

    private static Event event(long at, EventKind kind, Pod p, String detail) {
        return new Event(
                at,
                kind,
                null,
                null,
                p.getMetadata().getName(),
                p.getMetadata().getNamespace(),
                null,
                detail,
                "kubernetes");
    }

    private static String phase(Pod p) {
        return p.getStatus() == null || p.getStatus().getPhase() == null
                ? "unknown"
                : p.getStatus().getPhase();
    }

    private static String reason(Pod p) {
        return p.getStatus() == null ? null : p.getStatus().getReason();
    }
}
