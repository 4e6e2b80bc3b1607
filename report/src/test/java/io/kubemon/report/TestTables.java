package io.kubemon.report;

import io.kubemon.common.schema.Column;
import io.kubemon.common.schema.Table;
import io.kubemon.common.schema.TableProvider;
import java.util.List;

/**
 * Tables that exist only in the report's tests (found through their services file), with no chart
 * declared: a host table with one row per CPU, and a container table.
 */
public final class TestTables implements TableProvider {
    static final Table OS_PERCPU = new Table(
            "os_test_cpu",
            "os",
            ".testcpu",
            1,
            "A host table per CPU, only in the report's tests",
            List.of(
                    Column.label("cpu", "The CPU"),
                    Column.counter("busy_seconds", "seconds", "Time busy"),
                    Column.gauge("frequency_hz", "Hz", "Current frequency")));

    static final Table CONTAINER_WAIT = new Table(
            "container_test_wait",
            "container",
            ".testwait",
            1,
            "A container table, only in the report's tests",
            List.of(
                    Column.label("container_id", "The container"),
                    Column.counter("wait_seconds", "seconds", "Waited")));

    @Override
    public List<Table> tables() {
        return List.of(OS_PERCPU, CONTAINER_WAIT);
    }
}
