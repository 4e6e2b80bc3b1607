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
