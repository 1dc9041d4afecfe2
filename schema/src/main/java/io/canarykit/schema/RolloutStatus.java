package io.canarykit.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Where the automatic rollout stands, as every decision carries it under {@code rollout} while a
 * rollout exists (absent while idle). The same on every symbol's decision.
 *
 * @param state running, paused, aborted or completed
 * @param step the current step's index in the plan, from 0
 * @param steps how many steps the plan has
 * @param share the share the rollout commands now (0 once aborted)
 * @param shadow whether the current step is a shadow step (paper orders only)
 * @param since when the current step began, on the job's clock
 * @param nextStepDue when the current step's hold ends, while running; else null
 * @param reason why it last changed state, in words
 * @param checks the last analysis's answers, empty before the first
 * @param analysedAt when the last analysis ran, or null before the first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutStatus(
        @JsonProperty("state") RolloutState state,
        @JsonProperty("step") int step,
        @JsonProperty("steps") int steps,
        @JsonProperty("share") double share,
        @JsonProperty("shadow") boolean shadow,
        @JsonProperty("since") long since,
        @JsonProperty("next_step_due") Long nextStepDue,
        @JsonProperty("reason") String reason,
        @JsonProperty("checks") List<RolloutCheck> checks,
        @JsonProperty("analysed_at") Long analysedAt) {

    public RolloutStatus {
        if (state == null) {
            throw new IllegalArgumentException("state must not be null");
        }
        checks = checks == null ? List.of() : List.copyOf(checks);
    }
}
