package io.kubemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No cycles between the packages of the main sources (docs/architecture.md): read from the
 * sources themselves, imports and fully qualified names alike. The modules' root packages
 * (io.kubemon.agent, io.kubemon.collector) are held to it too: they wire the application, and no
 * package below uses them (the properties live in each module's config package).
 */
class PackageCyclesTest {
    private static final List<String> MODULES =
            List.of("common", "report", "monitor-agent", "collector-service", "cli");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.kubemon(?:\\.[a-z][a-z0-9]*)+)\\.[A-Z]");

    @Test
    void noPackageDependsOnItselfThroughOthers() throws Exception {
        Map<String, Set<String>> uses = new TreeMap<>();
        for (String module : MODULES) {
            Path src = Path.of("..", module, "src", "main", "java");
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(f);
                    Matcher pm = PACKAGE.matcher(text);
                    if (!pm.find()) {
                        continue;
                    }
                    String pkg = pm.group(1);
                    Set<String> targets = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
                    Matcher rm = REFERENCE.matcher(text);
                    while (rm.find()) {
                        String target = rm.group(1);
                        if (!target.equals(pkg)) {
                            targets.add(target);
                        }
                    }
                }
            }
        }
        assertThat(uses)
                .as("packages found")
                .containsKeys(
                        "io.kubemon.agent",
                        "io.kubemon.agent.sampling",
                        "io.kubemon.collector",
                        "io.kubemon.collector.store");
        List<String> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            List<String> path = cycleFrom(start, start, uses, new ArrayList<>(List.of(start)), new TreeSet<>());
            if (path != null) {
                cycles.add(String.join(" -> ", path));
            }
        }
        assertThat(cycles).as("package cycles").isEmpty();
    }

    /**
     * Each feature package of the agent and the collector uses only the sibling packages its
     * package-info.java names ("May use a, b and c." or "Uses no other … package."), so that the
     * rule written beside the code is the rule the code keeps.
     */
    @Test
    void eachPackageUsesOnlyWhatItsPackageInfoSays() throws Exception {
        Pattern mayUse = Pattern.compile("<p>(?:May use ([a-z, ]+?)(?: \\([^)]*\\))?|Uses no other \\w+ package)\\.");
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (String[] module : List.of(
                new String[] {"monitor-agent", "io/kubemon/agent"},
                new String[] {"collector-service", "io/kubemon/collector"})) {
            Path base = Path.of("..", module[0], "src", "main", "java").resolve(module[1]);
            String prefix = module[1].replace('/', '.') + ".";
            try (Stream<Path> dirs = Files.list(base)) {
                for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                    String name = dir.getFileName().toString();
                    Matcher m = mayUse.matcher(Files.readString(dir.resolve("package-info.java")));
                    assertThat(m.find())
                            .as(dir + "/package-info.java says what the package may use")
                            .isTrue();
                    Set<String> allowed = new TreeSet<>();
                    if (m.group(1) != null) {
                        allowed.addAll(List.of(m.group(1).split(",\\s*|\\s+and\\s+")));
                    }
                    Set<String> used = new TreeSet<>();
                    try (Stream<Path> files = Files.list(dir)) {
                        for (Path f : files.filter(x -> x.toString().endsWith(".java"))
                                .toList()) {
                            Matcher rm = REFERENCE.matcher(Files.readString(f));
                            while (rm.find()) {
                                String target = rm.group(1);
                                if (target.startsWith(prefix) && !target.equals(prefix + name)) {
                                    used.add(target.substring(prefix.length()).split("\\.")[0]);
                                }
                            }
                        }
                    }
                    used.removeAll(allowed);
                    if (!used.isEmpty()) {
                        wrong.add(prefix + name + " uses " + used + " beyond its package-info's " + allowed);
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).as("packages checked").isGreaterThanOrEqualTo(18);
        assertThat(wrong).isEmpty();
    }

    private static List<String> cycleFrom(
            String start, String at, Map<String, Set<String>> uses, List<String> path, Set<String> seen) {
        for (String next : uses.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> found = new ArrayList<>(path);
                found.add(start);
                return found;
            }
            if (seen.add(next)) {
                path.add(next);
                List<String> found = cycleFrom(start, next, uses, path, seen);
                if (found != null) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return null;
    }
}
