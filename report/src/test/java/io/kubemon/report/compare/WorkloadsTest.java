package io.kubemon.report.compare;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkloadsTest {
    @Test
    void aDeploymentsPodsOfTwoRunsAreOneWorkload() {
        assertThat(Workloads.owner("web-7d9f8c6b5-x2kqz")).isEqualTo("web");
        assertThat(Workloads.owner("web-5c4b9f7d8d-9p2wq")).isEqualTo("web");
        assertThat(Workloads.owner("redis-cart-6b8c7f5d94-jx4lm")).isEqualTo("redis-cart");
    }

    @Test
    void aDaemonSetsOrJobsPodLosesItsSuffixAndAStatefulSetsKeepsItsOrdinal() {
        assertThat(Workloads.owner("kubemon-agent-8xk2p")).isEqualTo("kubemon-agent");
        assertThat(Workloads.owner("load-9sd2x")).isEqualTo("load");
        assertThat(Workloads.owner("db-0")).isEqualTo("db-0");
    }

    @Test
    void aNameOfTheUsersOwnIsKept() {
        // "server" and "alpine" have vowels: not Kubernetes' hashes.
        assertThat(Workloads.owner("api-server")).isEqualTo("api-server");
        assertThat(Workloads.owner("busy-alpine")).isEqualTo("busy-alpine");
        assertThat(Workloads.owner("")).isEmpty();
    }

    @Test
    void aContainerIsNamedByItsPodsOwnerOrItsDockerName() {
        assertThat(Workloads.container("shop", "web-7d9f8c6b5-x2kqz", "nginx", "k8s_nginx_web"))
                .isEqualTo("shop/web/nginx");
        assertThat(Workloads.container("", "", "", "busy-1")).isEqualTo("busy-1");
        assertThat(Workloads.container(null, null, null, "busy-1")).isEqualTo("busy-1");
    }
}
