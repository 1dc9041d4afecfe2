package io.canarykit.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FlinkRestTest {

    @Test
    void aFreshStartSendsTheFlagsAndTheParallelismOnly() {
        assertThat(FlinkRest.runRequest(List.of("--champion", "m1"), null, 2, false).toString())
                .isEqualTo("{\"programArgsList\":[\"--champion\",\"m1\"],\"parallelism\":2}");
    }

    @Test
    void aStartFromASavepointClaimsItAndRefusesUnclaimedStateUnlessAllowed() {
        assertThat(FlinkRest.runRequest(List.of(), "file:///s/savepoint-1", null, false).toString())
                .isEqualTo("{\"programArgsList\":[],\"savepointPath\":\"file:///s/savepoint-1\",\"claimMode\":\"CLAIM\","
                        + "\"allowNonRestoredState\":false}");
        assertThat(FlinkRest.runRequest(List.of(), "file:///s/savepoint-1", null, true).path("allowNonRestoredState")
                .asBoolean()).isTrue();
    }

    @Test
    void allowingUnclaimedStateWithoutASavepointIsAMistake() {
        assertThatThrownBy(() -> FlinkRest.runRequest(List.of(), null, 2, true))
                .hasMessageContaining("allowNonRestoredState");
    }
}
