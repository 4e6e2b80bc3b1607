package io.kubemon.cli;

import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

@Command(name = "instances", description = "The registered agents and their state.")
class Instances extends Base {
    @picocli.CommandLine.Mixin
    CollectorOption collector;

    @picocli.CommandLine.Mixin
    JsonOption jsonOption;

    @Override
    boolean json() {
        return jsonOption.on || root.json;
    }

    @Override
    public Integer call() {
        JsonNode n = collector.api(root).get("/instances");
        return print(n, () -> {
            long connected = n.get("instances")
                    .valueStream()
                    .filter(i -> i.get("state").asString().equals("CONNECTED"))
                    .count();
            out().println("Connected instances: " + connected);
            boolean group = n.has("collectors");
            if (group) {
                for (JsonNode m : n.get("collectors")) {
                    out().printf(
                                    "  collector %s: %s%n",
                                    m.get("url").asString(),
                                    m.get("reachable").asBoolean()
                                            ? m.get("count").asInt() + " agent(s)"
                                            : "UNREACHABLE ("
                                                    + m.path("error").asString("no answer")
                                                    + "): its agents are not listed");
                }
            }
            if (n.get("count").asInt() > 0) {
                out().printf(
                                "%-24s %-10s %-26s %10s %12s %9s  %s%n",
                                "NODE",
                                "STATE",
                                "LAST SEEN",
                                "BATCHES",
                                "ROWS",
                                "DROPPED",
                                group ? "COLLECTOR / NOTICES" : "NOTICES");
                n.get("instances")
                        .forEach(i -> out().printf(
                                        "%-24s %-10s %-26s %10d %12d %9d  %s%n",
                                        i.get("nodeName").asString(),
                                        i.get("state").asString(),
                                        i.get("lastSeen").asString(),
                                        i.get("batches").asLong(),
                                        i.get("rows").asLong(),
                                        i.has("droppedRows")
                                                ? i.get("droppedRows").asLong()
                                                : 0,
                                        (i.has("collector") ? i.get("collector").asString() + "  " : "")
                                                + (i.has("notices")
                                                        ? String.join(
                                                                "; ",
                                                                i.get("notices")
                                                                        .valueStream()
                                                                        .map(JsonNode::asString)
                                                                        .toList())
                                                        : "")));
            }
        });
    }
}
