package io.kubemon.common.wire;

import io.kubemon.common.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link RunRecord} and {@link ActiveRunMarker} to and from their files: the one place that knows
 * how they are written (pretty JSON, absent values as null, replaced atomically) and read (unknown
 * fields ignored, so a newer collector's run.json opens in an older CLI; the string {@code "null"}
 * that collectors before format version 1 wrote for an absent instant read as null).
 */
public final class RunRecords {
    /** 1: typed, nulls as JSON null, storeFailed, formatVersion itself. */
    public static final int FORMAT_VERSION = 1;

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private RunRecords() {}

    public static RunRecord readRecord(Path file) throws IOException {
        return read(Files.readAllBytes(file), RunRecord.class);
    }

    public static RunRecord readRecord(byte[] json) {
        return read(json, RunRecord.class);
    }

    public static ActiveRunMarker readMarker(Path file) throws IOException {
        return read(Files.readAllBytes(file), ActiveRunMarker.class);
    }

    /**
     * Any wire record ({@link RunStatus}, {@link RunEntry.Listing}, …) from a collector's answer, by
     * the same rules as run.json: unknown fields ignored, so an older CLI reads a newer collector.
     */
    public static <T> T fromTree(JsonNode tree, Class<T> type) {
        return JSON.treeToValue(tree, type);
    }

    /** The record as the JSON it is written as (for a report that embeds it). */
    public static ObjectNode tree(RunRecord record) {
        return JSON.valueToTree(record);
    }

    public static byte[] bytes(Object recordOrMarker) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(recordOrMarker);
    }

    /** Writes run.json or the marker atomically: a temp file, forced, renamed over, the directory forced. */
    public static void write(Path file, Object recordOrMarker) throws IOException {
        AtomicFiles.write(file, bytes(recordOrMarker));
    }

    private static <T> T read(byte[] json, Class<T> type) {
        JsonNode tree = JSON.readTree(json);
        if (tree instanceof ObjectNode o) {
            nullStrings(o);
        }
        return JSON.treeToValue(tree, type);
    }

    /** Before format version 1 an absent instant was written as the string "null". */
    private static void nullStrings(ObjectNode o) {
        for (String f : new String[] {"stoppedAt", "stopAt", "finishedAt", "stopRequestedAt"}) {
            JsonNode v = o.get(f);
            if (v != null && v.isString() && v.asString().equals("null")) {
                o.putNull(f);
            }
        }
    }
}
