package io.kubemon.report;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One chart of the report, declared: its title, unit, and each series as a function of one CSV
 * row. With {@code perColumn} set (a device, an interface), each distinct value of that column
 * gets its own copy of the series, named after it.
 */
record ChartDef(String id, String title, String unit, String perColumn, List<SeriesDef> series) {

    record SeriesDef(String label, Series.Style style, ToDoubleFunction<CsvRow> value) {}

    static SeriesDef line(String label, ToDoubleFunction<CsvRow> value) {
        return new SeriesDef(label, Series.Style.LINE, value);
    }

    static SeriesDef stacked(String label, ToDoubleFunction<CsvRow> value) {
        return new SeriesDef(label, Series.Style.STACKED, value);
    }

    static SeriesDef heat(String label, ToDoubleFunction<CsvRow> value) {
        return new SeriesDef(label, Series.Style.HEAT, value);
    }

    static SeriesDef limit(String label, ToDoubleFunction<CsvRow> value) {
        return new SeriesDef(label, Series.Style.LIMIT, value);
    }
}
