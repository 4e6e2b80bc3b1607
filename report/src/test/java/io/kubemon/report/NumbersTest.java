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
}
