package io.kubemon.agent.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.agent.procfs.Malformed;
import org.junit.jupiter.api.Test;

class CgroupParsersTest {
    /** Counts the fields the parsers found malformed. */
    private final Malformed bad = new Malformed("test");

    @Test
    void flatKeyedFilesSkipNonNumericValues() {
        assertThat(CgroupParsers.flatKeyed("user 62\nsystem 4\nbogus x\n", bad))
                .containsEntry("user", 62L)
                .containsEntry("system", 4L)
                .doesNotContainKey("bogus");
    }

    @Test
    void limitsInBothVersions() {
        assertThat(CgroupParsers.single("max\n", bad)).isNull();
        assertThat(CgroupParsers.single("268435456\n", bad)).isEqualTo(268435456L);
        assertThat(CgroupParsers.cpuMax("max 100000\n", bad)).isNull();
        assertThat(CgroupParsers.cpuMax("150000 100000\n", bad)).isEqualTo(1.5);
        assertThat(CgroupParsers.cfsQuota("-1\n", "100000\n", bad)).isNull();
        assertThat(CgroupParsers.cfsQuota("50000\n", "100000\n", bad)).isEqualTo(0.5);
        assertThat(CgroupParsers.v1Limit("9223372036854771712\n", bad)).isNull();
        assertThat(CgroupParsers.v1Limit("268435456\n", bad)).isEqualTo(268435456L);
    }

    @Test
    void blkioV1SumsDevicesAndIgnoresTotals() {
        long[] rw = CgroupParsers.blkioV1("""
                8:0 Read 100
                8:0 Write 200
                8:0 Sync 300
                8:16 Read 1
                8:16 Write 2
                Total 603
                """, bad);
        assertThat(rw).containsExactly(101, 202);
    }

    @Test
    void ioStatV2SumsDevices() {
        assertThat(CgroupParsers.ioStatV2(
                        "8:0 rbytes=10 wbytes=20 rios=1 wios=2 dbytes=0 dios=0\n253:0 rbytes=5 wbytes=0 rios=1 wios=0\n",
                        bad))
                .containsEntry("rbytes", 15L)
                .containsEntry("wbytes", 20L)
                .containsEntry("rios", 2L)
                .containsEntry("wios", 2L);
    }

    @Test
    void ioStatV2ReadsOnlyItsCountersSoDebugValuesAreNotMalformed() {
        // With debug stats (or io.cost) lines carry "depth=max" and decimals: neither used nor wrong.
        var m = CgroupParsers.ioStatV2(
                "8:0 rbytes=100 wbytes=200 rios=3 wios=4 dbytes=0 dios=0 cost.vrate=100.00 depth=max\n"
                        + "8:16 rbytes=1 wbytes=2 rios=1 wios=1 depth=64 avg_lat=12.5\n",
                bad);
        assertThat(m)
                .containsEntry("rbytes", 101L)
                .containsEntry("wbytes", 202L)
                .containsEntry("rios", 4L)
                .containsOnlyKeys("rbytes", "wbytes", "rios", "wios");
        assertThat(bad.count()).isZero();
    }

    @Test
    void refaultsFallBackToTheSingleCounterOfOlderKernels() {
        assertThat(CgroupReader.refaults(5L, 7L, null)).isEqualTo(12L);
        assertThat(CgroupReader.refaults(null, null, 9L))
                .as("kernels before 5.9: workingset_refault only")
                .isEqualTo(9L);
        assertThat(CgroupReader.refaults(5L, 7L, 9L))
                .as("the split pair wins where both exist")
                .isEqualTo(12L);
        assertThat(CgroupReader.refaults(null, null, null)).isNull();
    }

    @Test
    void groupOfAProcessInEitherVersion() {
        String v1 = "12:memory:/docker/abc\n11:cpu,cpuacct:/docker/abc\n1:name=systemd:/docker/abc\n0::/\n";
        assertThat(CgroupParsers.pathOf(v1, 1, "memory")).isEqualTo("/docker/abc");
        assertThat(CgroupParsers.pathOf(v1, 1, "cpuacct")).isEqualTo("/docker/abc");
        assertThat(CgroupParsers.pathOf("0::/kubepods.slice/x.scope\n", 2, "memory"))
                .isEqualTo("/kubepods.slice/x.scope");
        assertThat(CgroupParsers.pathOf("0::/kubepods.slice/x.scope\n", 1, "memory"))
                .isNull();
    }

    @Test
    void pidsOfCgroupProcs() {
        assertThat(CgroupParsers.pids("12\n345\n\n", bad)).containsExactly(12, 345);
    }
}
