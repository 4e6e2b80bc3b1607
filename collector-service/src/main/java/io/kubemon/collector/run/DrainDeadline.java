package io.kubemon.collector.run;

import java.time.Duration;
import java.time.Instant;

/**
 * When a stopping run finishes even if agents are still delivering: pure, so each case is a row
 * of a table in its test.
 *
 * <ul>
 *   <li>the volume takes writes: at the drain deadline, which a store recovery during the drain
 *       moves to a full drain timeout after it (the agents' backlog only moves from then on);
 *   <li>the volume is failing: {@code store-recovery-timeout} after the stop, or after the fault
 *       began if that is later.
 * </ul>
 */
final class DrainDeadline {
    private DrainDeadline() {}

    /**
     * @param available    whether the run's store takes writes
     * @param failingSince when the volume began failing, or null when not known
     * @param recoveredAt  when the run's store last recovered from a fault, or null
     */
    static Instant finishBy(
            Stopping st,
            boolean available,
            Instant failingSince,
            Instant recoveredAt,
            Duration drainTimeout,
            Duration storeRecoveryTimeout) {
        if (!available) {
            Instant from =
                    failingSince != null && failingSince.isAfter(st.requestedAt()) ? failingSince : st.requestedAt();
            return from.plus(storeRecoveryTimeout);
        }
        Instant deadline = st.deadline();
        if (recoveredAt != null && recoveredAt.isAfter(st.requestedAt())) {
            Instant after = recoveredAt.plus(drainTimeout);
            if (after.isAfter(deadline)) {
                deadline = after;
            }
        }
        return deadline;
    }
}
