package io.kubemon.agent;

import io.kubemon.agent.host.HostPaths;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.time.Clock;
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
        try {
            // The host's own name, also right inside a pod with hostPID.
            String fromProc = Files.readString(paths.proc("sys", "kernel", "hostname")).trim();
            if (!fromProc.isEmpty()) {
                return new NodeName(fromProc);
            }
        } catch (Exception e) {
            // fall through to the resolver
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
