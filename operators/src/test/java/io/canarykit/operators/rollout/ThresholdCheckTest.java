package io.canarykit.operators.rollout;

import io.canarykit.schema.RolloutCheck;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.schema.CheckVerdict;
import org.junit.jupiter.api.Test;

class ThresholdCheckTest {

    @Test
    void anSloCheckFailsAtItsThresholdAsTheGateDoes() {
        assertThat(ThresholdCheck.failsAtOrAbove("error_rate", 0.01, 0.01, 40, 20).verdict()).isEqualTo(CheckVerdict.FAIL);
        assertThat(ThresholdCheck.failsAtOrAbove("error_rate", 0.0099, 0.01, 40, 20).verdict())
                .isEqualTo(CheckVerdict.PASS);
    }

    @Test
    void theDriftCheckFailsOnlyAboveItsThreshold() {
        assertThat(ThresholdCheck.failsAbove("psi", 0.3, 0.3, 100, 100).verdict()).isEqualTo(CheckVerdict.PASS);
        assertThat(ThresholdCheck.failsAbove("psi", 0.31, 0.3, 100, 100).verdict()).isEqualTo(CheckVerdict.FAIL);
    }

    @Test
    void noFigureOrTooFewSamplesIsInconclusiveNeverAPass() {
        RolloutCheck none = ThresholdCheck.failsAbove("psi", null, 0.3, 0, 100);
        assertThat(none.verdict()).isEqualTo(CheckVerdict.INCONCLUSIVE);
        assertThat(none.detail()).isEqualTo("no figure yet");
        RolloutCheck few = ThresholdCheck.failsAtOrAbove("p95_place_ms", 10.0, 300, 19, 20);
        assertThat(few.verdict()).isEqualTo(CheckVerdict.INCONCLUSIVE);
        assertThat(few.detail()).isEqualTo("too few samples: 19, 20 needed");
    }

    @Test
    void theImbalanceCheckHoldsTheShareOfTradesNearTheStepsShare() {
        // Step share 0.10, tolerance 0.05: 0.14 is 0.04 away, 0.16 is 0.06 away.
        assertThat(ThresholdCheck.within("canary_imbalance", 0.14, 0.10, 0.05, 50, 20).verdict())
                .isEqualTo(CheckVerdict.PASS);
        RolloutCheck off = ThresholdCheck.within("canary_imbalance", 0.16, 0.10, 0.05, 50, 20);
        assertThat(off.verdict()).isEqualTo(CheckVerdict.FAIL);
        assertThat(off.detail()).isEqualTo("0.1600 is 0.0600 from 0.1000, tolerance 0.0500");
    }
}
