package io.kubemon.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One of kubemon's real jars, started as its own JVM, its output kept in a log file. */
final class ServiceProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static Path jar(String module) {
        Path jar = Path.of("..", module, "target", module + ".jar")
                .toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: run the whole build, ./mvnw verify, which packages it first");
        }
        return jar;
    }

    /** Small, quick-starting JVMs: these tests start several on a 2-core machine. */
    private static final List<String> JVM_OPTIONS =
            List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx256m");

    static ServiceProcess start(String module, Path workDir, List<String> args) throws IOException {
        return start(module, workDir, args, null);
    }

    /**
     * As {@link #start(String, Path, List)}, with an extension jar (tables and sources of its own)
     * on the service's class path: Spring Boot's PropertiesLauncher with {@code loader.path}, the
     * way an operator adds one to the unchanged jar.
     */
    static ServiceProcess start(String module, Path workDir, List<String> args, Path extension) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_OPTIONS);
        if (extension == null) {
            cmd.addAll(ClassDataSharing.launch(module, jar(module), JVM_OPTIONS));
        } else {
            cmd.add("-Dloader.path=" + extension);
            cmd.add("-cp");
            cmd.add(jar(module).toString());
            cmd.add("org.springframework.boot.loader.launch.PropertiesLauncher");
        }
        cmd.addAll(args);
        Files.createDirectories(workDir);
        Path log = workDir.resolve(module + ".log");
        Process p = new ProcessBuilder(cmd)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new ServiceProcess(module, p, log);
    }

    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A port that is free now, never the same one twice in this JVM. Only for services that must
     * keep their port across a restart (a collector); others bind port 0 and report it, see
     * {@link #awaitPort()}, since a port found free here can be taken before the service binds it.
     */
    static int freePort() throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            }
        }
    }

    private static final java.util.regex.Pattern STARTED =
            java.util.regex.Pattern.compile("(?:Netty|Tomcat) started on port (\\d+)");

    /** The port the service bound (it was started with --server.port=0), from its log. */
    int awaitPort() throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            java.util.regex.Matcher m = STARTED.matcher(log());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited before it started listening:\n" + log());
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " did not start listening within 120 s");
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no flush, like a node losing power for this process. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGSTOP / SIGCONT: the process freezes with its sockets open, as under a long GC or a hung node. */
    void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .inheritIO()
                .start()
                .waitFor();
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        String text = log();
        System.out.println("---- " + name + " warnings and errors ----");
        text.lines()
                .filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
                .limit(60)
                .forEach(System.out::println);
        System.out.println("---- " + name + " log (tail) ----");
        System.out.println(text.substring(Math.max(0, text.length() - 4000)));
    }
}
