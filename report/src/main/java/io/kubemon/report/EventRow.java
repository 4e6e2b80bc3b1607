package io.kubemon.report;

/**
 * One row of a run's events table as the report shows it: on the timeline, and as a marker on the
 * charts it concerns ({@code target}: a section's key, a group's title, or {@link #ALL}).
 *
 * @param subject what it concerns, in words: a container, a pod, or empty for a node's or the run's
 */
record EventRow(
        long timestampMs, String node, String kind, String subject, String detail, String source, String target) {
    /** The target of an event of the run itself (the collector's, a mark): every chart. */
    static final String ALL = "*";
}
