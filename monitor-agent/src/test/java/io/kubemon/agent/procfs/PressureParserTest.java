package io.kubemon.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Pressure (PSI) files on strings, with and without their full line. */
class PressureParserTest {
    /** Counts the fields the parser found malformed. */
    private final Malformed bad = new Malformed("test");

    @Test
    void pressureWithAndWithoutFullLine() {
        Psi psi = PressureParser.parse("""
                some avg10=1.50 avg60=0.25 avg300=0.00 total=123456
                full avg10=0.10 avg60=0.00 avg300=0.00 total=789
                """, bad);
        assertThat(psi.some()).isEqualTo(new Psi.Line(1.5, 0.25, 0.0, 123456));
        assertThat(psi.full().totalMicros()).isEqualTo(789);
        assertThat(PressureParser.parse("some avg10=0.00 avg60=0.00 avg300=0.00 total=1\n", bad)
                        .full())
                .isNull();
    }
}
