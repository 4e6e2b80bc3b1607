package io.kubemon.cli;

import io.kubemon.common.wire.Instance;
import io.kubemon.common.wire.InstanceList;
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
        InstanceList list = typed(n, InstanceList.class);
        return print(n, () -> {
            out().println("Connected instances: " + list.connected());
            boolean group = list.collectors() != null;
            if (group) {
                for (InstanceList.Member m : list.collectors()) {
                    out().printf(
                                    "  collector %s: %s%n",
                                    m.url(),
                                    m.reachable()
                                            ? m.count() + " agent(s)"
                                            : "UNREACHABLE (" + (m.error() == null ? "no answer" : m.error())
                                                    + "): its agents are not listed");
                }
            }
            if (list.count() > 0) {
                out().printf(
                                "%-24s %-10s %-26s %10s %12s %9s  %s%n",
                                "NODE",
                                "STATE",
                                "LAST SEEN",
                                "BATCHES",
                                "ROWS",
                                "DROPPED",
                                group ? "COLLECTOR / NOTICES" : "NOTICES");
                for (Instance i : list.instances()) {
                    out().printf(
                                    "%-24s %-10s %-26s %10d %12d %9d  %s%n",
                                    i.nodeName(),
                                    i.state(),
                                    i.lastSeen(),
                                    i.batches(),
                                    i.rows(),
                                    i.droppedRows(),
                                    (i.collector() != null ? i.collector() + "  " : "")
                                            + (i.notices() != null ? String.join("; ", i.notices()) : ""));
                }
            }
        });
    }
}
