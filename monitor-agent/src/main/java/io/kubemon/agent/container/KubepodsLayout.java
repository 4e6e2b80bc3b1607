package io.kubemon.agent.container;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pure parsing of the kubelet's cgroup layout, for both drivers and every QoS class:
 * <pre>
 * cgroupfs: /kubepods[/burstable|/besteffort]/pod&lt;uid&gt;/&lt;id&gt;
 * systemd:  /kubepods.slice[/kubepods-burstable.slice]/kubepods-[burstable-]pod&lt;uid_with_underscores&gt;.slice/
 *           (cri-containerd|crio|docker)-&lt;id&gt;.scope
 * </pre>
 */
public final class KubepodsLayout {
    private static final Pattern POD = Pattern.compile(
            "(?:^|-)pod([0-9a-fA-F]{8}[-_][0-9a-fA-F]{4}[-_][0-9a-fA-F]{4}[-_][0-9a-fA-F]{4}[-_][0-9a-fA-F]{12})(?:\\.slice)?$");
    private static final Pattern CONTAINER =
            Pattern.compile("^(?:(cri-containerd|crio|docker|containerd)-)?([0-9a-f]{64})(?:\\.scope)?$");

    private KubepodsLayout() {}

    /** A container's place in the tree: the pod UID and the container id. */
    public record Parsed(String podUid, String containerId, String qos, String runtime) {}

    /** Parses a group path; null when it is not a Kubernetes container's group. */
    public static Parsed parse(String group) {
        String[] parts = group.replaceAll("^/+", "").split("/");
        if (parts.length < 3 || !parts[0].startsWith("kubepods")) {
            return null;
        }
        Matcher container = CONTAINER.matcher(parts[parts.length - 1]);
        Matcher pod = POD.matcher(parts[parts.length - 2]);
        if (!container.matches() || !pod.find()) {
            return null;
        }
        String qos = "guaranteed";
        for (String p : parts) {
            if (p.contains("burstable")) {
                qos = "burstable";
            } else if (p.contains("besteffort")) {
                qos = "besteffort";
            }
        }
        // The scope's prefix names the runtime (systemd driver); a bare id (cgroupfs driver) does not.
        String prefix = container.group(1);
        String runtime = prefix == null
                ? "cgroup"
                : switch (prefix) {
                    case "cri-containerd", "containerd" -> "containerd";
                    case "crio" -> "cri-o";
                    default -> prefix;
                };
        return new Parsed(pod.group(1).replace('_', '-'), container.group(2), qos, runtime);
    }
}
