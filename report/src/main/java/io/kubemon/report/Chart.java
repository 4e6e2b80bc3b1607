package io.kubemon.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One chart of one run as read: its series by label, in the order they first appeared. */
final class Chart {
    final String id;
    final String title;
    final String unit;
    private final int buckets;
    final Map<String, Series> series = new LinkedHashMap<>();

    Chart(String id, String title, String unit, int buckets) {
        this.id = id;
        this.title = title;
        this.unit = unit;
        this.buckets = buckets;
    }

    Series series(String label, Series.Style style) {
        return series.computeIfAbsent(label, l -> new Series(l, style, buckets));
    }

    /** Series that got at least one value: a column a kernel lacks draws no empty line. */
    List<Series> drawn() {
        List<Series> out = new ArrayList<>();
        series.values().forEach(s -> {
            if (!s.empty()) {
                out.add(s);
            }
        });
        return out;
    }
}
