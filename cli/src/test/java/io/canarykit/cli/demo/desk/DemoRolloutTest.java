package io.canarykit.cli.demo.desk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.cli.demo.Demo;
import io.canarykit.config.KitConfig;
import io.canarykit.schema.RolloutPlan;
import io.canarykit.schema.codec.Decoded;
import io.canarykit.schema.codec.JsonCodec;
import io.canarykit.schema.codec.RolloutPlanDecoder;
import org.junit.jupiter.api.Test;

class DemoRolloutTest {

    @Test
    void thePlanIsAShadowStepThenFiveTenAndTwentyPercentEachHeldAMinute() throws Exception {
        // What the sidecar reads: the plan as JSON, checked against the default analysis and the cap.
        Decoded<RolloutPlan> read = RolloutPlanDecoder.decode(new ObjectMapper().readTree(JsonCodec.encode(DemoRollout.plan())),
                RolloutPlan.Analysis.DEFAULT, KitConfig.defaults().canaryNotionalCap());
        assertThat(read.isAccepted()).as("%s", read).isTrue();
        RolloutPlan plan = read.value();
        assertThat(plan.steps()).extracting(RolloutPlan.Step::shadow).containsExactly(true, false, false, false);
        assertThat(plan.steps()).extracting(RolloutPlan.Step::share).containsExactly(0.0, 0.05, 0.10, 0.20);
        assertThat(plan.steps()).extracting(RolloutPlan.Step::holdMs).containsOnly(60_000L);
        assertThat(plan.analysis().intervalMs()).isEqualTo(10_000);
        assertThat(plan.analysis().minFills()).isEqualTo(5);
        assertThat(plan.analysis().failureLimit()).isEqualTo(2);
    }

    @Test
    void minFillsIsWithinWhatTheRolloutStoryFillsInAFivePercentStep() {
        // 0.15 orders a second per symbol, 6 times as often, 3 symbols, 60 s, 5 % to the challenger: 8.1.
        double challengerOrders = DeskSimulator.ORDERS_PER_SYMBOL_PER_SECOND * Scenarios.ROLLOUT_ORDER_RATE * 3 * 60 * 0.05;
        assertThat(challengerOrders).isCloseTo(8.1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat((double) DemoRollout.plan().analysis().minFills()).isLessThanOrEqualTo(challengerOrders);
        assertThat(Long.parseLong(Scenarios.ROLLOUT_SLO_MIN_SAMPLES)).isLessThanOrEqualTo((long) challengerOrders);
    }

    @Test
    void readsTheSidecarsAnswer() {
        RolloutPlan plan = DemoRollout.plan();
        DemoRollout.Answer ok = DemoRollout.answer(200, "{\"steps\":[]}", plan);
        assertThat(ok.accepted()).isTrue();
        assertThat(ok.says()).startsWith("the rollout started: a shadow step").contains("5 % for 60 s")
                .contains("analysed every 10 s");

        DemoRollout.Answer refused = DemoRollout.answer(409,
                "{\"error\":\"rollout_running\",\"message\":\"a rollout is already running\"}", plan);
        assertThat(refused.accepted()).isFalse();
        assertThat(refused.says()).isEqualTo("the sidecar refused the rollout (409): rollout_running: a rollout is already running");

        assertThat(DemoRollout.answer(401, "{\"error\":\"unauthorized\"}", plan).says()).endsWith("(401): unauthorized");
        assertThat(DemoRollout.answer(502, "Bad Gateway", plan).says()).endsWith("(502): Bad Gateway");
        assertThat(DemoRollout.answer(500, "", plan).says()).endsWith("(500): no reason given");
    }
}
