package io.kubemon.agent.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KubepodsLayoutTest {
    private static final String ID = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
    private static final String UID = "6f0c2a1e-3b4d-4c5e-9f60-1a2b3c4d5e6f";
    private static final String UID_ = UID.replace('-', '_');

    @Test
    void cgroupfsDriverEveryQosClass() {
        assertThat(KubepodsLayout.parse("/kubepods/pod" + UID + "/" + ID))
                .isEqualTo(new KubepodsLayout.Parsed(UID, ID, "guaranteed", "cgroup"));
        assertThat(KubepodsLayout.parse("/kubepods/burstable/pod" + UID + "/" + ID)
                        .qos())
                .isEqualTo("burstable");
        assertThat(KubepodsLayout.parse("/kubepods/besteffort/pod" + UID + "/" + ID)
                        .qos())
                .isEqualTo("besteffort");
    }

    @Test
    void systemdDriverWithEachRuntime() {
        String burstable = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + UID_ + ".slice/";
        Map<String, String> runtimes = Map.of("cri-containerd-", "containerd", "crio-", "cri-o", "docker-", "docker");
        runtimes.forEach((prefix, runtime) -> assertThat(KubepodsLayout.parse(burstable + prefix + ID + ".scope"))
                .isEqualTo(new KubepodsLayout.Parsed(UID, ID, "burstable", runtime)));
        assertThat(KubepodsLayout.parse(
                        "/kubepods.slice/kubepods-pod" + UID_ + ".slice/cri-containerd-" + ID + ".scope"))
                .isEqualTo(new KubepodsLayout.Parsed(UID, ID, "guaranteed", "containerd"));
        assertThat(KubepodsLayout.parse("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + UID_
                                + ".slice/crio-" + ID + ".scope")
                        .qos())
                .isEqualTo("besteffort");
    }

    @Test
    void notContainers() {
        String pod = "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + UID_ + ".slice";
        assertThat(KubepodsLayout.parse(pod)).isNull();
        assertThat(KubepodsLayout.parse(pod + "/crio-conmon-" + ID + ".scope")).isNull();
        assertThat(KubepodsLayout.parse("/kubepods.slice/kubepods-burstable.slice"))
                .isNull();
        assertThat(KubepodsLayout.parse("/docker/" + ID)).isNull();
        assertThat(KubepodsLayout.parse("/system.slice/docker-" + ID + ".scope"))
                .isNull();
    }
}
