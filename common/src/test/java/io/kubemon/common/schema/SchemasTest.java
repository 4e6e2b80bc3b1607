package io.kubemon.common.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchemasTest {

    @Test
    void headerStartsWithTheRowPrefixThenTheTableColumnsInOrder() {
        String[] header = OsTables.OS_DISK.header();
        assertThat(header)
                .startsWith("timestamp", "interval_ms", "node", "agent_id", "seq", "device", "reads_completed");
        assertThat(header)
                .hasSize(Table.ROW_PREFIX.size() + OsTables.OS_DISK.columns().size());
    }

    @Test
    void headersAreStableAcrossCalls() {
        assertThat(OsTables.OS.header()).containsExactly(OsTables.OS.header());
    }

    @Test
    void tableNamesAndFileSuffixesAreUniquePerMonitor() {
        Set<String> names = new HashSet<>();
        Set<String> files = new HashSet<>();
        for (Table t : Schemas.ALL) {
            assertThat(names.add(t.name())).as(t.name()).isTrue();
            assertThat(files.add(t.monitor() + "/" + t.fileSuffix()))
                    .as(t.name())
                    .isTrue();
        }
    }

    @Test
    void osTableHasEveryCpuModeAndPressureColumn() {
        Set<String> cols = OsTables.OS.index().keySet();
        for (String mode : OsTables.CPU_MODES) {
            assertThat(cols).contains("cpu_" + mode + "_seconds");
        }
        assertThat(cols)
                .contains(
                        "psi_memory_full_avg10_ratio",
                        "psi_io_some_seconds",
                        "vmstat_pgmajfault",
                        "vmstat_oom_kill",
                        "memory_available_bytes",
                        "swap_free_bytes");
    }

    @Test
    void duplicateColumnsAreRejected() {
        assertThatThrownBy(() ->
                        new Table("x", "os", ".x", 1, "x", List.of(Column.label("a", "a"), Column.label("a", "b"))))
                .hasMessageContaining("duplicate column a");
        assertThatThrownBy(() -> new Table("x", "os", ".x", 1, "x", List.of(Column.label("node", "n"))))
                .hasMessageContaining("duplicate column node");
    }

    @Test
    void columnNamesMustBeSnakeCase() {
        assertThatThrownBy(() -> Column.label("CamelCase", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
