package io.kubemon.cli;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While {@code kubemon run}'s COMMAND runs, SIGINT and SIGTERM are COMMAND's, not kubemon's: the
 * JVM does not exit on them, so the run is still stopped and accounted once COMMAND ends. A SIGTERM
 * goes on to COMMAND at once; a SIGINT from a terminal's Ctrl-C already reached COMMAND (one
 * process group), so it goes on only if COMMAND is still running a second later (a {@code kill -INT}
 * of kubemon alone).
 */
final class Signals {
    private static SignalHandler previousInt;
    private static SignalHandler previousTerm;
    /** A SIGINT or SIGTERM came since {@link #clearStop}: run --repeat starts no more runs. */
    private static volatile boolean stopAsked;

    private Signals() {}

    static boolean stopAsked() {
        return stopAsked;
    }

    static void clearStop() {
        stopAsked = false;
    }

    static synchronized void forwardTo(Process p) {
        try {
            previousInt = Signal.handle(new Signal("INT"), s -> {
                stopAsked = true;
                later(p);
            });
            previousTerm = Signal.handle(new Signal("TERM"), s -> {
                stopAsked = true;
                p.destroy();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // A JVM without these signals: COMMAND gets them from the terminal, kubemon exits on them.
        }
    }

    static synchronized void restore() {
        try {
            if (previousInt != null) {
                Signal.handle(new Signal("INT"), previousInt);
            }
            if (previousTerm != null) {
                Signal.handle(new Signal("TERM"), previousTerm);
            }
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // A JVM without these signals: COMMAND gets them from the terminal, kubemon exits on them.
        }
    }

    /**
     * Waits {@code millis} between two runs; a SIGINT or SIGTERM ends the wait (and the runs to
     * come) instead of the JVM. Returns false when one came.
     */
    static boolean pause(long millis) throws InterruptedException {
        synchronized (Signals.class) {
            try {
                previousInt = Signal.handle(new Signal("INT"), s -> stopAsked = true);
                previousTerm = Signal.handle(new Signal("TERM"), s -> stopAsked = true);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // as in forwardTo
            }
        }
        try {
            long end = System.nanoTime() + millis * 1_000_000;
            while (!stopAsked && System.nanoTime() < end) {
                TimeUnit.MILLISECONDS.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            }
            return !stopAsked;
        } finally {
            restore();
        }
    }

    private static void later(Process p) {
        Thread t = new Thread(
                () -> {
                    try {
                        if (!p.waitFor(1, TimeUnit.SECONDS)) {
                            new ProcessBuilder("kill", "-INT", Long.toString(p.pid()))
                                    .inheritIO()
                                    .start()
                                    .waitFor();
                        }
                    } catch (IOException | InterruptedException e) {
                        p.destroy();
                    }
                },
                "kubemon-sigint");
        t.setDaemon(true);
        t.start();
    }
}
