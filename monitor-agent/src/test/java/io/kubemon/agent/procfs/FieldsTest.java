package io.kubemon.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one bad-field policy every parser keeps: a kernel counter or nothing (-1), counted when malformed. */
class FieldsTest {
    @Test
    void splitsOnAnyRunOfBlanksAndABlankLineHasNoFields() {
        assertThat(Fields.split("  cpu0\t 50  1 15\n")).containsExactly("cpu0", "50", "1", "15");
        assertThat(Fields.split("   ")).isEmpty();
        assertThat(Fields.split("")).isEmpty();
    }

    @Test
    void aCounterIsANonNegativeWholeNumberAndAnythingElseIsMissingAndCounted() {
        Malformed bad = new Malformed("t");
        assertThat(Fields.number("18446744073709551615", bad))
                .as("past Long.MAX_VALUE")
                .isEqualTo(-1);
        assertThat(Fields.number("9223372036854775807", bad)).isEqualTo(Long.MAX_VALUE);
        assertThat(Fields.number("max", bad)).isEqualTo(-1);
        assertThat(Fields.number("-3", bad)).isEqualTo(-1);
        assertThat(Fields.number("12x", bad)).isEqualTo(-1);
        assertThat(Fields.number("", bad)).isEqualTo(-1);
        assertThat(Fields.number("0", bad)).isZero();
        assertThat(bad.count()).isEqualTo(5);
        assertThat(Fields.number("abc 123 def", 4, 7)).as("a range of the text").isEqualTo(123);
    }

    @Test
    void theNthFieldIsAbsentWithoutBeingMalformed() {
        Malformed bad = new Malformed("t");
        assertThat(Fields.longAt("a 7 b", 1, bad)).isEqualTo(7);
        assertThat(Fields.longAt("a 7 b", 5, bad)).isEqualTo(-1);
        assertThat(bad.count()).as("a field that is not there is not a bad one").isZero();
        assertThat(Fields.longAt("a x b", 1, bad)).isEqualTo(-1);
        assertThat(bad.count()).isEqualTo(1);
    }

    @Test
    void decimalsAndScanning() {
        Malformed bad = new Malformed("t");
        assertThat(Fields.decimal("0.42", bad)).isEqualTo(0.42);
        assertThat(Fields.decimal(null, bad)).isNaN();
        assertThat(bad.count()).isZero();
        assertThat(Fields.decimal("nan", bad)).isNaN();
        assertThat(Fields.decimal("-1.0", bad)).isNaN();
        assertThat(bad.count()).isEqualTo(2);
        String s = "key: \t -42 kB";
        int at = Fields.skipBlanks(s, 4, s.length());
        assertThat(at).isEqualTo(7);
        assertThat(Fields.numberEnd(s, at, s.length())).isEqualTo(10);
    }
}
