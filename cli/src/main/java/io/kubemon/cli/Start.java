package io.kubemon.cli;

import io.kubemon.common.wire.RunStatus;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "start", description = "Start a run: every agent samples into DIR under the collector's data root.")
class Start extends Base {
    @picocli.CommandLine.Mixin
    CollectorOption collector;

    @picocli.CommandLine.Mixin
    JsonOption jsonOption;

    @Override
    boolean json() {
        return jsonOption.on || root.json;
    }

    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");

    @Parameters(
            paramLabel = "DIR",
            arity = "0..1",
            description = "Output directory, relative to the collector's data root (default: run-<UTC time>).")
    String dir;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            description = "Sampling interval: 100ms, 1s, 1m (default: the collector's, 1s).")
    String interval;

    @Override
    public Integer call() {
        var body = JSON.createObjectNode().put("outputDir", dir != null ? dir : RunNames.now());
        if (interval != null) {
            body.put("intervalMs", millis(interval));
        }
        JsonNode n = collector.api(root).post("/start", JSON.writeValueAsString(body));
        RunStatus s = typed(n, RunStatus.class);
        return print(
                n,
                () -> out().printf(
                                "started run %s into %s (%s), sampling every %d ms%n",
                                s.runId(), s.outputDir(), s.path(), s.intervalMs()));
    }

    static long millis(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new CliException(
                    ExitCodes.USAGE, "--interval takes a duration like 500ms, 1s or 1m, not '" + text + "'");
        }
        long v = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "s" -> v * 1000;
            case "m" -> v * 60_000;
            default -> v;
        };
    }
}
