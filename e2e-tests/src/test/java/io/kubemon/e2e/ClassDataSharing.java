package io.kubemon.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * How the tests start a service jar: from Spring Boot's extracted layout with an AppCDS archive,
 * made once per build of the jar. The suite starts about a hundred services on two cores, and a
 * class-data archive cuts each start's CPU by about half (docs/testing.md). The archive is
 * made the way Spring Boot documents it: {@code -Djarmode=tools extract}, then one training
 * start with {@code -XX:ArchiveClassesAtExit} that exits once the context is refreshed. Where
 * either step fails the jar is started as it is, and the reason printed: slower, never wrong.
 */
final class ClassDataSharing {
    private static final Map<String, List<String>> LAUNCHES = new ConcurrentHashMap<>();

    private ClassDataSharing() {}

    /** The arguments after the JVM options that start {@code jar}: {@code -XX:SharedArchiveFile=… -jar …}. */
    static List<String> launch(String module, Path jar, List<String> jvmOptions) {
        return LAUNCHES.computeIfAbsent(module, m -> prepare(m, jar, jvmOptions));
    }

    private static List<String> prepare(String module, Path jar, List<String> jvmOptions) {
        List<String> plain = List.of("-jar", jar.toString());
        Path dir = Path.of("target", "cds", module).toAbsolutePath();
        Path extracted = dir.resolve("app").resolve(module + ".jar");
        Path archive = dir.resolve(module + ".jsa");
        try {
            if (Files.isRegularFile(archive)
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0) {
                return List.of("-XX:SharedArchiveFile=" + archive, "-jar", extracted.toString());
            }
            if (Files.exists(dir)) {
                io.kubemon.common.files.Trees.delete(dir, false);
            }
            Files.createDirectories(dir);
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            run(
                    dir,
                    List.of(
                            java,
                            "-Djarmode=tools",
                            "-jar",
                            jar.toString(),
                            "extract",
                            "--destination",
                            extracted.getParent().toString()));
            Path data = Files.createDirectories(dir.resolve("training-data"));
            List<String> train = new ArrayList<>(List.of(java));
            train.addAll(jvmOptions);
            train.addAll(List.of(
                    "-XX:ArchiveClassesAtExit=" + archive,
                    "-Dspring.context.exit=onRefresh",
                    "-jar",
                    extracted.toString(),
                    "--server.port=0",
                    "--server.address=127.0.0.1",
                    "--kubemon.collector.data-dir=" + data,
                    "--kubemon.agent.collector-url=http://127.0.0.1:9"));
            run(dir, train);
            if (!Files.isRegularFile(archive)) {
                throw new IOException("the training start made no archive");
            }
            return List.of("-XX:SharedArchiveFile=" + archive, "-jar", extracted.toString());
        } catch (IOException | InterruptedException e) {
            System.out.println(
                    "class-data sharing off for " + module + " (" + e.getMessage() + "): started from its jar");
            return plain;
        }
    }

    private static void run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Path log = dir.resolve("prepare.log");
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new IOException(String.join(" ", cmd) + " did not finish within 3 minutes");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ", see " + log);
        }
    }
}
