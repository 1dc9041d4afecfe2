package io.canarykit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.jobs.CheckpointAlignment;
import org.junit.jupiter.api.Test;

/** deploy/local/config.yaml, the session cluster of `kit cluster up`, runs the job as the demo does. */
class LocalClusterConfigTest {

    @Test
    void boundsHowLongACheckpointHoldsTheGatesInputs() {
        JsonNode conf = DeployTree.documents("deploy/local/config.yaml").get(0);
        CheckpointAlignment.settings().forEach((key, value) -> assertThat(conf.path(key).asText()).as(key).isEqualTo(value));
    }
}
