package io.kubemon.common.wire;

import io.kubemon.common.schema.EventsTable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of the {@code events} table before it is written: what happened, when (epoch ms, the
 * event's own time), to what, and what saw it. Agents send it as a {@link Sample}'s values; the
 * collector writes its own (the run's events, marks) as cells.
 *
 * @param pid    the process the event names, or null
 * @param detail in words: "exit code 137", "ticks 12:00:01-12:00:04", a mark's label
 * @param source what saw it: docker, cgroup, kubernetes, sampler, transport, collector, mark
 */
public record Event(
        long timestampMs,
        EventKind kind,
        String containerId,
        String containerName,
        String pod,
        String namespace,
        Long pid,
        String detail,
        String source) {
    /** The longest label a mark may have: the collector refuses a longer one, kubemon run shortens its own to fit. */
    public static final int MAX_MARK_LABEL = 200;

    /** An event of the node or the run: no container, pod or process. */
    public static Event of(long timestampMs, EventKind kind, String detail, String source) {
        return new Event(timestampMs, kind, null, null, null, null, null, detail, source);
    }

    /** The same event at another instant (a sender keeps an event within the tick that carries it). */
    public Event at(long ms) {
        return new Event(ms, kind, containerId, containerName, pod, namespace, pid, detail, source);
    }

    /** The row's values by column name, as a {@link Sample} carries them (absent values left out). */
    public Map<String, Object> values() {
        Map<String, Object> v = new LinkedHashMap<>(12);
        v.put("kind", kind.wire());
        put(v, "container_id", containerId);
        put(v, "container_name", containerName);
        put(v, "pod", pod);
        put(v, "namespace", namespace);
        put(v, "pid", pid);
        put(v, "detail", detail);
        put(v, "source", source);
        return v;
    }

    /** The row's cells in {@link EventsTable#EVENTS}' column order (null for an empty cell). */
    public String[] cells() {
        String[] cells = new String[EventsTable.EVENTS.columns().size()];
        values().forEach((k, val) -> cells[EventsTable.EVENTS.index().get(k)] = String.valueOf(val));
        return cells;
    }

    /**
     * What the event concerns, in words, as the report and the live page name it: "container web of
     * pod default/web-1 pid 42", "pod default/web-1", "node n1"; empty for the run's own events and
     * the marks (they concern everything). Empty strings stand for absent cells.
     */
    public static String subject(
            String node,
            String containerId,
            String containerName,
            String pod,
            String namespace,
            String pid,
            String source) {
        String podName = pod.isEmpty() ? "" : (namespace.isEmpty() ? "" : namespace + "/") + pod;
        String subject;
        if (!containerId.isEmpty() || !containerName.isEmpty()) {
            String name = !containerName.isEmpty()
                    ? containerName
                    : containerId.substring(0, Math.min(12, containerId.length()));
            subject = "container " + name + (podName.isEmpty() ? "" : " of pod " + podName);
        } else if (!podName.isEmpty()) {
            subject = "pod " + podName;
        } else if (concernsAll(source)) {
            subject = "";
        } else {
            subject = "node " + node;
        }
        return pid.isEmpty() || subject.isEmpty() ? subject : subject + " pid " + pid;
    }

    /** The collector's events and the marks concern the whole run, not a node or a container. */
    public static boolean concernsAll(String source) {
        return "collector".equals(source) || "mark".equals(source);
    }

    private static void put(Map<String, Object> v, String key, Object value) {
        if (value != null) {
            v.put(key, value);
        }
    }
}
