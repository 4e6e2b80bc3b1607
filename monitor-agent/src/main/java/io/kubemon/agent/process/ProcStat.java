package io.kubemon.agent.process;

/** What the process table needs from /proc/&lt;pid&gt;/stat (proc(5) field numbers in comments). */
public record ProcStat(
        String comm,
        char state,
        int ppid,
        long minflt,
        long majflt,
        long utime,
        long stime,
        long threads,
        long startTime,
        long processor) {}
