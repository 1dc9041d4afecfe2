package io.canarykit.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.schema.RolloutPlan;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RolloutPlanDecoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double CAP = 0.25;

    @Test
    void readsTheContractsExamplePlanWithTheDefaultAnalysis() throws Exception {
        RolloutPlan plan = decode("""
                {"steps": [{"share": 0.05, "hold_ms": 28800000}, {"share": 0.10, "hold_ms": 57600000},
                           {"share": 0.20, "hold_ms": 86400000}]}""").value();
        assertThat(plan).isEqualTo(RolloutPlan.runbook(RolloutPlan.Analysis.DEFAULT));
    }

    @Test
    void aShadowStepOfShareZeroMayOpenThePlanAndAnalysisSettingsOverrideTheDefaults() throws Exception {
        RolloutPlan plan = decode("""
                {"steps": [{"share": 0, "hold_ms": 60000, "shadow": true}, {"share": 0.05, "hold_ms": 60000}],
                 "analysis": {"interval_ms": 5000, "failure_limit": 3, "slippage_margin_bps": 1.5, "alpha": 0.01}}""")
                .value();
        assertThat(plan.steps()).containsExactly(new RolloutPlan.Step(0, 60_000, true), new RolloutPlan.Step(0.05, 60_000, false));
        assertThat(plan.analysis()).isEqualTo(new RolloutPlan.Analysis(5_000, 3, 1.5, 2.0, 0.01, 30, 0.05));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not an object            | []                                                              | record must be a JSON object
            no steps                 | {}                                                              | field 'steps' is required
            steps not an array       | {"steps": 1}                                                    | field 'steps' must be an array of steps
            no step                  | {"steps": []}                                                   | field 'steps' must name at least one step
            a step not an object     | {"steps": [1]}                                                  | field 'steps[0]' must be an object
            no share                 | {"steps": [{"hold_ms": 1}]}                                     | field 'steps[0].share' is required
            share as text            | {"steps": [{"share": "0.05", "hold_ms": 1}]}                    | field 'steps[0].share'
            negative share           | {"steps": [{"share": -0.05, "hold_ms": 1}]}                     | field 'steps[0].share'
            share above the cap      | {"steps": [{"share": 0.3, "hold_ms": 1}]}                       | field 'steps[0].share' must be at most CANARY_NOTIONAL_CAP 0.25, got 0.3
            zero share               | {"steps": [{"share": 0, "hold_ms": 1}]}                         | field 'steps[0].share' must be above 0 unless the step is a shadow step
            shadow with a share      | {"steps": [{"share": 0.05, "hold_ms": 1, "shadow": true}]}      | field 'steps[0].share' must be 0 on a shadow step
            shadow not first         | {"steps": [{"share": 0.05, "hold_ms": 1}, {"share": 0, "hold_ms": 1, "shadow": true}]} | field 'steps[1].shadow' only the first step may be a shadow step
            shadow not a boolean     | {"steps": [{"share": 0, "hold_ms": 1, "shadow": "yes"}]}        | field 'steps[0].shadow' must be a boolean
            falling shares           | {"steps": [{"share": 0.1, "hold_ms": 1}, {"share": 0.05, "hold_ms": 1}]} | field 'steps[1].share' must rise from the step before (0.1), got 0.05
            equal shares             | {"steps": [{"share": 0.1, "hold_ms": 1}, {"share": 0.1, "hold_ms": 1}]}  | field 'steps[1].share' must rise
            no hold                  | {"steps": [{"share": 0.05}]}                                    | field 'steps[0].hold_ms' is required
            zero hold                | {"steps": [{"share": 0.05, "hold_ms": 0}]}                      | field 'steps[0].hold_ms' must be above 0, got 0
            fractional hold          | {"steps": [{"share": 0.05, "hold_ms": 1.5}]}                    | field 'steps[0].hold_ms' must be a whole number
            analysis not an object   | {"steps": [{"share": 0.05, "hold_ms": 1}], "analysis": 2}       | field 'analysis' must be an object
            interval too short       | {"steps": [{"share": 0.05, "hold_ms": 1}], "analysis": {"interval_ms": 999}}    | field 'analysis.interval_ms' must be at least 1000, got 999
            failure limit zero       | {"steps": [{"share": 0.05, "hold_ms": 1}], "analysis": {"failure_limit": 0}}    | field 'analysis.failure_limit' must be in [1, 100], got 0
            alpha zero               | {"steps": [{"share": 0.05, "hold_ms": 1}], "analysis": {"alpha": 0}}            | field 'analysis.alpha' must be in (0, 0.5], got 0.0
            alpha too high           | {"steps": [{"share": 0.05, "hold_ms": 1}], "analysis": {"alpha": 0.6}}          | field 'analysis.alpha' must be in (0, 0.5], got 0.6
            negative margin          | {"steps": [{"share": 0.05, "hold_ms": 1}], "analysis": {"slippage_margin_bps": -1}} | field 'analysis.slippage_margin_bps'
            min fills one           | {"steps": [{"share": 0.05, "hold_ms": 1}], "analysis": {"min_fills": 1}}        | field 'analysis.min_fills' must be in [2, 100000], got 1
            tolerance one            | {"steps": [{"share": 0.05, "hold_ms": 1}], "analysis": {"imbalance_tolerance": 1}} | field 'analysis.imbalance_tolerance' must be in (0, 1), got 1.0
            """)
    void aBadPlanIsRefusedNamingTheField(String why, String json, String message) throws Exception {
        Decoded<RolloutPlan> decoded = decode(json);
        assertThat(decoded).as(why).isInstanceOf(Decoded.Rejected.class);
        assertThat(((Decoded.Rejected<RolloutPlan>) decoded).detail()).as(why).contains(message);
    }

    @Test
    void moreThanTwentyStepsAreRefused() throws Exception {
        StringBuilder steps = new StringBuilder();
        for (int i = 1; i <= 21; i++) {
            steps.append(i > 1 ? "," : "").append("{\"share\": ").append(i / 100.0).append(", \"hold_ms\": 1}");
        }
        Decoded<RolloutPlan> decoded = decode("{\"steps\": [" + steps + "]}");
        assertThat(((Decoded.Rejected<RolloutPlan>) decoded).detail()).contains("may name at most 20 steps, got 21");
    }

    @Test
    void theRunbookPlanStepsUpAtEightAndTwentyFourHours() {
        List<RolloutPlan.Step> steps = RolloutPlan.runbook(RolloutPlan.Analysis.DEFAULT).steps();
        assertThat(steps).extracting(RolloutPlan.Step::share).containsExactly(0.05, 0.10, 0.20);
        assertThat(steps.get(0).holdMs()).isEqualTo(8 * 3_600_000L);
        assertThat(steps.get(0).holdMs() + steps.get(1).holdMs()).isEqualTo(24 * 3_600_000L);
    }

    private static Decoded<RolloutPlan> decode(String json) throws Exception {
        JsonNode node = JSON.readTree(json);
        return RolloutPlanDecoder.decode(node, RolloutPlan.Analysis.DEFAULT, CAP);
    }
}
