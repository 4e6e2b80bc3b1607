package io.kubemon.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** /proc/net/dev on strings: headers skipped, a name glued to its first number. */
class NetDevParserTest {
    /** Counts the fields the parser found malformed. */
    private final Malformed bad = new Malformed("test");

    @Test
    void netDevSkipsHeadersAndReadsGluedNames() {
        List<NetDevParser.Interface> itfs = NetDevParser.parse("""
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                    lo:    100       2    0    0    0     0          0         0      100       2    0    0    0     0       0          0
                  eth0:4294967296 10 1 2 3 4 5 6 7000 70 8 9 10 11 12 13
                """, bad);
        assertThat(itfs).extracting(NetDevParser.Interface::name).containsExactly("lo", "eth0");
        assertThat(itfs.get(1).fields())
                .containsExactly(4294967296L, 10, 1, 2, 3, 4, 5, 6, 7000, 70, 8, 9, 10, 11, 12, 13);
    }
}
