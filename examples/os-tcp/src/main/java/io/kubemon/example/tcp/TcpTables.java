package io.kubemon.example.tcp;

import io.kubemon.common.schema.Column;
import io.kubemon.common.schema.Table;
import io.kubemon.common.schema.TableProvider;
import java.util.List;

/** The extension's one table: a node's TCP counters, a file {@code os/<node>.tcp.csv} per node. */
public final class TcpTables implements TableProvider {
    public static final Table OS_TCP = new Table(
            "os_tcp",
            "os",
            ".tcp",
            1,
            "TCP of the node's network namespace, from /proc/net/snmp (an example extension, not built in)",
            List.of(
                    Column.counter("active_opens", "", "Connections this node opened (SYN sent)"),
                    Column.counter("passive_opens", "", "Connections this node accepted"),
                    Column.counter("attempt_fails", "", "Connection attempts that failed"),
                    Column.counter("established_resets", "", "Established connections reset"),
                    Column.gauge("established", "", "Connections established now"),
                    Column.counter("segments_received", "", "Segments received"),
                    Column.counter("segments_sent", "", "Segments sent"),
                    Column.counter("retransmitted_segments", "", "Segments sent again"),
                    Column.counter("resets_sent", "", "Segments sent with RST")));

    @Override
    public List<Table> tables() {
        return List.of(OS_TCP);
    }
}
