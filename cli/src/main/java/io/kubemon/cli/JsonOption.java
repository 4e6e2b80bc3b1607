package io.kubemon.cli;

import picocli.CommandLine.Option;

/** {@code --json}, on the commands whose answer has a JSON form for scripts. */
final class JsonOption {
    @Option(names = "--json", description = "Print the answer as JSON, for scripts.")
    boolean on;
}
