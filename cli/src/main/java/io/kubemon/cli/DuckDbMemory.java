package io.kubemon.cli;

import picocli.CommandLine.Option;

/** The memory DuckDB may use, for the commands that run it (export, sql): a picocli mixin. */
class DuckDbMemory {
    @Option(
            names = "--memory",
            paramLabel = "SIZE",
            defaultValue = "1GB",
            description = "Memory DuckDB may use before it spills to a temporary directory (default ${DEFAULT-VALUE}).")
    String memory;
}
