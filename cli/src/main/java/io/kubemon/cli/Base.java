package io.kubemon.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

abstract class Base implements Callable<Integer> {
    @ParentCommand
    KubemonCli root;

    /** Whether the answer is printed as JSON; commands with {@link JsonOption} say so. */
    boolean json() {
        return false;
    }

    PrintWriter out() {
        return root.spec.commandLine().getOut();
    }

    /**
     * Lines for a person about the answer: to standard output, or, when --json prints the answer
     * there, to standard error, so that a script's log still shows them.
     */
    void say(java.util.List<String> lines) {
        PrintWriter w = json() ? root.spec.commandLine().getErr() : out();
        lines.forEach(w::println);
        w.flush();
    }

    /** The collector's answer as its wire record (fields a newer collector adds are ignored). */
    static <T> T typed(JsonNode answer, Class<T> type) {
        try {
            return io.kubemon.common.wire.RunRecords.fromTree(answer, type);
        } catch (RuntimeException e) {
            throw new CliException(
                    ExitCodes.ERROR,
                    "the collector's answer does not read as a " + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    int print(JsonNode node, Runnable human) {
        if (json()) {
            out().println(node.toPrettyString());
        } else {
            human.run();
        }
        out().flush();
        return ExitCodes.OK;
    }
}
