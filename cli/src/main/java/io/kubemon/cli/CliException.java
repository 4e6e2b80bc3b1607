package io.kubemon.cli;

/** A failure with the exit code it maps to and a message for a person; never a stack trace. */
final class CliException extends RuntimeException {
    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
