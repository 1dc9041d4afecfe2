package io.canarykit.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FeatureBinsTest {

    @Test
    void binsTheContractAcceptsCanBeCounted() {
        FeatureBins quarters = new FeatureBins(new double[] {0.1, 0.2, 0.5}, new double[] {0.25, 0.25, 0.25, 0.25});

        assertThat(quarters.flaw()).isEmpty();
        assertThat(quarters.countingFlaw()).isEmpty();
    }

    @Test
    void equalEdgesCanBeCountedButTheContractRefusesThem() {
        FeatureBins emptyMiddle = new FeatureBins(new double[] {0.1, 0.1}, new double[] {0.5, 0.0, 0.5});

        assertThat(emptyMiddle.flaw())
                .hasValue("edges must be strictly ascending, but edges[1] = 0.1 follows 0.1");
        assertThat(emptyMiddle.countingFlaw()).isEmpty();
    }

    @Test
    void sharesNotSummingToOneCanBeCountedButTheContractRefusesThem() {
        FeatureBins shortOfOne = new FeatureBins(new double[] {0.0}, new double[] {0.5, 0.25});

        assertThat(shortOfOne.flaw()).hasValue("expected must sum to 1 within 1.0E-6, sums to 0.75");
        assertThat(shortOfOne.countingFlaw()).isEmpty();
    }

    @Test
    void descendingEdgesCannotBeCounted() {
        FeatureBins descending = new FeatureBins(new double[] {0.5, 0.2}, new double[] {0.3, 0.3, 0.4});

        assertThat(descending.countingFlaw()).hasValue("edges must be ascending, but edges[1] = 0.2 follows 0.5");
        assertThat(descending.flaw()).hasValue("edges must be strictly ascending, but edges[1] = 0.2 follows 0.5");
    }
}
