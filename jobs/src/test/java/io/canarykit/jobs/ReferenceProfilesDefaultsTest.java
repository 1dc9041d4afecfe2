package io.canarykit.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.ReferenceProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The models a job or a replay runs when its flags name none: the profiles' first and second. */
class ReferenceProfilesDefaultsTest {

    private static final FeatureBins BINS = new FeatureBins(new double[] {0.0}, new double[] {0.5, 0.5});
    private static final List<ReferenceProfile> TWO = List.of(
            new ReferenceProfile("champion_1", Map.of("x", BINS)), new ReferenceProfile("challenger_2", Map.of("x", BINS)));

    @Test
    void aNamedModelWinsAndOtherwiseTheProfilesOrderChooses() {
        assertThat(ReferenceProfiles.championOr(null, TWO)).isEqualTo("champion_1");
        assertThat(ReferenceProfiles.challengerOr(null, TWO)).isEqualTo("challenger_2");
        assertThat(ReferenceProfiles.championOr("m9", TWO)).isEqualTo("m9");
        assertThat(ReferenceProfiles.challengerOr("m8", TWO)).isEqualTo("m8");
        assertThat(ReferenceProfiles.challengerOr(null, TWO.subList(0, 1))).as("one profile: no challenger").isNull();
        assertThat(ReferenceProfiles.championOr(null, List.of())).isNull();
    }
}
