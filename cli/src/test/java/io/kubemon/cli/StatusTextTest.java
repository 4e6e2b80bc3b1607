package io.kubemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What status and stop say, and their exit codes, from the collector's answers (on strings). */
class StatusTextTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode status(String state, boolean complete, String agents, String store) {
        return JSON.readTree("{\"runId\":\"r1\",\"state\":\"" + state + "\",\"complete\":" + complete
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
        JsonNode n = status("finished", true, agent("delivered", 10L, 10, 0L, dropped(0, 0, 0)), null);
        assertThat(StatusText.missingLines(n)).isEmpty();
        assertThat(StatusText.exitCode(n)).isZero();
        assertThat(StatusText.storeLines(n, false))
                .as("an older collector says nothing of its store")
                .isEmpty();
    }

    @Test
    void eachReasonForMissingRowsIsNamedAndTheExitCodeIs7() {
        JsonNode timeout = status("finished", false, agent("timeout", 10L, 6, 4L, dropped(1, 3, 0)), null);
        assertThat(StatusText.missingLines(timeout))
                .containsExactly("missing: n1: 4 of 10 sampled row(s) not in the files (1 spool full, 3 not "
                        + "delivered by the drain timeout); it did not finish delivering before the drain timeout");
        assertThat(StatusText.exitCode(timeout)).isEqualTo(ExitCodes.ROWS_MISSING);

        JsonNode storeFailed = status("finished", false, agent("store_failed", 10L, 6, 4L, dropped(0, 0, 4)), null);
        assertThat(StatusText.missingLines(storeFailed).get(0))
                .contains("4 not written: the collector's data volume was failing")
                .endsWith("the data volume was still failing at the store-recovery timeout");

        JsonNode unknown = status("finished", false, agent("no_account", null, 5, null, "null"), null);
        assertThat(StatusText.missingLines(unknown))
                .containsExactly("missing: n1: keeps no run account; rows it sampled unknown (5 delivered)");
        assertThat(StatusText.exitCode(unknown)).isEqualTo(ExitCodes.ROWS_MISSING);
    }

    @Test
    void whileCollectingOnlyDropsCountAndAnOldRunJsonWithoutStoreFailedReads() {
        String oldDropped = "{\"spoolFull\":0,\"refused\":2,\"agentRestart\":0,\"drainTimeout\":0}";
        JsonNode n = status("collecting", false, agent("collecting", 10L, 8, 2L, oldDropped), null);
        assertThat(StatusText.missingLines(n).get(0)).contains("2 refused by the collector");
        assertThat(StatusText.exitCode(n)).isEqualTo(ExitCodes.ROWS_MISSING);
        JsonNode fine = status("collecting", false, agent("collecting", 10L, 8, 2L, dropped(0, 0, 0)), null);
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
        JsonNode n = status("collecting", false, agent("collecting", 10L, 8, 2L, dropped(0, 0, 0)), failing);
        assertThat(StatusText.storeLines(n, true))
                .containsExactly(
                        "store: failing since 2026-12-01T10:00:00Z: no space left on the data volume (No space "
                                + "left on device); 12 batch(es) refused and kept by the agents until it takes writes again; "
                                + "0 MiB free of 200 MiB");
        assertThat(StatusText.exitCode(n)).isEqualTo(ExitCodes.STORE_FAILING);
        JsonNode idle = JSON.readTree("{\"runId\":null,\"state\":\"idle\",\"agents\":[],\"store\":" + failing + "}");
        assertThat(StatusText.exitCode(idle)).isEqualTo(ExitCodes.STORE_FAILING);

        String ok = "{\"state\":\"OK\",\"freeBytes\":53687091200,\"totalBytes\":268435456000,\"lowSpace\":false}";
        JsonNode fine = status("finished", true, agent("delivered", 10L, 10, 0L, dropped(0, 0, 0)), ok);
        assertThat(StatusText.storeLines(fine, false)).containsExactly("store: ok, 50 GiB free of 250 GiB");
        assertThat(StatusText.storeLines(fine, true)).isEmpty();
        String low = "{\"state\":\"OK\",\"freeBytes\":104857600,\"totalBytes\":209715200,\"lowSpace\":true}";
        assertThat(StatusText.storeLines(status("finished", true, "", low), true))
                .containsExactly("store: low on space: 100 MiB free of 200 MiB");
    }

    @Test
    void theDrainLineCountsTheAgentsStillDelivering() {
        JsonNode n = status("stopping", false, agent("delivering", 10L, 8, 2L, dropped(0, 0, 0)), null);
        assertThat(StatusText.drainLine(n))
                .isEqualTo("draining: 1 agent(s) still delivering, 2 row(s) outstanding; the run finishes by "
                        + "2026-12-01T10:01:00Z");
    }
}
