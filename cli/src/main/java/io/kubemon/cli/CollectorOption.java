package io.kubemon.cli;

import picocli.CommandLine.Option;

/**
 * {@code --collector URL}, on the commands that talk to a collector only: an offline command
 * (merge, report, export, sql, list) does not offer it.
 */
final class CollectorOption {
    @Option(
            names = "--collector",
            paramLabel = "URL",
            description = "Collector base URL (env KUBEMON_COLLECTOR; default " + CollectorOption.DEFAULT + ").")
    String url;

    static final String DEFAULT = "http://localhost:8080";

    /** The token comes from the environment only, never from the command line (it would show in ps). */
    static String token() {
        String t = System.getenv("KUBEMON_TOKEN");
        return t != null ? t : System.getenv("KUBEMON_SECURITY_TOKEN");
    }

    /** This command's --collector, else one given before the command ({@code kubemon --collector URL status}). */
    CollectorApi api(KubemonCli root) {
        return new CollectorApi(url(root), token());
    }

    String url(KubemonCli root) {
        String env = System.getenv("KUBEMON_COLLECTOR");
        return url != null ? url : root.collector != null ? root.collector : env != null ? env : DEFAULT;
    }
}
