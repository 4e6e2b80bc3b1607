package io.kubemon.cli;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What {@code status} and {@code stop} say about a run, from the collector's answer: pure (lines
 * from JSON), so every sentence and the exit code are tested on strings. The commands print them.
 */
final class StatusText {
    private StatusText() {}

    /**
     * In a collector group, one line per member: its state, rows and agents, or why it did not
     * answer (its nodes' rows are then not in the figures above). Nothing for a single collector.
     */
    static List<String> collectorLines(JsonNode n) {
        List<String> out = new ArrayList<>();
        JsonNode members = n.get("collectors");
        if (members == null || !members.isArray()) {
            return out;
        }
        for (JsonNode m : members) {
            if (m.get("reachable").asBoolean()) {
                out.add(String.format(
                        "  collector %s: %s, %d rows, %d agent(s)%s",
                        m.get("url").asString(),
                        m.get("state").asString(),
                        m.get("rows").asLong(),
                        m.get("agents").asInt(),
                        m.hasNonNull("error") ? " (" + m.get("error").asString() + ")" : ""));
            } else {
                out.add(String.format(
                        "  collector %s: UNREACHABLE (%s): its nodes are not counted above",
                        m.get("url").asString(), m.path("error").asString("no answer")));
            }
        }
        return out;
    }

    /**
     * One line per agent whose rows are not all in the files, saying why; nothing when nothing is
     * missing. Before them, an {@code empty cells:} line per agent whose run had malformed fields
     * (not missing rows: those cells are empty, and said so that none is unexplained).
     */
    static List<String> missingLines(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (JsonNode a : n.get("agents")) {
            long malformed = a.path("malformedFields").asLong(0);
            if (malformed > 0) {
                out.add(String.format(
                        "empty cells: %s: %d field(s) were malformed in their files and left empty (see the agent's log)",
                        node(a), malformed));
            }
        }
        for (JsonNode a : n.get("agents")) {
            String drain = a.get("drain").asString();
            boolean unknown = a.get("missingRows").isNull();
            long missing = unknown ? 0 : a.get("missingRows").asLong();
            if (drain.equals("collecting")
                    || (drain.equals("delivering") && !n.get("state").asString().equals("finished"))) {
                if (droppedTotal(a) == 0) {
                    continue;
                }
            } else if (!unknown && missing == 0 && !drain.equals("timeout")) {
                continue;
            }
            StringBuilder why = new StringBuilder();
            JsonNode d = a.get("droppedRows");
            if (d != null && !d.isNull()) {
                append(why, d, "spoolFull", "spool full");
                append(why, d, "refused", "refused by the collector");
                append(why, d, "agentRestart", "lost in an agent restart");
                append(why, d, "drainTimeout", "not delivered by the drain timeout");
                append(why, d, "storeFailed", "not written: the collector's data volume was failing");
            }
            if (unknown) {
                out.add(String.format(
                        "missing: %s: %s; rows it sampled unknown (%s)",
                        node(a),
                        drain.equals("no_account") ? "keeps no run account" : "sent no account of this run",
                        a.get("deliveredRows").asLong() + " delivered"));
            } else {
                out.add(String.format(
                        "missing: %s: %d of %d sampled row(s) not in the files%s%s",
                        node(a),
                        missing,
                        a.get("sampledRows").asLong(),
                        why.length() > 0 ? " (" + why + ")" : "",
                        drain.equals("timeout")
                                ? "; it did not finish delivering before the drain timeout"
                                : drain.equals("store_failed")
                                        ? "; the data volume was still failing at the store-recovery timeout"
                                        : ""));
            }
        }
        return out;
    }

    /**
     * The collector's data volume in one line: failing (since when, why, batches refused), low on
     * space, or (unless {@code onlyTrouble}) ok with its free space; nothing from an older collector.
     */
    static List<String> storeLines(JsonNode n, boolean onlyTrouble) {
        JsonNode v = n.path("store");
        if (!v.isObject()) {
            return List.of();
        }
        String space = v.path("freeBytes").isNumber()
                ? mib(v.get("freeBytes").asLong()) + " free of "
                        + mib(v.path("totalBytes").asLong(0))
                : "free space unknown";
        if (isFailing(n)) {
            return List.of(String.format(
                    "store: failing since %s: %s (%s); %d batch(es) refused and kept by the agents until it takes writes again; %s",
                    v.path("since").asString(""),
                    v.path("description").asString(""),
                    v.path("detail").asString(""),
                    v.path("refusedBatches").asLong(0),
                    space));
        }
        if (v.path("lowSpace").asBoolean(false)) {
            return List.of("store: low on space: " + space);
        }
        return onlyTrouble ? List.of() : List.of("store: ok, " + space);
    }

    /** While stopping: how many agents still deliver, how many rows are outstanding, and the deadline. */
    static String drainLine(JsonNode n) {
        long waiting = 0;
        long outstanding = 0;
        for (JsonNode a : n.get("agents")) {
            if (a.get("drain").asString().equals("delivering")) {
                waiting++;
                outstanding += a.get("outstandingRows").isNull()
                        ? 0
                        : a.get("outstandingRows").asLong();
            }
        }
        return "draining: " + waiting + " agent(s) still delivering, " + outstanding
                + " row(s) outstanding; the run finishes by "
                + n.get("drainDeadline").asString();
    }

    static boolean isFailing(JsonNode n) {
        return "FAILING".equals(n.path("store").path("state").asString(""));
    }

    /**
     * 0 when nothing is missing; {@link ExitCodes#STORE_FAILING} while the collector's data volume
     * fails (the run's rows wait at the agents); {@link ExitCodes#ROWS_MISSING} when rows are
     * missing or cannot be accounted for. No run at all is 0 (unless the volume fails).
     */
    static int exitCode(JsonNode n) {
        if (isFailing(n)) {
            return ExitCodes.STORE_FAILING;
        }
        if (n.path("runId").isNull() || n.path("runId").isMissingNode()) {
            return ExitCodes.OK;
        }
        String state = n.get("state").asString();
        if (state.equals("finished")) {
            return n.get("complete").asBoolean() ? ExitCodes.OK : ExitCodes.ROWS_MISSING;
        }
        for (JsonNode a : n.get("agents")) {
            if (droppedTotal(a) > 0) {
                return ExitCodes.ROWS_MISSING;
            }
        }
        return ExitCodes.OK;
    }

    private static String node(JsonNode a) {
        return a.get("nodeName").isNull()
                ? a.get("agentId").asString()
                : a.get("nodeName").asString();
    }

    private static long droppedTotal(JsonNode a) {
        JsonNode d = a.get("droppedRows");
        if (d == null || d.isNull()) {
            return 0;
        }
        return d.path("spoolFull").asLong(0)
                + d.path("refused").asLong(0)
                + d.path("agentRestart").asLong(0)
                + d.path("drainTimeout").asLong(0)
                + d.path("storeFailed").asLong(0); // absent in run.json files before the store could fail
    }

    private static void append(StringBuilder b, JsonNode d, String field, String words) {
        long v = d.path(field).asLong(0);
        if (v > 0) {
            b.append(b.length() > 0 ? ", " : "").append(v).append(' ').append(words);
        }
    }

    private static String mib(long bytes) {
        return bytes >= 10L << 30 ? (bytes >> 30) + " GiB" : (bytes >> 20) + " MiB";
    }
}
