package io.kubemon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubemon.common.wire.RunRecord;
import io.kubemon.common.wire.RunRecords;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class GroupRunJsonTest {
    private RunRecord member(String collector, String node, long rows, boolean complete, String stopAt) {
        return RunRecords.readRecord(
                """
                {"runId":"run-1","outputDir":"exp","intervalMs":1000,"startedAt":"2026-11-26T10:00:00Z",
                 "collectors":["http://a","http://b"],"collector":"%s","schemaVersions":{"os":1},
                 "nodes":{"%s":{"cpus":2}},"state":"finished","stoppedAt":"%s","stopAt":"%s",
                 "finishedAt":"%s","rows":%d,"batches":3,"droppedRows":0,"missingRows":0,"complete":%b,
                 "monitors":{"os":{"files":1,"rows":%d}},
                 "agents":[{"agentId":"id-%s","nodeName":"%s","sampledRows":%d,"deliveredRows":%d}]}
                """.formatted(collector, node, stopAt, stopAt, stopAt, rows, complete, rows, node, node, rows, rows)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void membersSumIntoOneRunWithEachNodesCollectorNamed() {
        JsonNode merged = RunRecords.tree(GroupRunJson.merge(
                List.of(
                        new GroupRunJson.Part("http://a", member("http://a", "n1", 10, true, "2026-11-26T10:01:00Z")),
                        new GroupRunJson.Part(
                                "http://b", member("http://b", "n2", 7, true, "2026-11-26T10:01:00.250Z"))),
                List.of()));
        assertThat(merged.get("runId").asString()).isEqualTo("run-1");
        assertThat(merged.get("rows").asLong()).isEqualTo(17);
        assertThat(merged.get("batches").asLong()).isEqualTo(6);
        assertThat(merged.get("monitors").get("os").get("files").asLong()).isEqualTo(2);
        assertThat(merged.get("monitors").get("os").get("rows").asLong()).isEqualTo(17);
        assertThat(merged.get("nodes").propertyNames()).containsExactlyInAnyOrder("n1", "n2");
        assertThat(merged.get("nodeCollectors").get("n2").asString()).isEqualTo("http://b");
        assertThat(merged.get("agents").get(1).get("collector").asString()).isEqualTo("http://b");
        assertThat(merged.get("state").asString()).isEqualTo("finished");
        assertThat(merged.get("complete").asBoolean()).isTrue();
        // Instants compare as instants, not as text: .250 is later than :00.
        assertThat(merged.get("stopAt").asString()).isEqualTo("2026-11-26T10:01:00.250Z");
    }

    @Test
    void theMergedRecordReadsBackWithItsGroupFieldsAndAMembersRecordHasNone() {
        RunRecord merged = GroupRunJson.merge(
                List.of(
                        new GroupRunJson.Part("http://a", member("http://a", "n1", 10, true, "2026-11-26T10:01:00Z")),
                        new GroupRunJson.Part("http://b", member("http://b", "n2", 7, true, "2026-11-26T10:01:00Z"))),
                List.of());
        RunRecord back = RunRecords.readRecord(RunRecords.bytes(merged));
        assertThat(back.nodeCollectors()).containsEntry("n1", "http://a").containsEntry("n2", "http://b");
        assertThat(back.fetchedFrom()).extracting(RunRecord.FetchedPart::rows).containsExactly(10L, 7L);
        assertThat(back.agents())
                .extracting(io.kubemon.common.wire.AgentAccount::collector)
                .containsExactly("http://a", "http://b");
        String one = new String(
                RunRecords.bytes(member("http://a", "n1", 10, true, "2026-11-26T10:01:00Z")),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(one)
                .doesNotContain("nodeCollectors")
                .doesNotContain("fetchedFrom")
                .doesNotContain("\"collector\" : null");
    }

    @Test
    void aMissingOrIncompleteMemberMakesTheRunIncomplete() {
        RunRecord a = member("http://a", "n1", 10, true, "2026-11-26T10:01:00Z");
        RunRecord missing = GroupRunJson.merge(List.of(new GroupRunJson.Part("http://a", a)), List.of("http://b"));
        assertThat(missing.complete()).isFalse();
        assertThat(missing.fetchedFrom().get(1).fetched()).isFalse();
        assertThat(missing.fetchedFrom().get(1).url()).isEqualTo("http://b");
        RunRecord partial = GroupRunJson.merge(
                List.of(
                        new GroupRunJson.Part("http://a", a),
                        new GroupRunJson.Part("http://b", member("http://b", "n2", 7, false, "2026-11-26T10:01:00Z"))),
                List.of());
        assertThat(partial.complete()).isFalse();
    }

    @Test
    void anotherRunUnderTheSameNameIsRefused() {
        RunRecord b = member("http://b", "n2", 7, true, "2026-11-26T10:01:00Z");
        RunRecord other =
                RunRecords.readRecord(RunRecords.bytes(RunRecords.tree(b).put("runId", "run-2")));
        assertThatThrownBy(() -> GroupRunJson.merge(
                        List.of(
                                new GroupRunJson.Part(
                                        "http://a", member("http://a", "n1", 10, true, "2026-11-26T10:01:00Z")),
                                new GroupRunJson.Part("http://b", other)),
                        List.of()))
                .hasMessageContaining("holds another run");
    }
}
