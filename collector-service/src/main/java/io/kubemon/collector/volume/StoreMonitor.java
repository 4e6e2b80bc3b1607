package io.kubemon.collector.volume;

import io.kubemon.collector.config.CollectorProperties;
import io.kubemon.collector.web.ApiException;
import io.kubemon.common.wire.StoreFault;
import io.kubemon.common.wire.StoreReport;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The data volume, watched: its {@link StoreHealth} (ok or failing, and the prober that recovers
 * it), its free space against the low-space threshold, the write rate, and their metrics
 * ({@code kubemon_store_state}, {@code kubemon_store_failures_total{cause}},
 * {@code kubemon_store_free_bytes}, {@code kubemon_store_low_space}).
 */
@Component
public class StoreMonitor {
    private static final Logger log = LoggerFactory.getLogger(StoreMonitor.class);
    /** Room a run in the lines form needs at its start (its journal and first rows). */
    private static final long MIN_START_BYTES = 4L << 20;

    private final StoreHealth health;
    private final CollectorProperties properties;

    private long lastWritten;
    private long lastSampleNanos = System.nanoTime();
    private volatile double rate;
    private volatile boolean low;

    public StoreMonitor(DataRoot root, CollectorProperties properties, Clock clock, MeterRegistry registry) {
        this.properties = properties;
        this.health = new StoreHealth(root.path(), clock, properties.storeProbeMaxBackoff());
        Gauge.builder("kubemon.store.state", health, h -> h.failing() ? 1 : 0)
                .description("The data volume: 0 ok, 1 failing (batches refused with 507 until it recovers)")
                .register(registry);
        Gauge.builder("kubemon.store.free", health, StoreHealth::usableBytes)
                .baseUnit("bytes")
                .description("Usable space of the data volume")
                .register(registry);
        Gauge.builder("kubemon.store.low.space", this, m -> m.low ? 1 : 0)
                .description("1 while the data volume's free space is below the low-space threshold")
                .register(registry);
        for (StoreFault f : StoreFault.values()) {
            FunctionCounter.builder("kubemon.store.failures", health, h -> h.failures(f))
                    .description("Failed writes to the data volume, by cause")
                    .tag("cause", f.tag())
                    .register(registry);
        }
        FunctionCounter.builder("kubemon.store.refused.batches", health, StoreHealth::refusedTotal)
                .description("Batches refused with 507 because the data volume was failing")
                .register(registry);
    }

    public StoreHealth health() {
        return health;
    }

    /** The volume's state and space, for /status, /instances, /runs and the live page. */
    public StoreReport report() {
        StoreHealth.Status s = health.status();
        long free = health.usableBytes();
        return new StoreReport(
                s.failing() ? StoreReport.State.FAILING : StoreReport.State.OK,
                s.since(),
                s.cause(),
                s.cause() == null ? null : s.cause().description(),
                s.detail(),
                s.refusedBatches(),
                free < 0 ? null : free,
                health.totalBytes() < 0 ? null : health.totalBytes(),
                Math.round(rate),
                low,
                s.lastRecoveredAt());
    }

    /** Every minute: while failing, how many batches were refused meanwhile. */
    @Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
    void logProgress() {
        health.logProgress();
    }

    /** Every 5 s: the write rate, and whether free space is low (logged when it becomes so, and when it no longer is). */
    @Scheduled(fixedDelay = 5_000)
    void sample() {
        long now = System.nanoTime();
        long written = health.writtenBytes();
        double seconds = (now - lastSampleNanos) / 1e9;
        if (seconds > 0) {
            double current = (written - lastWritten) / seconds;
            rate = rate == 0 ? current : 0.7 * rate + 0.3 * current; // smoothed over about half a minute
        }
        lastWritten = written;
        lastSampleNanos = now;
        long free = health.usableBytes();
        if (free < 0) {
            return;
        }
        long threshold = threshold();
        boolean isLow = free < threshold;
        if (isLow && !low) {
            log.warn(
                    "data volume low on space: {} MiB free, below the threshold of {} MiB (room for {} at {} KiB/s, "
                            + "or kubemon.collector.low-space-bytes); a run that fills it is refused with 507 and "
                            + "recovers once space returns",
                    free >> 20,
                    threshold >> 20,
                    properties.lowSpaceTime(),
                    Math.round(rate / 1024));
        } else if (!isLow && low) {
            log.info("data volume has room again: {} MiB free", free >> 20);
        }
        low = isLow;
    }

    /** The larger of the room for {@code low-space-time} at the current rate and {@code low-space-bytes}. */
    long threshold() {
        return Math.max(
                (long) (rate * properties.lowSpaceTime().toSeconds()),
                properties.lowSpaceBytes().toBytes());
    }

    /**
     * Refuses a start (507, before anything is created) when the volume is failing, or cannot
     * hold the journal's segments: the current one and its spare, plus room for the first rows.
     */
    public void requireRoomForStart(boolean writeAhead) {
        StoreHealth.Status s = health.status();
        if (s.failing()) {
            throw new ApiException(
                    HttpStatus.INSUFFICIENT_STORAGE,
                    "store_unavailable",
                    s.cause().description() + " (" + s.detail() + ") since " + s.since()
                            + "; a run can start once it takes writes again");
        }
        long need = writeAhead ? 2 * properties.journalSegmentBytes().toBytes() + MIN_START_BYTES : MIN_START_BYTES;
        long free = health.usableBytes();
        if (free >= 0 && free < need) {
            throw new ApiException(
                    HttpStatus.INSUFFICIENT_STORAGE,
                    "insufficient_space",
                    "the data volume has " + (free >> 20) + " MiB free; a run needs at least " + (need >> 20)
                            + " MiB (two journal segments of kubemon.collector.journal-segment-bytes and its first rows)");
        }
    }

    @PreDestroy
    void close() {
        health.close();
    }
}
