package io.kubemon.common.wire;

import java.time.Instant;

/**
 * The data volume's state as {@code /status}, {@code /instances}, {@code /runs} and the live page
 * show it.
 *
 * @param since          while failing, when the fault began
 * @param cause          while failing, its cause ({@code NO_SPACE}, {@code READ_ONLY}, …)
 * @param description    the cause in words
 * @param detail         the file system's own words ("No space left on device")
 * @param refusedBatches batches refused (507) during the current fault
 * @param freeBytes      usable space of the volume, null when it cannot be read
 * @param totalBytes     the volume's size
 * @param writeRate      bytes per second appended to run files, smoothed over about half a minute
 * @param lowSpace       free space is below the low-space threshold
 * @param lastRecoveredAt when the last fault ended
 */
public record StoreReport(
        State state,
        Instant since,
        StoreFault cause,
        String description,
        String detail,
        long refusedBatches,
        Long freeBytes,
        Long totalBytes,
        long writeRate,
        boolean lowSpace,
        Instant lastRecoveredAt) {

    public enum State {
        OK,
        FAILING
    }

    public boolean failing() {
        return state == State.FAILING;
    }
}
