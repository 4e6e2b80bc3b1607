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
    void textIsPassedThrough() {
        assertThat(ValueFormat.cell("vda")).isEqualTo("vda");
    }
}
