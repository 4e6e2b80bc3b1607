package io.kubemon.collector.config;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kubemon.collector.*}.
 *
 * @param dataDir          root under which every run's output directory is created
 * @param agentTimeout     an agent silent for longer is shown as lost (kept, not dropped)
 * @param maxBatchBytes    larger request bodies are refused with 413 before parsing
 * @param maxRowsPerBatch  batches with more samples are refused with 413
 * @param defaultInterval  sampling interval of a run started without one
 * @param minInterval      shortest interval a run may ask for
 * @param fsync            when appended rows are forced to disk: {@code batch} (before each acknowledgement:
 *                         nothing acknowledged is lost even if the machine fails), {@code interval} (every
 *                         {@code fsyncInterval}: a machine failure may lose that much; a collector crash loses
 *                         nothing), or {@code none} (the kernel decides)
 * @param fsyncInterval    how often appended rows are forced to disk under {@code fsync=interval}
 * @param maxConcurrentBatches batches parsed and written at once; more wait up to 200 ms, then get 503 with
 *                         Retry-After. Bounds request memory to about this many times maxBatchBytes
 * @param drainTimeout     how long a stopping run waits for its agents to deliver what they sampled up to the
 *                         stop; then it finishes and run.json names what each late agent did not deliver
 * @param peers            the collector group, every member's base URL including this one's (a StatefulSet's
 *                         {@code http://<pod>.<headless service>:<port>}); empty or one: a collector on its own
 * @param self             this collector's URL, one of {@code peers}
 * @param peerTrustStore   trust store (PKCS12 or JKS) for calls to https peers; unset: the JVM's default
 * @param peerTrustStorePassword its password
 * @param storeRecoveryTimeout how long a stopping run waits for a failing data volume to take writes again (beside
 *                         the drain timeout); then it finishes, and what could not be written is counted
 *                         {@code storeFailed}
 * @param storeProbeMaxBackoff the longest wait between two probes of a failing data volume
 * @param lowSpaceTime     free space that would last less than this at the current write rate is low (a warning)
 * @param lowSpaceBytes    free space below this is low (a warning), whatever the write rate; 0 turns it off
 * @param journalSegmentBytes size of one write-ahead segment ({@code fsync=batch}); a start needs room for two
 */
@ConfigurationProperties("kubemon.collector")
public record CollectorProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("15s") Duration agentTimeout,
        @DefaultValue("16777216") long maxBatchBytes,
        @DefaultValue("100000") int maxRowsPerBatch,
        @DefaultValue("1s") Duration defaultInterval,
        @DefaultValue("10ms") Duration minInterval,
        @DefaultValue("batch") Fsync fsync,
        @DefaultValue("1s") Duration fsyncInterval,
        @DefaultValue("8") int maxConcurrentBatches,
        @DefaultValue("60s") Duration drainTimeout,
        java.util.List<java.net.URI> peers,
        java.net.URI self,
        Path peerTrustStore,
        String peerTrustStorePassword,
        @DefaultValue("5m") Duration storeRecoveryTimeout,
        @DefaultValue("4s") Duration storeProbeMaxBackoff,
        @DefaultValue("10m") Duration lowSpaceTime,
        @DefaultValue("1GB") org.springframework.util.unit.DataSize lowSpaceBytes,
        @DefaultValue("64MB") org.springframework.util.unit.DataSize journalSegmentBytes) {

    /** Whether each group of batches is forced to disk, through the write-ahead journal, before it is acknowledged. */
    public boolean writeAhead() {
        return fsync == Fsync.BATCH;
    }

    /** The write-ahead segment's size in bytes. */
    public long segmentBytes() {
        return journalSegmentBytes.toBytes();
    }

    public enum Fsync {
        BATCH,
        INTERVAL,
        NONE
    }
}
