package io.kubemon.report;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.util.Collection;
import java.util.List;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The data a report embeds for its script, as records written by Jackson: the header (the runs,
 * their events and warnings) and one element per section. Only the number arrays are raw JSON:
 * {@link Numbers} writes them to four significant digits, which is most of a large report's bytes.
 */
final class ReportJson {
    private ReportJson() {}

    /**
     * Writes JSON that is safe inside a script element: '&lt;', '&gt;' and '&amp;' escaped (no
     * {@code </script} can end it early), and U+2028/U+2029, which end a line in older JavaScript.
     */
    static final JsonMapper MAPPER = JsonMapper.builder(
                    JsonFactory.builder().characterEscapes(new ScriptSafe()).build())
            .build();

    /** {@code comparison}: compare's answer where the report was made with --vs, else null (left out). */
    record Data(
            String generatedAt,
            List<Run> runs,
            List<String> warnings,

            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            io.kubemon.report.compare.Comparison.Shown comparison) {}

    record Run(
            String id,
            String label,
            long startMs,
            long intervalMs,
            long bucketMs,
            boolean minMax,
            int ticks,
            long rows,
            long unplaced,
            @JsonRawValue String offset,
            String align,
            List<Event> events,
            JsonNode meta,
            @JsonRawValue String x) {}

    record Event(
            @JsonRawValue String t,
            String at,
            String node,
            String kind,
            String subject,
            String detail,
            String source,
            String target) {}

    record Section(
            String kind,
            String key,
            String title,
            String group,
            String subtitle,
            List<Chart> charts,
            List<String> noData) {}

    record Chart(String id, String title, String unit, Collection<String> empty, List<Series> series) {}

    record Series(
            String label,
            int run,
            String style,
            @JsonRawValue String data) {}

    /** One number as the report writes it (see {@link Numbers}). */
    static String number(double v) {
        StringBuilder b = new StringBuilder(12);
        Numbers.append(b, v);
        return b.toString();
    }

    /** An array of numbers as the report writes them. */
    static String numbers(double[] values) {
        StringBuilder b = new StringBuilder(values.length * 6 + 2).append('[');
        for (int k = 0; k < values.length; k++) {
            if (k > 0) {
                b.append(',');
            }
            Numbers.append(b, values[k]);
        }
        return b.append(']').toString();
    }

    private static final class ScriptSafe extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        ScriptSafe() {
            ascii['<'] = ESCAPE_STANDARD;
            ascii['>'] = ESCAPE_STANDARD;
            ascii['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == 0x2028 ? LS : ch == 0x2029 ? PS : null;
        }

        private static final SerializedString LS = new SerializedString("\\u2028");
        private static final SerializedString PS = new SerializedString("\\u2029");
    }
}
