package io.kubemon.agent;

import io.kubemon.agent.config.AgentProperties;
import io.kubemon.agent.config.NodeName;
import io.kubemon.agent.host.HostPaths;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AgentConfig {

    @Bean
    HostPaths hostPaths(AgentProperties p) {
        return new HostPaths(p.procRoot(), p.sysRoot(), p.cgroupRoot());
    }

    @Bean
    NodeName nodeName(AgentProperties p, HostPaths paths) {
        if (p.nodeName() != null && !p.nodeName().isBlank()) {
            return new NodeName(p.nodeName());
        }
        // The host's name as its root filesystem keeps it, through pid 1 (a container with the
        // host's pid namespace and ptrace rights sees it there). <proc>/sys/kernel/hostname is no
        // help inside a container: it answers for the reader's own UTS namespace, the container's
        // name (a compose agent registered as its container id). On Kubernetes the chart sets
        // kubemon.agent.node-name from the pod's spec.nodeName, which is what the API knows.
        for (java.nio.file.Path file :
                List.of(paths.proc("1", "root", "etc", "hostname"), paths.proc("sys", "kernel", "hostname"))) {
            try {
                String name = Files.readString(file).trim();
                if (!name.isEmpty()) {
                    return new NodeName(name);
                }
            } catch (Exception e) {
                // not readable here: the next way
            }
        }
        try {
            return new NodeName(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            return new NodeName("localhost");
        }
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
