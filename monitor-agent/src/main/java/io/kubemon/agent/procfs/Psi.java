package io.kubemon.agent.procfs;

/**
 * One /proc/pressure/&lt;resource&gt; file. {@code full} is null where the kernel has no such
 * line (cpu before 5.13).
 */
public record Psi(Line some, Line full) {

    /** avg values in percent as the kernel prints them; total in microseconds. */
    public record Line(double avg10, double avg60, double avg300, long totalMicros) {}
}
