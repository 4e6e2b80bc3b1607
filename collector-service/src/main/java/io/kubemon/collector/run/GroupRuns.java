package io.kubemon.collector.run;

import io.kubemon.collector.config.CollectorProperties;
import io.kubemon.collector.group.Group;
import io.kubemon.collector.group.PeerClient;
import io.kubemon.collector.web.ApiException;
import io.kubemon.common.wire.GroupMember;
import io.kubemon.common.wire.GroupMerge;
import io.kubemon.common.wire.RunState;
import io.kubemon.common.wire.RunStatus;
import io.kubemon.common.wire.StoreReport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The control plane of a collector group: a start, stop or status sent to any member is carried
 * to every member ({@code ?scope=local} calls), and the answer speaks for the group. Alone, a
 * collector answers for itself as before.
 *
 * <ul>
 * <li>A start needs every member: each is asked first whether it could start (answers, no run
 * active, the output directory free), and only then is the run started everywhere with one id and
 * one start instant. If a member still refuses, the members already started abort it (their files
 * go), so a refused start leaves no run anywhere.</li>
 * <li>A stop fixes one stop instant and carries it to every member that answers; the others are
 * named, and stop by themselves once they are back ({@link #catchUpWithStoppedPeers}).</li>
 * <li>A status sums the members' (rows, accounts) and lists each one, marked when unreachable.</li>
 * </ul>
 */
@Service
public class GroupRuns {
    private static final Logger log = LoggerFactory.getLogger(GroupRuns.class);

    private final Group group;
    private final PeerClient peers;
    private final RunManager runs;
    private final Clock clock;
    private final Duration drainTimeout;

    public GroupRuns(Group group, PeerClient peers, RunManager runs, Clock clock, CollectorProperties properties) {
        this.group = group;
        this.peers = peers;
        this.runs = runs;
        this.clock = clock;
        this.drainTimeout = properties.drainTimeout();
    }

    public boolean enabled() {
        return group.enabled();
    }

    public RunStatus start(StartRequest request) {
        if (request != null && (request.runId() != null || request.collectors() != null)) {
            throw ApiException.badRequest(
                    "invalid_start", "runId and collectors are set by the collector, not by the caller");
        }
        long intervalMs = runs.checkStartable(request);
        List<String> others = group.others();
        List<PeerClient.Answer> ready = otherMembersStatus();
        List<String> missing = new ArrayList<>();
        List<String> busy = new ArrayList<>();
        for (PeerClient.Answer a : ready) {
            if (!a.ok()) {
                missing.add(a.peer() + " (" + a.problem() + ")");
            } else {
                RunStatus theirs = peers.as(a.body(), RunStatus.class);
                if (theirs.state() == RunState.COLLECTING || theirs.state() == RunState.STOPPING) {
                    busy.add(a.peer() + " (run " + theirs.runId() + " "
                            + theirs.state().name().toLowerCase() + ")");
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new ApiException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "peers_unreachable",
                    "the run was not started: "
                            + "a run needs every collector of the group, and " + String.join(", ", missing)
                            + (missing.size() == 1 ? " does" : " do") + " not answer; nothing was started anywhere");
        }
        if (!busy.isEmpty()) {
            throw ApiException.conflict(
                    "run_active",
                    "the run was not started: " + String.join(", ", busy) + "; stop it first with POST /stop");
        }
        StartRequest full = new StartRequest(
                request.outputDir(),
                intervalMs,
                "run-" + UUID.randomUUID().toString().substring(0, 8),
                clock.instant(),
                group.peers());
        runs.start(full);
        List<PeerClient.Answer> started =
                peers.all(others, p -> peers.post(p, "/start?scope=local", full, Duration.ofSeconds(15)));
        List<PeerClient.Answer> refused = started.stream().filter(a -> !a.ok()).toList();
        if (!refused.isEmpty()) {
            // Every other member is told to abort, also those whose answer was lost: abort only
            // removes this run id, so telling a member that never started it does nothing.
            String q = "/abort?scope=local&runId=" + URLEncoder.encode(full.runId(), StandardCharsets.UTF_8);
            List<PeerClient.Answer> aborted = peers.all(others, p -> peers.post(p, q, null, PeerClient.TIMEOUT));
            runs.abort(full.runId());
            List<String> notAborted = new ArrayList<>();
            for (int i = 0; i < others.size(); i++) {
                if (started.get(i).ok() && !aborted.get(i).ok()) {
                    notAborted.add(others.get(i));
                }
            }
            String why = String.join(
                    ", ",
                    refused.stream().map(a -> a.peer() + " " + a.problem()).toList());
            log.warn("group start of run {} refused by {}; aborted on the others", full.runId(), why);
            boolean unreachable = refused.stream().anyMatch(a -> a.status() == 0 || a.status() >= 500);
            throw new ApiException(
                    unreachable ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.CONFLICT,
                    unreachable ? "peers_unreachable" : "peer_refused",
                    "the run was not started: " + why
                            + (notAborted.isEmpty()
                                    ? "; nothing was started anywhere"
                                    : "; run " + full.runId() + " could not be aborted on " + notAborted
                                            + ": stop it there"));
        }
        log.info("run {} started across the group {}", full.runId(), group.peers());
        return status();
    }

    public RunStatus stop(boolean wait) {
        Long stopAtMs = null;
        ApiException localRefusal = null;
        try {
            RunStatus local = runs.stop();
            stopAtMs = local.stopAt() == null ? null : local.stopAt().toEpochMilli();
        } catch (ApiException e) {
            localRefusal = e; // no run here: a member that missed the start? the others may still have one
        }
        String q = "/stop?scope=local&wait=" + wait + (stopAtMs == null ? "" : "&stopAtMs=" + stopAtMs);
        Duration timeout = wait ? drainTimeout.plusSeconds(30) : PeerClient.TIMEOUT;
        List<PeerClient.Answer> answers = peers.all(group.others(), p -> peers.post(p, q, null, timeout));
        if (localRefusal != null && answers.stream().noneMatch(PeerClient.Answer::ok)) {
            throw localRefusal; // no member had a run to stop (or none that had one answered)
        }
        if (wait) {
            RunStatus local = runs.status();
            if (local.runId() != null) {
                runs.awaitFinished(local.runId());
            }
        }
        answers.stream()
                .filter(a -> !a.ok() && a.status() != 409)
                .forEach(a -> log.warn(
                        "stop not carried to {}: {}; it stops the run itself once it is back", a.peer(), a.problem()));
        return status();
    }

    /** Every other member's own status ({@code ?scope=local}), asked at once; in {@link Group#others()}'s order. */
    private List<PeerClient.Answer> otherMembersStatus() {
        return peers.all(group.others(), p -> peers.get(p, "/status?scope=local"));
    }

    /** The group's status: the members' runs summed, each member listed. */
    public RunStatus status() {
        RunStatus local = runs.status();
        List<PeerClient.Answer> answers = otherMembersStatus();
        Map<String, RunStatus> parts = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (String url : group.peers()) {
            if (url.equals(group.self())) {
                parts.put(url, local);
            }
        }
        for (PeerClient.Answer a : answers) {
            if (a.ok()) {
                try {
                    parts.put(a.peer(), peers.as(a.body(), RunStatus.class));
                } catch (RuntimeException e) {
                    errors.put(a.peer(), "answered a status this collector cannot read: " + e.getMessage());
                }
            } else {
                errors.put(a.peer(), a.problem());
            }
        }
        return merge(group.peers(), local, parts, errors);
    }

    /**
     * The members' statuses as one. The run is the one this collector knows (or any member's, when
     * it knows none); members holding another run are listed but not summed.
     */
    static RunStatus merge(
            List<String> order, RunStatus local, Map<String, RunStatus> parts, Map<String, String> errors) {
        String runId = local.runId() != null
                ? local.runId()
                : parts.values().stream()
                        .map(RunStatus::runId)
                        .filter(Objects::nonNull)
                        .findFirst()
                        .orElse(null);
        List<GroupMember> members = new ArrayList<>();
        List<RunStatus> same = new ArrayList<>();
        for (String url : order) {
            RunStatus s = parts.get(url);
            if (s == null) {
                members.add(new GroupMember(url, false, null, null, 0, 0, errors.getOrDefault(url, "no answer"), null));
                continue;
            }
            members.add(new GroupMember(
                    url,
                    true,
                    s.state(),
                    s.runId(),
                    s.rows(),
                    s.agents() == null ? 0 : s.agents().size(),
                    Objects.equals(s.runId(), runId) ? null : "holds another run",
                    s.store()));
            if (Objects.equals(s.runId(), runId)) {
                same.add(s);
            }
        }
        // The group's volume is failing when any member's is: that member's report, else this one's.
        StoreReport store = parts.values().stream()
                .map(RunStatus::store)
                .filter(x -> x != null && x.failing())
                .findFirst()
                .orElse(local.store());
        if (runId == null) {
            RunStatus idle = RunStatus.idle();
            return idle.withCollectors(members).withStore(store);
        }
        RunStatus first = same.stream().filter(s -> s == local).findFirst().orElse(same.get(0));
        RunState state = same.stream().anyMatch(s -> s.state() == RunState.COLLECTING)
                ? RunState.COLLECTING
                : same.stream().anyMatch(s -> s.state() == RunState.STOPPING) ? RunState.STOPPING : first.state();
        boolean reachedAll = errors.isEmpty() && same.size() == order.size();
        GroupMerge.Merged m = GroupMerge.merge(same.stream()
                .map(x -> new GroupMerge.Part(
                        x.rows(),
                        x.batches(),
                        x.droppedRows(),
                        x.missingRows(),
                        x.complete(),
                        x.monitors(),
                        x.agents(),
                        x.stoppedAt(),
                        x.stopAt(),
                        x.finishedAt()))
                .toList());
        Instant deadline = null;
        for (RunStatus x : same) {
            deadline = GroupMerge.latest(deadline, x.drainDeadline()); // the latest member's
        }
        return new RunStatus(
                state == RunState.COLLECTING,
                state,
                runId,
                first.outputDir(),
                first.path(),
                first.intervalMs(),
                first.startedAt(),
                m.stoppedAt(),
                m.stopAt(),
                m.finishedAt(),
                deadline,
                m.rows(),
                m.batches(),
                m.droppedRows(),
                m.missingRows(),
                reachedAll && m.complete() && state == RunState.FINISHED,
                m.monitors(),
                m.agents(),
                members,
                store);
    }

    /**
     * A member that was down when the group's stop came still collects when it is back. Every 5 s
     * while it collects, it asks the others; if one has stopped this run, it stops at that
     * member's stop instant, so its agents' ticks after it are not part of the run.
     */
    @Scheduled(fixedDelay = 5000, initialDelay = 5000)
    void catchUpWithStoppedPeers() {
        if (!group.enabled()) {
            return;
        }
        RunStatus local = runs.status();
        if (local.state() != RunState.COLLECTING) {
            return;
        }
        for (PeerClient.Answer a : otherMembersStatus()) {
            if (!a.ok() || !local.runId().equals(a.body().path("runId").asString(null))) {
                continue;
            }
            RunStatus theirs = peers.as(a.body(), RunStatus.class);
            if ((theirs.state() == RunState.STOPPING || theirs.state() == RunState.FINISHED)
                    && theirs.stopAt() != null) {
                long at = theirs.stopAt().toEpochMilli();
                String stopAt = theirs.stopAt().toString();
                log.info(
                        "run {} was stopped by the group at {} while this collector was away ({} says so): stopping it here",
                        local.runId(),
                        stopAt,
                        a.peer());
                runs.stop(at);
                return;
            }
        }
    }
}
