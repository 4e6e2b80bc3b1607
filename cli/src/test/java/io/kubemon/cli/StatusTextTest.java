package io.kubemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.common.wire.RunRecords;
import io.kubemon.common.wire.RunStatus;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** What status and stop say, and their exit codes, from the collector's answers (on strings). */
class StatusTextTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The collector's answer as the CLI reads it: text, then the typed status. */
    private static RunStatus read(String json) {
        return RunRecords.fromTree(JSON.readTree(json), RunStatus.class);
    }

    private static RunStatus status(String state, boolean complete, String agents, String store) {
        return read("{\"runId\":\"r1\",\"state\":\"" + state + "\",\"complete\":" + complete
                + ",\"drainDeadline\":\"2026-12-01T10:01:00Z\",\"agents\":[" + agents + "]"
                + (store == null ? "" : ",\"store\":" + store) + "}");
    }

    private static String agent(String drain, Long sampled, long delivered, Long missing, String dropped) {
        return "{\"agentId\":\"a1\",\"nodeName\":\"n1\",\"drain\":\"" + drain + "\",\"sampledRows\":" + sampled
                + ",\"deliveredRows\":" + delivered + ",\"outstandingRows\":" + (sampled == null ? null : 2)
                + ",\"missingRows\":" + missing + ",\"droppedRows\":" + dropped + "}";
    }

    private static String dropped(long spool, long drainTimeout, long storeFailed) {
        return "{\"spoolFull\":" + spool + ",\"refused\":0,\"agentRestart\":0,\"drainTimeout\":" + drainTimeout
                + ",\"storeFailed\":" + storeFailed + "}";
    }

    @Test
    void aCompleteRunSaysNothingMissingAndExitsZero() {
        RunStatus n = status("finished", true, agent("delivered", 10L, 10, 0L, dropped(0, 0, 0)), null);
        assertThat(StatusText.missingLines(n)).isEmpty();
        assertThat(StatusText.exitCode(n)).isZero();
        assertThat(StatusText.storeLines(n, false))
                .as("an older collector says nothing of its store")
                .isEmpty();
    }

    @Test
    void eachReasonForMissingRowsIsNamedAndTheExitCodeIs7() {
        RunStatus timeout = status("finished", false, agent("timeout", 10L, 6, 4L, dropped(1, 3, 0)), null);
        assertThat(StatusText.missingLines(timeout))
                .containsExactly("missing: n1: 4 of 10 sampled row(s) not in the files (1 spool full, 3 not "
                        + "delivered by the drain timeout); it did not finish delivering before the drain timeout");
        assertThat(StatusText.exitCode(timeout)).isEqualTo(ExitCodes.ROWS_MISSING);

        RunStatus storeFailed = status("finished", false, agent("store_failed", 10L, 6, 4L, dropped(0, 0, 4)), null);
        assertThat(StatusText.missingLines(storeFailed).get(0))
                .contains("4 not written: the collector's data volume was failing")
                .endsWith("the data volume was still failing at the store-recovery timeout");

        String lost = "{\"spoolFull\":0,\"refused\":0,\"agentRestart\":0,\"drainTimeout\":0,\"storeFailed\":0,"
                + "\"acknowledgedLost\":1}";
        RunStatus acknowledgedLost = status("finished", false, agent("delivered", 10L, 9, 1L, lost), null);
        assertThat(StatusText.missingLines(acknowledgedLost))
                .containsExactly("missing: n1: 1 of 10 sampled row(s) not in the files (1 acknowledged by the "
                        + "collector but not in its files: a store defect, please report it)");
        assertThat(StatusText.exitCode(acknowledgedLost)).isEqualTo(ExitCodes.ROWS_MISSING);

        RunStatus unknown = status("finished", false, agent("no_account", null, 5, null, "null"), null);
        assertThat(StatusText.missingLines(unknown))
                .containsExactly("missing: n1: keeps no run account; rows it sampled unknown (5 delivered)");
        assertThat(StatusText.exitCode(unknown)).isEqualTo(ExitCodes.ROWS_MISSING);
    }

    @Test
    void whileCollectingOnlyDropsCountAndAnOldRunJsonWithoutStoreFailedReads() {
        String oldDropped = "{\"spoolFull\":0,\"refused\":2,\"agentRestart\":0,\"drainTimeout\":0}";
        RunStatus n = status("collecting", false, agent("collecting", 10L, 8, 2L, oldDropped), null);
        assertThat(StatusText.missingLines(n).get(0)).contains("2 refused by the collector");
        assertThat(StatusText.exitCode(n)).isEqualTo(ExitCodes.ROWS_MISSING);
        RunStatus fine = status("collecting", false, agent("collecting", 10L, 8, 2L, dropped(0, 0, 0)), null);
        assertThat(StatusText.missingLines(fine))
                .as("not yet delivered is not missing")
                .isEmpty();
        assertThat(StatusText.exitCode(fine)).isZero();
    }

    @Test
    void aFailingStoreIsOneLineAndExit8WhateverTheRun() {
        String failing = "{\"state\":\"FAILING\",\"since\":\"2026-12-01T10:00:00Z\",\"description\":\"no space left on "
                + "the data volume\",\"detail\":\"No space left on device\",\"refusedBatches\":12,"
                + "\"freeBytes\":0,\"totalBytes\":209715200}";
        RunStatus n = status("collecting", false, agent("collecting", 10L, 8, 2L, dropped(0, 0, 0)), failing);
        assertThat(StatusText.storeLines(n, true))
                .containsExactly(
                        "store: failing since 2026-12-01T10:00:00Z: no space left on the data volume (No space "
                                + "left on device); 12 batch(es) refused and kept by the agents until it takes writes again; "
                                + "0 MiB free of 200 MiB");
        assertThat(StatusText.exitCode(n)).isEqualTo(ExitCodes.STORE_FAILING);
        RunStatus idle = read("{\"runId\":null,\"state\":\"idle\",\"agents\":[],\"store\":" + failing + "}");
        assertThat(StatusText.exitCode(idle)).isEqualTo(ExitCodes.STORE_FAILING);

        String ok = "{\"state\":\"OK\",\"freeBytes\":53687091200,\"totalBytes\":268435456000,\"lowSpace\":false}";
        RunStatus fine = status("finished", true, agent("delivered", 10L, 10, 0L, dropped(0, 0, 0)), ok);
        assertThat(StatusText.storeLines(fine, false)).containsExactly("store: ok, 50 GiB free of 250 GiB");
        assertThat(StatusText.storeLines(fine, true)).isEmpty();
        String low = "{\"state\":\"OK\",\"freeBytes\":104857600,\"totalBytes\":209715200,\"lowSpace\":true}";
        assertThat(StatusText.storeLines(status("finished", true, "", low), true))
                .containsExactly("store: low on space: 100 MiB free of 200 MiB");
        String newer = "{\"state\":\"OK\",\"freeBytes\":104857600,\"totalBytes\":209715200,\"inodesFree\":7,"
                + "\"lowSpace\":false}";
        assertThat(StatusText.storeLines(status("finished", true, "", newer), false))
                .as("a field a newer collector adds is ignored")
                .containsExactly("store: ok, 100 MiB free of 200 MiB");
    }

    @Test
    void theRunLineAndTheGroupsMembers() {
        RunStatus n = read("{\"runId\":\"r1\",\"state\":\"collecting\",\"outputDir\":\"exp\",\"intervalMs\":500,"
                + "\"rows\":12,\"batches\":3,\"agents\":[],\"collectors\":[{\"url\":\"http://a\",\"reachable\":true,"
                + "\"state\":\"collecting\",\"rows\":12,\"agents\":1},{\"url\":\"http://b\",\"reachable\":false,"
                + "\"error\":\"connection refused\"}]}");
        assertThat(StatusText.runLine(n)).isEqualTo("collecting: run r1 into exp every 500 ms: 12 rows, 3 batches");
        assertThat(StatusText.collectorLines(n))
                .containsExactly(
                        "  collector http://a: collecting, 12 rows, 1 agent(s)",
                        "  collector http://b: UNREACHABLE (connection refused): its nodes are not counted above");
        assertThat(StatusText.runLine(RunStatus.idle())).isEqualTo("no run yet");
        assertThat(StatusText.collectorLines(RunStatus.idle())).isEmpty();
    }

    @Test
    void theDrainLineCountsTheAgentsStillDelivering() {
        RunStatus n = status("stopping", false, agent("delivering", 10L, 8, 2L, dropped(0, 0, 0)), null);
        assertThat(StatusText.drainLine(n))
                .isEqualTo("draining: 1 agent(s) still delivering, 2 row(s) outstanding; the run finishes by "
                        + "2026-12-01T10:01:00Z");
    }
}
