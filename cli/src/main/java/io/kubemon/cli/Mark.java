package io.kubemon.cli;

import io.kubemon.common.wire.Paths;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

@Command(
        name = "mark",
        description = "Set a mark in the active run (an event of kind mark in its events table): now, or at --at.")
class Mark extends Base {
    @picocli.CommandLine.Mixin
    CollectorOption collector;

    @picocli.CommandLine.Mixin
    JsonOption jsonOption;

    @Override
    boolean json() {
        return jsonOption.on || root.json;
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Parameters(
            paramLabel = "LABEL",
            description = "What the mark says: \"phase 2\", \"load on\" (1 to 200 characters).")
    String label;

    @Option(
            names = "--at",
            paramLabel = "INSTANT",
            description = "When, ISO-8601 (2026-12-02T10:15:00Z); it must lie in the run. Default: now.")
    String at;

    @Override
    public Integer call() {
        JsonNode n = set(collector.api(root), label, at == null ? null : instant(at));
        return print(
                n,
                () -> out().printf(
                                "marked '%s' at %s in run %s%n",
                                n.path("label").asString(),
                                n.path("at").asString(),
                                n.path("runId").asString()));
    }

    /** Sets a mark through the collector's API; its answer. */
    static JsonNode set(CollectorApi api, String label, Instant at) {
        ObjectNode body = JSON.createObjectNode().put("label", label);
        if (at != null) {
            body.put("at", at.toString());
        }
        return api.post(Paths.MARKS, JSON.writeValueAsString(body));
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CliException(
                    ExitCodes.USAGE, "--at takes an ISO-8601 instant like 2026-12-02T10:15:00Z, not '" + text + "'");
        }
    }
}
