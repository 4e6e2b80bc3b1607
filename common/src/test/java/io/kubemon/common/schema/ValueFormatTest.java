package io.kubemon.common.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ValueFormatTest {

    @Test
    void missingAndNonFiniteValuesAreEmptyCells() {
        assertThat(ValueFormat.cell(null)).isEmpty();
        assertThat(ValueFormat.cell(Double.NaN)).isEmpty();
        assertThat(ValueFormat.cell(Double.POSITIVE_INFINITY)).isEmpty();
        assertThat(ValueFormat.cell(Double.NEGATIVE_INFINITY)).isEmpty();
    }

    @Test
    void integralNumbersHaveNoFractionOrExponent() {
        assertThat(ValueFormat.cell(12L)).isEqualTo("12");
        assertThat(ValueFormat.cell(3.0)).isEqualTo("3");
        assertThat(ValueFormat.cell(1.6e10)).isEqualTo("16000000000");
        assertThat(ValueFormat.cell(new BigDecimal("2.500"))).isEqualTo("2.5");
    }

    @Test
    void fractionsKeepTheirDigitsWithoutExponent() {
        assertThat(ValueFormat.cell(0.53)).isEqualTo("0.53");
        assertThat(ValueFormat.cell(1.5e-7)).isEqualTo("0.00000015");
        assertThat(ValueFormat.cell(12345678.25)).isEqualTo("12345678.25");
    }

    @Test
    void decimalLiteralsRenderAsTheirBigDecimalDoesWhetherOrNotTheFastPathTakesThem() {
        // Already canonical (kept as is) and not (trailing zeros, exponents: through BigDecimal).
        for (String literal : java.util.List.of(
                "0.25",
                "-0.001",
                "123.456",
                "0.0000001",
                "2.50",
                "1.0",
                "10.00",
                "-0.0",
                "1e5",
                "1.5E-7",
                "2.5e+3",
                "-3.10",
                "0.1",
                "100.5",
                "9007199254740993.5")) {
            assertThat(ValueFormat.decimal(literal))
                    .as(literal)
                    .isEqualTo(ValueFormat.cell(new java.math.BigDecimal(literal)));
        }
        assertThat(ValueFormat.decimal("2.50")).isEqualTo("2.5");
        assertThat(ValueFormat.decimal("1e5")).isEqualTo("100000");
    }

    @Test
    void textIsPassedThrough() {
        assertThat(ValueFormat.cell("vda")).isEqualTo("vda");
    }
}
