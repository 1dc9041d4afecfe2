package io.canarykit.operators.gate;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SignalsRecordsTest {

    @Test
    void refusesNonFiniteSymbolSignalsByName() {
        assertThatThrownBy(() -> Healthy.symbol().psi(Double.NaN).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("psi");
        assertThatThrownBy(() -> Healthy.symbol().dataStaleSeconds(Double.POSITIVE_INFINITY).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dataStaleSeconds");
        assertThatThrownBy(() -> Healthy.symbol().slo(null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slo");
    }

    @Test
    void refusesNegativeSampleCountsByName() {
        assertThatThrownBy(() -> new SloSignals(100.0, -1, 0.0, 20, 0.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("acked");
        assertThatThrownBy(() -> new SloSignals(100.0, 20, Double.NaN, 20, 0.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("errorRate");
    }

    @Test
    void refusesInvalidAccountFiguresByName() {
        assertThatThrownBy(() -> new AccountSignals(Double.NaN, 0, 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("budgetLeft");
        assertThatThrownBy(() -> new AccountSignals(1, 0, -1, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("openPositions");
    }
}
