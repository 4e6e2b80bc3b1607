package io.kubemon.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node or a container of one run, with its charts. The key matches the same node or container
 * across runs when several are compared.
 *
 * @param group heading the section is listed under: "nodes", or a container's namespace/pod
 */
record Section(String kind, String key, String title, String group, String subtitle, Map<String, Chart> charts) {

    /** The report's order: nodes first, then containers by group (pod) and title. */
    static final java.util.Comparator<Section> ORDER = java.util.Comparator.comparing(
                    (Section s) -> s.kind().equals("node") ? 0 : 1)
            .thenComparing(Section::group)
            .thenComparing(Section::title);

    Section(String kind, String key, String title, String group, String subtitle) {
        this(kind, key, title, group, subtitle, new LinkedHashMap<>());
    }

    Chart chart(String id, String title, String unit, int buckets) {
        return charts.computeIfAbsent(id, i -> new Chart(id, title, unit, buckets));
    }
}
