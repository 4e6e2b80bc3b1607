package io.kubemon.collector.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kubemon.collector.agents.AgentRegistry;
import io.kubemon.collector.config.CollectorProperties;
import io.kubemon.collector.group.Group;
import io.kubemon.collector.live.LiveFeed;
import io.kubemon.collector.volume.DataRoot;
import io.kubemon.collector.volume.StoreMonitor;
import io.kubemon.collector.web.ApiException;
import io.kubemon.common.wire.Heartbeat;
import io.kubemon.common.wire.Registration;
import io.kubemon.common.wire.RunAccount;
import io.kubemon.common.wire.RunState;
import io.kubemon.common.wire.RunStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.util.unit.DataSize;

/**
 * The run's state machine, without Spring or HTTP: every state (idle, collecting, stopping,
 * finished) meets every event (start, stop, a mark, the agent drained, the drain deadline, an
 * abort, a restart of the collector), and the table says what follows: the next state, or the
 * refusal in its error code. The parts are the real ones (the data root, run.json, the journal),
 * on a temporary directory; time is a clock the test moves.
 */
class RunManagerTest {
    /** Where a case starts. */
    enum From {
        IDLE,
        COLLECTING,
        STOPPING,
        FINISHED
    }

    /** What happens to it. */
    enum On {
        START,
        STOP,
        MARK,
        AGENT_DRAINED,
        DEADLINE_PASSES,
        ABORT,
        RESTART
    }

    /** What follows: a state, or a refusal (its HTTP status and error code). */
    record Then(RunState state, int status, String error) {
        static Then state(RunState s) {
            return new Then(s, 0, null);
        }

        static Then refused(int status, String error) {
            return new Then(null, status, error);
        }

        @Override
        public String toString() {
            return state != null ? state.name() : status + " " + error;
        }
    }

    static Stream<Arguments> transitions() {
        RunState idle = RunState.IDLE;
        RunState collecting = RunState.COLLECTING;
        RunState stopping = RunState.STOPPING;
        RunState finished = RunState.FINISHED;
        return Stream.of(
                Arguments.of(From.IDLE, On.START, Then.state(collecting)),
                Arguments.of(From.IDLE, On.STOP, Then.refused(409, "no_active_run")),
                Arguments.of(From.IDLE, On.MARK, Then.refused(409, "no_active_run")),
                Arguments.of(From.IDLE, On.DEADLINE_PASSES, Then.state(idle)),
                Arguments.of(From.IDLE, On.ABORT, Then.state(idle)),
                Arguments.of(From.IDLE, On.RESTART, Then.state(idle)),
                Arguments.of(From.COLLECTING, On.START, Then.refused(409, "run_active")),
                Arguments.of(From.COLLECTING, On.STOP, Then.state(stopping)),
                Arguments.of(From.COLLECTING, On.MARK, Then.state(collecting)),
                Arguments.of(From.COLLECTING, On.DEADLINE_PASSES, Then.state(collecting)),
                Arguments.of(From.COLLECTING, On.ABORT, Then.state(idle)),
                Arguments.of(From.COLLECTING, On.RESTART, Then.state(collecting)),
                Arguments.of(From.STOPPING, On.START, Then.refused(409, "run_stopping")),
                Arguments.of(From.STOPPING, On.STOP, Then.state(stopping)),
                Arguments.of(From.STOPPING, On.MARK, Then.state(stopping)),
                Arguments.of(From.STOPPING, On.AGENT_DRAINED, Then.state(finished)),
                Arguments.of(From.STOPPING, On.DEADLINE_PASSES, Then.state(finished)),
                Arguments.of(From.STOPPING, On.RESTART, Then.state(stopping)),
                Arguments.of(From.FINISHED, On.START, Then.state(collecting)),
                Arguments.of(From.FINISHED, On.STOP, Then.refused(409, "no_active_run")),
                Arguments.of(From.FINISHED, On.MARK, Then.refused(409, "no_active_run")),
                Arguments.of(From.FINISHED, On.ABORT, Then.state(finished)),
                Arguments.of(From.FINISHED, On.RESTART, Then.state(idle)));
    }

    @TempDir
    Path tmp;

    /** A clock the test moves: the drain deadline passes when it says so, not after a sleep. */
    static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-06T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final MovableClock clock = new MovableClock();
    private AgentRegistry agents;
    private String agentId;

    private CollectorProperties properties() {
        return new CollectorProperties(
                tmp.resolve("data"),
                Duration.ofSeconds(15),
                16 << 20,
                100_000,
                Duration.ofSeconds(1),
                Duration.ofMillis(10),
                CollectorProperties.Fsync.BATCH,
                Duration.ofSeconds(1),
                8,
                Duration.ofSeconds(60),
                List.of(),
                null,
                null,
                null,
                Duration.ofMinutes(5),
                Duration.ofSeconds(4),
                Duration.ofMinutes(10),
                DataSize.ofBytes(0),
                DataSize.ofMegabytes(1));
    }

    /** A collector as Spring wires it, by hand; a second one on the same data directory is a restart. */
    private RunManager collector() {
        CollectorProperties p = properties();
        DataRoot root = new DataRoot(p);
        Group group = new Group(p);
        if (agents == null) {
            agents = new AgentRegistry(p, clock);
        }
        StoreMonitor store = new StoreMonitor(root, p, clock, new SimpleMeterRegistry());
        RunRecordFiles records = new RunRecordFiles(root, agents);
        AgentAccounts accounting = new AgentAccounts(agents);
        FinishedRun finished = new FinishedRun(records, accounting, store);
        RunManager m = new RunManager(
                root, p, clock, group, store, records, accounting, finished, new RunEvents(group, new LiveFeed()));
        m.resume();
        return m;
    }

    /** The agent's account of the run: {@code outstanding} rows not yet delivered up to the stop. */
    private void agentReports(RunManager m, long outstanding) {
        RunStatus s = m.status();
        Long stopAt = s.stopAt() == null ? null : s.stopAt().toEpochMilli();
        RunAccount r =
                new RunAccount(s.runId(), 10, 10 - outstanding, outstanding, 0, 0, 0, null, null, 0, stopAt, false, 0L);
        AgentRegistry.Entry e = agents.require(agentId);
        e.report(new Heartbeat(List.of(), 0L, 0L, s.runId(), 0L, List.of(r)));
        m.reported(e);
    }

    private static StartRequest start(String dir) {
        return new StartRequest(dir, 500L, null, null, null);
    }

    /** The collector brought to {@code from}; returns the collector to go on with. */
    private RunManager reach(From from) {
        RunManager m = collector();
        agentId = agents.register(new Registration("n1", "127.0.0.1", List.of("os"), null, true));
        if (from == From.IDLE) {
            return m;
        }
        m.start(start("exp1"));
        agentReports(m, 4); // the agent has rows of the run it has not delivered yet
        if (from == From.COLLECTING) {
            return m;
        }
        m.stop();
        agentReports(m, 4);
        if (from == From.STOPPING) {
            return m;
        }
        agentReports(m, 0);
        return m;
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @MethodSource("transitions")
    void eachStateAndEvent(From from, On on, Then then) throws Exception {
        RunManager m = reach(from);
        assertThat(m.status().state())
                .as("reached %s", from)
                .isEqualTo(
                        switch (from) {
                            case IDLE -> RunState.IDLE;
                            case COLLECTING -> RunState.COLLECTING;
                            case STOPPING -> RunState.STOPPING;
                            case FINISHED -> RunState.FINISHED;
                        });
        String runId = m.status().runId();
        ApiException refused = catchThrowableOfType(ApiException.class, () -> {
            switch (on) {
                case START -> m.start(start("exp2"));
                case STOP -> m.stop();
                case MARK -> m.mark("a mark", null);
                case AGENT_DRAINED -> agentReports(m, 0);
                case DEADLINE_PASSES -> {
                    clock.advance(Duration.ofMinutes(2));
                    m.checkDrain();
                }
                case ABORT -> m.abort(runId);
                case RESTART -> {}
            }
        });
        RunManager after = on == On.RESTART ? restart(m) : m;
        if (then.state() == null) {
            assertThat(refused).as("%s refused", on).isNotNull();
            assertThat(refused.status().value()).isEqualTo(then.status());
            assertThat(refused.code()).isEqualTo(then.error());
            assertThat(after.status().state())
                    .as("a refusal changes nothing")
                    .isEqualTo(m.status().state());
        } else {
            assertThat(refused).as("%s taken", on).isNull();
            assertThat(after.status().state()).isEqualTo(then.state());
        }
        if (then.state() == RunState.FINISHED) {
            Path runJson =
                    tmp.resolve("data").resolve(after.status().outputDir()).resolve("run.json");
            assertThat(runJson).as("a finished run's record").exists();
            assertThat(io.kubemon.common.wire.RunRecords.readRecord(runJson).state())
                    .isEqualTo(RunState.FINISHED);
        }
        if (from == From.COLLECTING && on == On.ABORT) {
            assertThat(tmp.resolve("data/exp1"))
                    .as("an aborted run leaves nothing")
                    .doesNotExist();
        }
    }

    /** The collector stops as a crash stops it (its files closed unfinished) and a new one resumes. */
    private RunManager restart(RunManager m) {
        m.closeOnShutdown();
        return collector();
    }
}
