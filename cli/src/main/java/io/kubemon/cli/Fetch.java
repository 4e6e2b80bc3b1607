package io.kubemon.cli;

import io.kubemon.common.wire.GroupMember;
import io.kubemon.common.wire.RunRecords;
import io.kubemon.common.wire.RunStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "fetch",
        description = "Copy a run's files from the collector (its data volume) into DIR/RUN: "
                + "the CSV files and run.json, as the collector has them now.")
class Fetch extends Base {
    @picocli.CommandLine.Mixin
    CollectorOption collector;

    @Parameters(
            paramLabel = "RUN",
            description = "The run's directory under the collector's data root, or its id (kubemon runs lists both).")
    String run;

    @Option(
            names = {"-d", "--dir"},
            paramLabel = "DIR",
            defaultValue = ".",
            description = "Where to put it (default: here).")
    java.nio.file.Path dir;

    @Override
    public Integer call() throws Exception {
        if (run.isBlank()
                || run.startsWith("/")
                || java.util.Arrays.asList(run.split("/")).contains("..")) {
            throw new CliException(
                    ExitCodes.USAGE, "RUN is a run's output directory relative to the data root, e.g. exp1");
        }
        java.io.PrintWriter err = root.spec.commandLine().getErr();
        java.util.List<io.kubemon.common.wire.RunEntry> listed = typed(
                        collector.api(root).get("/runs"), io.kubemon.common.wire.RunEntry.Listing.class)
                .runs();
        String named = Runs.directoryOf(listed == null ? java.util.List.of() : listed, run);
        if (named == null) {
            throw new CliException(
                    ExitCodes.REFUSED,
                    "the collector has no run with the directory or id '" + run + "' (kubemon runs lists them)");
        }
        String id = listed.stream()
                .filter(e -> named.equals(e.outputDir()))
                .map(io.kubemon.common.wire.RunEntry::runId)
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse("-");
        run = named;
        java.nio.file.Files.createDirectories(dir);
        java.util.List<GroupMember> members =
                typed(collector.api(root).get("/status"), RunStatus.class).collectors();
        if (members != null && members.size() > 1) {
            return fetchGroup(members, err);
        }
        java.nio.file.Path zip = java.nio.file.Files.createTempFile(dir, ".kubemon-fetch-", ".zip");
        try {
            long bytes = download("/runs/" + RunArchive.encodePath(run) + "/files", zip, err);
            RunArchive.Unpacked u = RunArchive.unpack(zip, dir);
            out().printf(
                            "fetched %s (%s): %d file(s), %.1f MiB into %s%n",
                            run, id, u.files(), bytes / 1048576.0, dir.resolve(run));
            out().flush();
            return ExitCodes.OK;
        } finally {
            java.nio.file.Files.deleteIfExists(zip);
        }
    }

    private long download(String path, java.nio.file.Path zip, java.io.PrintWriter err) {
        long[] shown = {0};
        long bytes = collector.api(root).download(path, zip, n -> {
            if (n - shown[0] >= 4 << 20) {
                shown[0] = n;
                err.printf("\rreceived %.1f MiB", n / 1048576.0);
                err.flush();
            }
        });
        if (shown[0] > 0) {
            err.println();
        }
        return bytes;
    }

    /**
     * A collector group's run: each member's files through the one address given (the member
     * there relays the others'), laid out in DIR/RUN as one collector writes a run, with one
     * run.json merged from the members' ({@link GroupRunJson}). A member that cannot be reached
     * is named, and the exit code says that rows are missing.
     */
    private Integer fetchGroup(java.util.List<GroupMember> members, java.io.PrintWriter err)
            throws java.io.IOException {
        java.nio.file.Path target = dir.resolve(run).toAbsolutePath().normalize();
        java.util.List<GroupRunJson.Part> parts = new java.util.ArrayList<>();
        java.util.List<String> missing = new java.util.ArrayList<>();
        java.util.Map<java.nio.file.Path, String> from = new java.util.HashMap<>();
        int files = 0;
        long bytes = 0;
        for (int i = 0; i < members.size(); i++) {
            String url = members.get(i).url();
            java.nio.file.Path zip = java.nio.file.Files.createTempFile(dir, ".kubemon-fetch-", ".zip");
            java.nio.file.Path staging = java.nio.file.Files.createTempDirectory(dir, ".kubemon-fetch-");
            try {
                err.printf("fetching %s from collector %d of %d (%s)%n", run, i + 1, members.size(), url);
                err.flush();
                try {
                    bytes += download("/runs/" + RunArchive.encodePath(run) + "/files?collector=" + i, zip, err);
                } catch (CliException e) {
                    err.printf("kubemon: warning: collector %s: %s%n", url, e.getMessage());
                    missing.add(url);
                    continue;
                }
                RunArchive.unpack(zip, staging);
                java.nio.file.Path part = staging.resolve(run);
                java.nio.file.Path runJson = part.resolve("run.json");
                if (!java.nio.file.Files.exists(runJson)) {
                    throw new CliException(ExitCodes.ERROR, "collector " + url + " sent no run.json for " + run);
                }
                parts.add(new GroupRunJson.Part(url, RunRecords.readRecord(runJson)));
                java.nio.file.Files.delete(runJson);
                try (var walk = java.nio.file.Files.walk(part)) {
                    for (java.nio.file.Path f :
                            walk.filter(java.nio.file.Files::isRegularFile).toList()) {
                        java.nio.file.Path to =
                                target.resolve(part.relativize(f).toString());
                        String other = from.put(to, url);
                        if (other != null) {
                            throw new CliException(
                                    ExitCodes.ERROR,
                                    "both " + other + " and " + url + " hold " + part.relativize(f)
                                            + ": a node written by two collectors");
                        }
                        java.nio.file.Files.createDirectories(to.getParent());
                        java.nio.file.Files.move(f, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        files++;
                    }
                }
            } finally {
                java.nio.file.Files.deleteIfExists(zip);
                io.kubemon.common.files.Trees.delete(staging, false);
            }
        }
        if (parts.isEmpty()) {
            throw new CliException(ExitCodes.UNREACHABLE, "no collector of the group gave run " + run);
        }
        java.nio.file.Files.createDirectories(target);
        java.nio.file.Path merged = target.resolve("run.json");
        RunRecords.write(merged, GroupRunJson.merge(parts, missing));
        out().printf(
                        "fetched %s from %d of %d collectors: %d file(s), %.1f MiB into %s%n",
                        run, parts.size(), members.size(), files + 1, bytes / 1048576.0, target);
        out().flush();
        if (!missing.isEmpty()) {
            err.printf("kubemon: the nodes owned by %s are not in %s%n", String.join(", ", missing), target);
            err.flush();
            return ExitCodes.ROWS_MISSING;
        }
        return ExitCodes.OK;
    }
}
