package io.kubemon.agent.host;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import org.springframework.stereotype.Component;

/**
 * Conditions a person should know about (no Docker socket, no Kubernetes API), sent with every
 * heartbeat so that they show in the agent's entry of the collector's /instances.
 */
@Component
public class Notices {
    private final Set<String> notices = new ConcurrentSkipListSet<>();

    /** Adds a notice; true when it is new (so the caller logs it once). */
    public boolean add(String notice) {
        return notices.add(notice);
    }

    public void removeIf(String prefix) {
        notices.removeIf(n -> n.startsWith(prefix));
    }

    public List<String> all() {
        return List.copyOf(notices);
    }
}
