package io.kubemon.testsupport;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * Waiting for a condition, never for a duration (CI on a busy 2-core VM is slow by seconds): the
 * probe is asked every 100 ms until it answers, and a timeout fails naming what did not happen,
 * with the probe's last exception as the cause.
 */
public final class Await {
    private static final long PERIOD_MS = 100;

    private Await() {}

    /** The probe's first non-null answer; an exception from it counts as "not yet". */
    public static <T> T until(String what, Duration timeout, Callable<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                T v = probe.call();
                if (v != null) {
                    return v;
                }
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what, last);
            }
            Thread.sleep(PERIOD_MS);
        }
    }

    /** Until the condition holds. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        until(what, timeout, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
    }
}
