package io.kubemon.collector.agents;

import io.kubemon.collector.config.CollectorProperties;
import io.kubemon.collector.web.ApiException;
import io.kubemon.common.wire.AgentState;
import io.kubemon.common.wire.Heartbeat;
import io.kubemon.common.wire.Instance;
import io.kubemon.common.wire.NodeInventory;
import io.kubemon.common.wire.Registration;
import io.kubemon.common.wire.RunAccount;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Agents known to this collector. Identity is derived from the node name, so an agent that
 * registers again (after its own restart or the collector's) gets the same id: no ghost twins.
 */
@Component
public class AgentRegistry {
    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    private final CollectorProperties properties;
    private final Clock clock;

    public AgentRegistry(CollectorProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    public String register(Registration r) {
        if (r == null || r.nodeName() == null || r.nodeName().isBlank()) {
            throw ApiException.badRequest("invalid_registration", "nodeName is required");
        }
        if (r.nodeName().length() > 253) {
            throw ApiException.badRequest("invalid_registration", "nodeName is longer than 253 characters");
        }
        String id = idFor(r.nodeName());
        Instant now = clock.instant();
        byId.compute(id, (k, old) -> {
            Entry e = old != null ? old : new Entry(id, r.nodeName(), now);
            e.address = r.address();
            e.monitors = r.monitors() == null ? List.of() : List.copyOf(r.monitors());
            e.inventory = r.inventory();
            if (Boolean.TRUE.equals(r.keepsRunAccounts())) {
                e.sendsAccounts = true; // waited for from now on, even before its first heartbeat
            }
            e.lastSeen = now;
            return e;
        });
        return id;
    }

    /** Records a sign of life; unknown ids get 404 so the agent knows to register again. */
    public Entry touch(String agentId) {
        Entry e = require(agentId);
        e.lastSeen = clock.instant();
        return e;
    }

    public Entry require(String agentId) {
        Entry e = agentId == null ? null : byId.get(agentId);
        if (e == null) {
            throw new ApiException(
                    HttpStatus.NOT_FOUND,
                    "unknown_agent",
                    "agent '" + agentId + "' is not registered; register at POST /api/v1/agents first");
        }
        return e;
    }

    public Optional<Entry> find(String agentId) {
        return Optional.ofNullable(agentId == null ? null : byId.get(agentId));
    }

    public List<Instance> instances() {
        Instant now = clock.instant();
        return byId.values().stream()
                .map(e -> e.view(now, properties))
                .sorted(Comparator.comparing(Instance::nodeName))
                .toList();
    }

    public List<Entry> entries() {
        return List.copyOf(byId.values());
    }

    /** Rows of {@code runId} the agents reported as dropped (spool overflow, refused batches). */
    public long droppedRows(String runId) {
        return byId.values().stream()
                .filter(e -> runId.equals(e.reportedRun))
                .mapToLong(e -> e.runDroppedRows)
                .sum();
    }

    static String idFor(String nodeName) {
        return UUID.nameUUIDFromBytes(("kubemon-agent:" + nodeName).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** Mutable bookkeeping of one agent; only this registry and ingestion update it. */
    public static final class Entry {
        private final String agentId;
        private final String nodeName;
        private final Instant registeredAt;
        private volatile String address;
        private volatile List<String> monitors = List.of();
        private volatile NodeInventory inventory;
        private volatile Instant lastSeen;
        private final AtomicLong batches = new AtomicLong();
        private final AtomicLong rows = new AtomicLong();
        private volatile List<String> notices = List.of();
        private volatile long droppedRows;
        private volatile String reportedRun;
        private volatile long runDroppedRows;
        /** The agent's latest account of each run it reported (see {@link RunAccount}). */
        private final Map<String, RunAccount> runReports = new ConcurrentHashMap<>();

        private volatile boolean sendsAccounts;
        private volatile Instant lastReportAt;

        Entry(String agentId, String nodeName, Instant registeredAt) {
            this.agentId = agentId;
            this.nodeName = nodeName;
            this.registeredAt = registeredAt;
            this.lastSeen = registeredAt;
        }

        public String agentId() {
            return agentId;
        }

        public String nodeName() {
            return nodeName;
        }

        /** What the agent said of its node when it last registered; null for an agent that said nothing. */
        public NodeInventory inventory() {
            return inventory;
        }

        /** The agent's own report: notices replace the previous ones; dropped rows are the agent's running total. */
        public void report(Heartbeat report) {
            if (report != null) {
                notices = report.notices() == null
                        ? List.of()
                        : report.notices().stream()
                                .limit(20)
                                .map(n -> n.length() > 500 ? n.substring(0, 500) : n)
                                .toList();
                droppedRows = report.droppedRows() == null ? droppedRows : Math.max(0, report.droppedRows());
                if (report.runId() != null && report.runDroppedRows() != null) {
                    reportedRun = report.runId();
                    runDroppedRows = Math.max(0, report.runDroppedRows());
                }
                if (report.runs() != null) {
                    sendsAccounts = true;
                    lastReportAt = Instant.now();
                    for (RunAccount r : report.runs()) {
                        if (r != null && r.runId() != null) {
                            runReports.put(r.runId(), r);
                        }
                    }
                    if (runReports.size() > 16) { // an agent reports a few runs; never let a misbehaving one grow this
                        runReports
                                .keySet()
                                .retainAll(report.runs().stream()
                                        .map(RunAccount::runId)
                                        .toList());
                    }
                }
            }
        }

        /** The agent's latest account of {@code runId}, if it sent one. */
        public Optional<RunAccount> runReport(String runId) {
            return Optional.ofNullable(runReports.get(runId));
        }

        /** Whether this agent keeps run accounts (agents of this version do; a bare HTTP client does not). */
        public boolean sendsAccounts() {
            return sendsAccounts;
        }

        public Instant lastReportAt() {
            return lastReportAt;
        }

        public void recordBatch(int rowCount) {
            batches.incrementAndGet();
            rows.addAndGet(rowCount);
        }

        Instance view(Instant now, CollectorProperties p) {
            AgentState state = lastSeen.plus(p.agentTimeout()).isBefore(now) ? AgentState.LOST : AgentState.CONNECTED;
            return new Instance(
                    agentId,
                    nodeName,
                    address,
                    monitors,
                    state,
                    registeredAt,
                    lastSeen,
                    batches.get(),
                    rows.get(),
                    droppedRows,
                    notices,
                    inventory,
                    null);
        }
    }
}
