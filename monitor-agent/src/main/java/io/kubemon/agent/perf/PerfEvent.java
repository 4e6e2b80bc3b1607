package io.kubemon.agent.perf;

import java.util.Locale;

/**
 * The events the container_perf table counts: each a column, its perf type and config
 * (linux/perf_event.h), and the name {@code kubemon.agent.perf.events} lists it by (perf's own).
 */
enum PerfEvent {
    TASK_CLOCK("task-clock", "task_clock_seconds", PerfCalls.TYPE_SOFTWARE, 1),
    CONTEXT_SWITCHES("context-switches", "context_switches", PerfCalls.TYPE_SOFTWARE, 3),
    CPU_MIGRATIONS("cpu-migrations", "cpu_migrations", PerfCalls.TYPE_SOFTWARE, 4),
    PAGE_FAULTS("page-faults", "page_faults", PerfCalls.TYPE_SOFTWARE, 2),
    CYCLES("cycles", "cycles", PerfCalls.TYPE_HARDWARE, 0),
    INSTRUCTIONS("instructions", "instructions", PerfCalls.TYPE_HARDWARE, 1),
    CACHE_REFERENCES("cache-references", "cache_references", PerfCalls.TYPE_HARDWARE, 2),
    CACHE_MISSES("cache-misses", "cache_misses", PerfCalls.TYPE_HARDWARE, 3),
    BRANCH_MISSES("branch-misses", "branch_misses", PerfCalls.TYPE_HARDWARE, 5);

    final String perfName;
    final String column;
    final int type;
    final long config;

    PerfEvent(String perfName, String column, int type, long config) {
        this.perfName = perfName;
        this.column = column;
        this.type = type;
        this.config = config;
    }

    boolean hardware() {
        return type == PerfCalls.TYPE_HARDWARE;
    }

    /** The event perf names {@code name} ("cycles", "task-clock"). */
    static PerfEvent of(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (PerfEvent e : values()) {
            if (e.perfName.equals(n) || e.column.equals(n)) {
                return e;
            }
        }
        throw new IllegalArgumentException("kubemon.agent.perf.events: unknown event '" + name + "'; known: "
                + java.util.Arrays.stream(values()).map(e -> e.perfName).toList());
    }
}
