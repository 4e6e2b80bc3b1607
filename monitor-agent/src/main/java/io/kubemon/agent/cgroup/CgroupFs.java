package io.kubemon.agent.cgroup;

import io.kubemon.agent.host.HostPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The host's cgroup mount as injected: which version it is and where a controller's files for
 * a group live. v2 when the root itself has cgroup.controllers (the unified hierarchy); else v1
 * with one mount per controller, found under its own name or a combined one (cpu,cpuacct).
 */
@Component
public class CgroupFs {
    private static final Logger log = LoggerFactory.getLogger(CgroupFs.class);

    private final Path root;
    private final int version;
    /** Controller mount points never move while the agent runs; resolving one costs a stat per call. */
    private final Map<String, Path> controllerRoots = new ConcurrentHashMap<>();

    public CgroupFs(HostPaths paths) {
        this.root = paths.cgroup();
        this.version = Files.exists(root.resolve("cgroup.controllers")) ? 2 : 1;
        log.info("cgroup v{} at {}", version, root);
    }

    public int version() {
        return version;
    }

    public Path root() {
        return root;
    }

    /** The directory of group {@code path} (as /proc/&lt;pid&gt;/cgroup shows it) for {@code controller}. */
    public Path dir(String controller, String path) {
        // Asked per container, controller and tick: the Path is made once per group, not resolved
        // anew each time (8 MB a tick of Path objects at 110 containers). Bounded: groups of
        // containers that are gone are dropped with the rest when a map passes 4096 entries.
        Map<String, Path> ofController =
                dirs.computeIfAbsent(version == 2 ? "" : controller, k -> new ConcurrentHashMap<>());
        Path dir = ofController.get(path);
        if (dir == null) {
            String relative = path.startsWith("/") ? path.substring(1) : path;
            dir = version == 2
                    ? root.resolve(relative)
                    : controllerRoot(controller).resolve(relative);
            if (ofController.size() >= 4096) {
                ofController.clear();
            }
            ofController.put(path, dir);
        }
        return dir;
    }

    private final Map<String, Map<String, Path>> dirs = new ConcurrentHashMap<>();

    Path controllerRoot(String controller) {
        return controllerRoots.computeIfAbsent(controller, this::findControllerRoot);
    }

    private Path findControllerRoot(String controller) {
        for (String name : List.of(controller, "cpu,cpuacct", "cpuacct,cpu")) {
            if (name.contains(controller)) {
                Path p = root.resolve(name);
                if (Files.isDirectory(p)) {
                    return p;
                }
            }
        }
        return root.resolve(controller);
    }
}
