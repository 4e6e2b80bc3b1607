package io.kubemon.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** /proc/diskstats on strings shaped like each kernel generation prints it. */
class DiskStatsParserTest {
    /** Counts the fields the parser found malformed. */
    private final Malformed bad = new Malformed("test");

    @Test
    void diskstatsOf11_15_and17FieldKernels() {
        List<DiskStatsParser.Disk> disks = DiskStatsParser.parse("""
                   8       0 sda 1 2 3 4 5 6 7 8 9 10 11
                   8       1 sda1 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15
                 259       0 nvme0n1 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17
                """, bad);
        assertThat(disks).extracting(DiskStatsParser.Disk::name).containsExactly("sda", "sda1", "nvme0n1");
        assertThat(disks.get(0).fields()[10]).isEqualTo(11);
        assertThat(disks.get(0).fields()[11]).isEqualTo(-1);
        assertThat(disks.get(1).fields()[14]).isEqualTo(15);
        assertThat(disks.get(1).fields()[15]).isEqualTo(-1);
        assertThat(disks.get(2).fields()[16]).isEqualTo(17);
    }
}
