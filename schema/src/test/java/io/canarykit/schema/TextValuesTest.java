package io.canarykit.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TextValuesTest {

    @ParameterizedTest
    @CsvSource({"0.25, 0.25", "-3, -3.0", "+7, 7.0", "1e-4, 0.0001", ".5, 0.5", "5., 5.0", "2E3, 2000.0"})
    void aPlainDecimalReadsAsItsValue(String text, double value) {
        assertThat(TextValues.decimal(text)).contains(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 1", "1 ", "NaN", "Infinity", "1e999", "5d", "5f", "0x10", "0x1p3", "1,5", "--1", "e5", "."})
    void anythingElseIsNoDecimal(String text) {
        assertThat(TextValues.decimal(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "1e3", "", "9223372036854775808", "0x10", " 4"})
    void onlyDigitsThatFitALongAreAnInteger(String text) {
        assertThat(TextValues.integer(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"42, 42", "-7, -7", "+0, 0", "9223372036854775807, 9223372036854775807"})
    void digitsReadAsTheirInteger(String text, long value) {
        assertThat(TextValues.integer(text)).contains(value);
    }

    @ParameterizedTest
    @CsvSource({"true, true", "TRUE, true", "False, false"})
    void trueAndFalseInAnyCase(String text, boolean value) {
        assertThat(TextValues.trueOrFalse(text)).contains(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "1", "0", "no", "", " true", "t"})
    void nothingElseIsTrueOrFalse(String text) {
        assertThat(TextValues.trueOrFalse(text)).isEmpty();
    }
}
