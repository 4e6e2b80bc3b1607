package io.kubemon.agent.example.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubemon.agent.procfs.Malformed;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /proc/net/snmp's TCP lines, on strings (the lines of this VM's kernel). */
class SnmpParserTest {
    private static final String SNMP = "Ip: Forwarding DefaultTTL\n"
            + "Ip: 1 64\n"
            + "Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab "
            + "InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors\n"
            + "Tcp: 1 200 120000 -1 12531 12471 34 63 0 221116 218239 38 0 102 0\n"
            + "Udp: InDatagrams NoPorts\n"
            + "Udp: 5 6\n";

    @Test
    void theTcpFieldsByName() {
        Malformed bad = new Malformed("os_tcp");
        Map<String, Long> tcp = SnmpParser.parse(
                SNMP, "Tcp", java.util.Set.of("ActiveOpens", "RetransSegs", "CurrEstab", "OutRsts", "MaxConn"), bad);
        assertThat(tcp).containsEntry("ActiveOpens", 12531L).containsEntry("RetransSegs", 38L);
        assertThat(tcp).containsEntry("CurrEstab", 0L).containsEntry("OutRsts", 102L);
        assertThat(tcp).containsEntry("MaxConn", -1L);
        assertThat(bad.count())
                .as("MaxConn's -1 is no counter: asked for here, so counted")
                .isEqualTo(1);
        assertThat(SnmpParser.parse(SNMP, "Tcp", java.util.Set.of("ActiveOpens"), bad))
                .containsOnlyKeys("ActiveOpens");
    }

    @Test
    void aMalformedValueIsMissingAndCountedAndAnAbsentProtocolIsEmpty() {
        Malformed bad = new Malformed("os_tcp");
        Map<String, Long> tcp = SnmpParser.parse(
                "Tcp: ActiveOpens PassiveOpens\nTcp: 12x 4\n",
                "Tcp",
                java.util.Set.of("ActiveOpens", "PassiveOpens"),
                bad);
        assertThat(tcp).containsEntry("ActiveOpens", -1L).containsEntry("PassiveOpens", 4L);
        assertThat(bad.count()).isEqualTo(1);
        assertThat(SnmpParser.parse("Udp: A\nUdp: 1\n", "Tcp", java.util.Set.of("A"), bad))
                .isEmpty();
    }
}
