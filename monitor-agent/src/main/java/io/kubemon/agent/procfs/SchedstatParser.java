package io.kubemon.agent.procfs;

/**
 * /proc/&lt;pid&gt;/schedstat (Documentation/scheduler/sched-stats.rst): time on a CPU (ns), time
 * runnable but waiting for one (ns), timeslices run. The process table reads it per process, the
 * container table sums it over a container's processes.
 */
public final class SchedstatParser {
    public static final int RUN_NS = 0;
    public static final int WAIT_NS = 1;
    public static final int TIMESLICES = 2;

    private SchedstatParser() {}

    /** The three fields; -1 each where a field is missing or malformed (counted in {@code bad}). */
    public static long[] parse(String text, Malformed bad) {
        long[] out = {-1, -1, -1};
        String[] f = Fields.split(text);
        for (int k = 0; k < 3 && k < f.length; k++) {
            out[k] = Fields.number(f[k], bad);
        }
        return out;
    }
}
