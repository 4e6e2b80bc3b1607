package io.kubemon.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NumbersTest {
    private static String fmt(double v) {
        StringBuilder b = new StringBuilder();
        Numbers.append(b, v);
        return b.toString();
    }

    @Test
    void fourSignificantDigitsAndNullForMissing() {
        assertThat(fmt(Double.NaN)).isEqualTo("null");
        assertThat(fmt(0)).isEqualTo("0");
        assertThat(fmt(3)).isEqualTo("3");
        assertThat(fmt(0.123456)).isEqualTo("0.1235");
        assertThat(fmt(-2.5)).isEqualTo("-2.5");
        assertThat(fmt(123456789)).isEqualTo("123500000");
        assertThat(fmt(1.0e-5)).isEqualTo("0.00001");
        assertThat(fmt(25276026880.0)).isEqualTo("25280000000");
    }

    /** Whatever the magnitude, the text is valid JSON number syntax and within 4 significant digits. */
    @Test
    void anyValueParsesBackWithinItsPrecision() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            double v = (r.nextBoolean() ? 1 : -1) * Math.pow(10, r.nextDouble(-8, 14)) * r.nextDouble();
            String s = fmt(v);
            assertThat(s).matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
            double back = Double.parseDouble(s);
            if (Math.abs(v) >= 1e-9) {
                assertThat(back).as(s + " for " + v).isCloseTo(v, within(Math.abs(v) * 6e-4));
            }
        }
    }

    /** The hand-read fast paths give what the JDK's parsers give. */
    @Test
    void theFastReadersAgreeWithTheJdk() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 100_000; i++) {
            String s = switch (i % 4) {
                case 0 -> Long.toString(r.nextLong(-1L << 40, 1L << 40));
                case 1 -> Double.toString(Math.round(r.nextDouble() * 1e6) / 1e6);
                case 2 -> String.format(java.util.Locale.ROOT, "%.3f", r.nextDouble(-1e6, 1e6));
                default -> Double.toString(r.nextDouble() * Math.pow(10, r.nextInt(-12, 12)));
            };
            double fast = CsvRow.fastNumber(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, s.length());
            if (!Double.isNaN(fast)) {
                assertThat(fast).as(s).isEqualTo(Double.parseDouble(s));
            }
            long ms = r.nextLong(-2_000_000_000_000L, 4_000_000_000_000L);
            String ts = io.kubemon.common.schema.RowFormat.timestamp(ms);
            if (ts.length() == 24) {
                assertThat(CsvRow.fastTimestamp(ts.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 24))
                        .as(ts)
                        .isEqualTo(ms);
            }
        }
        assertThat(CsvRow.fastNumber("1e5".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 3))
                .isNaN();
        assertThat(CsvRow.fastTimestamp(
                        "2026-01-01T00:00:00Z".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 20))
                .isEqualTo(Long.MIN_VALUE);
    }
}
