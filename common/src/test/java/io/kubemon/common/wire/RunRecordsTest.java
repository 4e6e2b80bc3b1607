package io.kubemon.common.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run.json and the active-run marker, both directions: earlier collectors' files, and newer ones. */
class RunRecordsTest {
    /** A run recorded by a collector before run.json was typed (format version 0). */
    static final Path RECORDED =
            Path.of("..", "report", "src", "test", "resources", "fixtures", "run-docker-500ms", "run.json");

    @TempDir
    Path tmp;

    @Test
    void aRecordedRunOfAnEarlierVersionStillReads() throws Exception {
        RunRecord r = RunRecords.readRecord(RECORDED);
        assertThat(r.formatVersion()).isZero();
        assertThat(r.runId()).isEqualTo("run-ffbccdec");
        assertThat(r.intervalMs()).isEqualTo(500);
        assertThat(r.state()).isEqualTo(RunState.FINISHED);
        assertThat(r.stoppedAt()).isEqualTo(Instant.parse("2026-11-25T23:27:37.344138659Z"));
        assertThat(r.nodes()).containsKey("vm");
        assertThat(r.agents()).isNotEmpty();
        AgentAccount a = r.agents().get(0);
        assertThat(a.drain()).isEqualTo(DrainState.DELIVERED);
        assertThat(a.droppedRows().storeFailed())
                .as("absent before the store could fail")
                .isZero();
        assertThat(r.complete()).isTrue();
    }

    @Test
    void theStringNullThatEarlierCollectorsWroteIsNull() {
        RunRecord r =
                RunRecords.readRecord(("{\"runId\":\"r\",\"intervalMs\":1000,\"startedAt\":\"2026-11-25T23:27:11Z\","
                                + "\"state\":\"finished\",\"stoppedAt\":\"null\",\"stopAt\":\"null\",\"finishedAt\":\"null\"}")
                        .getBytes());
        assertThat(r.stoppedAt()).isNull();
        assertThat(r.stopAt()).isNull();
        assertThat(r.finishedAt()).isNull();
        assertThat(r.agents()).isEmpty();
    }

    @Test
    void aNewerCollectorsFieldsAreIgnoredAndAbsentValuesAreJsonNull() throws Exception {
        String newer = "{\"formatVersion\":7,\"runId\":\"r\",\"intervalMs\":200,\"startedAt\":\"2026-12-01T10:00:00Z\","
                + "\"marks\":[{\"label\":\"phase 2\"}],\"state\":\"finished\",\"agents\":[{\"agentId\":\"a\","
                + "\"drain\":\"store_failed\",\"deliveredRows\":3,\"deliveredBatches\":1,\"energyJoules\":5,"
                + "\"droppedRows\":{\"spoolFull\":0,\"refused\":0,\"agentRestart\":0,\"drainTimeout\":0,"
                + "\"storeFailed\":4,\"cosmicRays\":1}}]}";
        RunRecord r = RunRecords.readRecord(newer.getBytes());
        assertThat(r.formatVersion()).isEqualTo(7);
        assertThat(r.agents().get(0).drain()).isEqualTo(DrainState.STORE_FAILED);
        assertThat(r.agents().get(0).droppedRows().storeFailed()).isEqualTo(4);

        Path file = tmp.resolve("run.json");
        RunRecord start = new RunRecord(
                RunRecords.FORMAT_VERSION,
                "r2",
                "exp",
                1000,
                Instant.parse("2026-12-01T10:00:00Z"),
                null,
                null,
                Map.of("os", 1),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        RunRecords.write(file, start);
        String text = Files.readString(file);
        assertThat(text)
                .contains("\"stoppedAt\" : null")
                .contains("\"state\" : null")
                .doesNotContain("\"null\"");
        assertThat(RunRecords.readRecord(file)).isEqualTo(start);
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .as("no temp file left")
                    .containsExactly("run.json");
        }
    }

    @Test
    void theActiveRunMarkerRoundTrips() throws Exception {
        ActiveRunMarker m = new ActiveRunMarker(
                "r",
                "team/exp",
                500,
                Instant.parse("2026-12-01T10:00:00Z"),
                List.of("http://a", "http://b"),
                "http://a",
                1_764_583_200_500L,
                Instant.parse("2026-12-01T10:00:01Z"));
        Path file = tmp.resolve(".kubemon-active-run.json");
        RunRecords.write(file, m);
        assertThat(RunRecords.readMarker(file)).isEqualTo(m);
    }
}
