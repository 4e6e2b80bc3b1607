package io.kubemon.agent.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kubemon.agent.*}.
 *
 * @param collectorUrl      base URL of the collector
 * @param nodeName          name rows carry in their {@code node} column; the hostname when unset
 * @param advertiseAddress  how the collector's listing shows this agent; {@code http://<hostname>:<port>} when unset
 * @param procRoot          the host's /proc (inside a pod: /host/proc with hostPID)
 * @param sysRoot           the host's /sys (inside a pod: /host/sys)
 * @param cgroupRoot        the host's cgroup mount
 * @param heartbeatInterval how often the agent asks the collector what to do; bounds how late a start or stop is seen
 * @param requestTimeout    per HTTP request to the collector
 * @param maxQueuedBatches  batches held in memory while the collector is unreachable (lost if the agent is killed);
 *                          more go to the spool directory. A batch at 110 containers x 5 processes holds 1.6 MiB
 *                          of heap (BENCHMARKS.md), so the bound keeps them well inside the agent's heap
 * @param diskExclude       block devices whose name matches are left out (RAM disks, loop devices)
 * @param dockerHost        the Docker engine's API; a missing socket is reported once, not an error
 * @param kubeletCgroups    look for Kubernetes containers in the cgroup tree (containerd, CRI-O, any CRI runtime)
 * @param spoolDir          where unsent batches and run sequence numbers are kept across restarts
 * @param spoolMaxBytes     past this the oldest spooled batch is dropped, and its rows counted
 * @param trustStore        PKCS12 or JKS file with the certificate(s) to trust for an HTTPS collector; unset: the JVM's
 * @param trustStorePassword its password
 */
@ConfigurationProperties("kubemon.agent")
public record AgentProperties(
        @DefaultValue("http://localhost:8080") URI collectorUrl,
        String nodeName,
        String advertiseAddress,
        @DefaultValue("/proc") Path procRoot,
        @DefaultValue("/sys") Path sysRoot,
        @DefaultValue("/sys/fs/cgroup") Path cgroupRoot,
        @DefaultValue("500ms") Duration heartbeatInterval,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("8") int maxQueuedBatches,
        @DefaultValue("^(ram|loop|fd|zram)\\d+$") String diskExclude,
        @DefaultValue("unix:///var/run/docker.sock") String dockerHost,
        @DefaultValue("true") boolean kubeletCgroups,
        @DefaultValue("./spool") Path spoolDir,
        @DefaultValue("268435456") long spoolMaxBytes,
        Path trustStore,
        String trustStorePassword) {}
