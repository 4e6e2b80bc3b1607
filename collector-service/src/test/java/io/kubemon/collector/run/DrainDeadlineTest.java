package io.kubemon.collector.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** When a stopping run finishes at the latest, table-driven: the drain timeout, moved by the store's faults. */
class DrainDeadlineTest {
    private static final Instant STOP = Instant.parse("2026-12-02T10:00:00Z");
    private static final Duration DRAIN = Duration.ofSeconds(60);
    private static final Duration RECOVERY = Duration.ofMinutes(5);

    private static Instant at(long secondsAfterStop) {
        return STOP.plusSeconds(secondsAfterStop);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // name, store available, failing since, recovered at → finish by
                Arguments.of("no fault: the drain timeout after the stop", true, null, null, at(60)),
                Arguments.of("a recovery before the stop changes nothing", true, null, at(-30), at(60)),
                Arguments.of("a recovery during the drain: a full drain timeout after it", true, null, at(40), at(100)),
                Arguments.of("a recovery early in the drain: the later of the two", true, null, at(-0), at(60)),
                Arguments.of(
                        "failing since before the stop: the recovery timeout after the stop",
                        false,
                        at(-10),
                        null,
                        at(300)),
                Arguments.of(
                        "failing since during the drain: the recovery timeout after that",
                        false,
                        at(20),
                        null,
                        at(320)),
                Arguments.of("failing, its start unknown: from the stop", false, null, null, at(300)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void finishBy(String name, boolean available, Instant failingSince, Instant recoveredAt, Instant expected) {
        Stopping st = new Stopping(STOP.toEpochMilli(), STOP, STOP.plus(DRAIN));
        assertThat(DrainDeadline.finishBy(st, available, failingSince, recoveredAt, DRAIN, RECOVERY))
                .isEqualTo(expected);
    }
}
