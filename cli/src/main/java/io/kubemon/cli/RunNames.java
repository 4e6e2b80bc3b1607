package io.kubemon.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The one naming rule for a run's directory when none is given ({@code start}, {@code run},
 * {@code run-local.sh}): {@code run-<UTC time>}, e.g. {@code run-20261204T175121Z}, which sorts
 * in time order and reads the same on every machine.
 */
final class RunNames {
    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private RunNames() {}

    static String at(Instant t) {
        return "run-" + UTC.format(t);
    }

    static String now() {
        return at(Instant.now());
    }
}
