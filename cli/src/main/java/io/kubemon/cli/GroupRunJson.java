package io.kubemon.cli;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One {@code run.json} from the members' of a collector group: a run fetched from a group then
 * reads as one collector's (what {@code merge} and {@code report} expect), with each node's
 * collector named. Totals are summed; the run is complete only when every member's part is.
 */
final class GroupRunJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private GroupRunJson() {}

    /** One member's run.json, and the URL of the member it came from. */
    record Part(String collector, JsonNode runJson) {}

    static ObjectNode merge(List<Part> parts, List<String> missing) {
        JsonNode first = parts.get(0).runJson();
        ObjectNode out = F.objectNode();
        for (String f : List.of("runId", "outputDir", "intervalMs", "startedAt", "collectors", "schemaVersions")) {
            if (first.has(f)) {
                out.set(f, first.get(f));
            }
        }
        ObjectNode nodes = F.objectNode();
        ObjectNode nodeCollector = F.objectNode();
        ArrayNode agents = F.arrayNode();
        ObjectNode monitors = F.objectNode();
        ArrayNode members = F.arrayNode();
        long rows = 0, batches = 0, dropped = 0, missingRows = 0;
        boolean complete = missing.isEmpty();
        boolean finished = true;
        String stoppedAt = null, stopAt = null, finishedAt = null;
        for (Part p : parts) {
            JsonNode j = p.runJson();
            if (!first.path("runId").asString("").equals(j.path("runId").asString(""))) {
                throw new CliException(
                        ExitCodes.ERROR,
                        "collector " + p.collector() + " holds another run under this name ("
                                + j.path("runId").asString("?") + ", not "
                                + first.path("runId").asString("?") + ")");
            }
            j.path("nodes").properties().forEach(e -> {
                nodes.set(e.getKey(), e.getValue());
                nodeCollector.put(e.getKey(), p.collector());
            });
            for (JsonNode a : j.path("agents")) {
                ObjectNode copy = ((ObjectNode) a).deepCopy();
                copy.put("collector", p.collector());
                agents.add(copy);
                if (a.hasNonNull("nodeName")) {
                    nodeCollector.put(a.get("nodeName").asString(), p.collector());
                }
            }
            j.path("monitors").properties().forEach(e -> {
                ObjectNode m = monitors.has(e.getKey())
                        ? (ObjectNode) monitors.get(e.getKey())
                        : monitors.putObject(e.getKey());
                m.put(
                        "files",
                        m.path("files").asLong(0) + e.getValue().path("files").asLong(0));
                m.put(
                        "rows",
                        m.path("rows").asLong(0) + e.getValue().path("rows").asLong(0));
            });
            rows += j.path("rows").asLong(0);
            batches += j.path("batches").asLong(0);
            dropped += j.path("droppedRows").asLong(0);
            missingRows += j.path("missingRows").asLong(0);
            complete &= j.path("complete").asBoolean(false);
            finished &= "finished".equals(j.path("state").asString(""));
            stoppedAt = earliest(stoppedAt, text(j, "stoppedAt"));
            stopAt = latest(stopAt, text(j, "stopAt"));
            finishedAt = latest(finishedAt, text(j, "finishedAt"));
            ObjectNode member = members.addObject();
            member.put("url", p.collector());
            member.put("state", j.path("state").asString("collecting"));
            member.put("rows", j.path("rows").asLong(0));
            member.put("nodes", j.path("nodes").size());
        }
        for (String m : missing) {
            ObjectNode member = members.addObject();
            member.put("url", m);
            member.put("state", "not fetched");
        }
        out.set("nodes", nodes);
        out.put(
                "state",
                finished && missing.isEmpty()
                        ? "finished"
                        : parts.stream()
                                .map(p -> p.runJson().path("state").asString("collecting"))
                                .filter(s -> !s.equals("finished"))
                                .findFirst()
                                .orElse("incomplete"));
        out.put("stoppedAt", String.valueOf(stoppedAt));
        out.put("stopAt", String.valueOf(stopAt));
        out.put("finishedAt", finished ? String.valueOf(finishedAt) : "null");
        out.put("rows", rows);
        out.put("batches", batches);
        out.put("droppedRows", dropped);
        out.put("missingRows", missingRows);
        out.put("complete", complete && finished);
        out.set("monitors", monitors);
        out.set("agents", agents);
        out.set("nodeCollectors", nodeCollector);
        out.set("fetchedFrom", members);
        return out;
    }

    private static String text(JsonNode j, String f) {
        String v = j.path(f).asString(null);
        return v == null || v.equals("null") ? null : v;
    }

    private static String earliest(String a, String b) {
        return a == null ? b : b == null ? a : java.time.Instant.parse(a).isAfter(java.time.Instant.parse(b)) ? b : a;
    }

    private static String latest(String a, String b) {
        return a == null ? b : b == null ? a : java.time.Instant.parse(a).isBefore(java.time.Instant.parse(b)) ? b : a;
    }
}
