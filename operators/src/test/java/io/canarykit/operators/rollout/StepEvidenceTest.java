package io.canarykit.operators.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.canarykit.schema.ChallengerKpis;
import io.canarykit.schema.CheckVerdict;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.RolloutCheck;
import io.canarykit.schema.RolloutPlan;
import io.canarykit.schema.Side;
import io.canarykit.schema.TcaRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepEvidenceTest {

    private static final long START = 1_000_000;
    private static final RolloutPlan PLAN = new RolloutPlan(List.of(new RolloutPlan.Step(0.10, 60_000, false)),
            new RolloutPlan.Analysis(60_000, 2, 2.0, 2.0, 0.05, 2, 0.05));
    private static final RolloutPlan SHADOW = new RolloutPlan(List.of(new RolloutPlan.Step(0, 60_000, true)),
            PLAN.analysis());
    private static final long SLO_MIN = 20;

    private final StepEvidence.Stores stores = StepEvidence.Stores.onHeap();

    @Test
    void slippageWeighsEachFillOnceByNotionalPerArm() {
        StepEvidence e = StepEvidence.start(START, stores);
        // Challenger: 4 bps on 10,000 and 1 bps on 20,000 -> (40,000 + 20,000) / 30,000 = 2.0 bps.
        // Champion: 1 bps and 3 bps on 10,000 each -> 2.0 bps. Each fill's final record repeats its slippage.
        for (TcaRecord r : List.of(fill("c1", true, 4.0, 10_000), fill("c2", true, 1.0, 20_000),
                fill("p1", false, 1.0, 10_000), fill("p2", false, 3.0, 10_000))) {
            e.addTca(r);
            e.addTca(r.withMarkouts(markouts(null), true));
        }
        // Before the step: not evidence of it.
        e.addTca(tca("old", START - 1, true, false, 50.0, 10_000, null, false));
        RolloutCheck slippage = check(e.judge(PLAN, 0, SLO_MIN), RolloutComparisons.SLIPPAGE);
        assertThat(slippage.challenger()).isCloseTo(2.0, within(1e-12));
        assertThat(slippage.champion()).isCloseTo(2.0, within(1e-12));
        assertThat(slippage.samples()).isEqualTo(2);
        assertThat(slippage.championSamples()).isEqualTo(2);
        assertThat(slippage.bound()).isEqualTo(2.0);
    }

    @Test
    void theMarkoutCountsOnceWhenFirstKnownAndTheFillIsForgottenAtItsFinalRecord() {
        StepEvidence e = StepEvidence.start(START, stores);
        // Challenger: 5 s markouts -1 on 10,000 and 2 on 30,000 -> (-10,000 + 60,000) / 40,000 = 1.25 bps.
        TcaRecord c1 = fill("c1", true, 0.0, 10_000);
        TcaRecord c2 = fill("c2", true, 0.0, 30_000);
        TcaRecord p1 = fill("p1", false, 0.0, 10_000);
        TcaRecord p2 = fill("p2", false, 0.0, 10_000);
        for (TcaRecord r : List.of(c1, c2, p1, p2)) {
            e.addTca(r);
        }
        assertThat(count(stores.fills())).as("fills awaiting their final record").isEqualTo(4);
        e.addTca(c1.withMarkouts(markouts(-1.0), true));
        e.addTca(c2.withMarkouts(markouts(2.0), true));
        e.addTca(p1.withMarkouts(markouts(3.0), true));
        e.addTca(p2.withMarkouts(markouts(5.0), true));
        RolloutCheck markout = check(e.judge(PLAN, 0, SLO_MIN), RolloutComparisons.MARKOUT_5S);
        assertThat(markout.challenger()).isCloseTo(1.25, within(1e-12));
        assertThat(markout.champion()).isCloseTo(4.0, within(1e-12));
        assertThat(markout.samples()).isEqualTo(2);
        assertThat(count(stores.fills())).as("final fills leave no memory").isZero();
    }

    @Test
    void theErrorRateCountsEachEventOfAChallengerOrderOnce() {
        StepEvidence e = StepEvidence.start(START, stores);
        for (int i = 0; i < 20; i++) {
            e.addOrder(order("o" + i, OrderEventType.PLACED, true, null));
            e.addOrder(order("o" + i, OrderEventType.PLACED, true, null));
        }
        e.addOrder(order("o1", OrderEventType.REJECTED, true, null));
        e.addOrder(order("o1", OrderEventType.REJECTED, true, null));
        e.addOrder(order("o2", OrderEventType.ERROR, true, null));
        // The champion's orders are not the challenger's SLO.
        e.addOrder(order("x", OrderEventType.PLACED, false, null));
        e.addOrder(order("x", OrderEventType.ERROR, false, null));
        RolloutCheck errors = check(e.judge(PLAN, 0, SLO_MIN), StepEvidence.ERROR_RATE);
        // 2 failed of 20 placed.
        assertThat(errors.challenger()).isCloseTo(0.1, within(1e-12));
        assertThat(errors.samples()).isEqualTo(20);
        assertThat(errors.verdict()).isEqualTo(CheckVerdict.FAIL);
    }

    @Test
    void theP95IsTheExactNearestRankOfTheChallengersAcks() {
        StepEvidence e = StepEvidence.start(START, stores);
        // 1..19 ms, then 400 ms: the ceil(0.95 * 20) = 19th smallest is 19 ms.
        for (int i = 1; i <= 19; i++) {
            e.addOrder(order("o" + i, OrderEventType.ACKED, true, (double) i));
        }
        e.addOrder(order("o20", OrderEventType.ACKED, true, 400.0));
        e.addOrder(order("o20", OrderEventType.ACKED, true, 400.0));
        RolloutCheck p95 = check(e.judge(PLAN, 0, SLO_MIN), StepEvidence.P95_PLACE_MS);
        assertThat(p95.challenger()).isEqualTo(19.0);
        assertThat(p95.samples()).isEqualTo(20);
        assertThat(p95.verdict()).isEqualTo(CheckVerdict.PASS);
        // One more slow ack: 21 values, rank ceil(19.95) = 20 is 400 ms.
        e.addOrder(order("o21", OrderEventType.ACKED, true, 400.0));
        assertThat(check(e.judge(PLAN, 0, SLO_MIN), StepEvidence.P95_PLACE_MS).verdict()).isEqualTo(CheckVerdict.FAIL);
    }

    @Test
    void thePsiIsTheMaxOverSymbolsOfTheirLatestChallengerPsi() {
        StepEvidence e = StepEvidence.start(START, stores);
        assertThat(check(e.judge(PLAN, 0, SLO_MIN), StepEvidence.PSI).verdict()).isEqualTo(CheckVerdict.INCONCLUSIVE);
        e.addKpi(kpi("AAA", START + 10, 0.5));
        e.addKpi(kpi("AAA", START + 20, 0.1));
        e.addKpi(kpi("AAA", START + 15, 0.9));
        e.addKpi(kpi("BBB", START + 20, 0.25));
        RolloutCheck psi = check(e.judge(PLAN, 0, SLO_MIN), StepEvidence.PSI);
        assertThat(psi.challenger()).isEqualTo(0.25);
        assertThat(psi.samples()).isEqualTo(2);
        assertThat(psi.verdict()).isEqualTo(CheckVerdict.PASS);
        e.addKpi(kpi("BBB", START + 30, 0.31));
        assertThat(check(e.judge(PLAN, 0, SLO_MIN), StepEvidence.PSI).verdict()).isEqualTo(CheckVerdict.FAIL);
    }

    @Test
    void theImbalanceComparesLiveTradesWithTheStepsShare() {
        StepEvidence e = StepEvidence.start(START, stores);
        // Orders a, b, c (champion) and k (challenger, two fills): 1 canary trade of 4 = 0.25, 0.15 from 0.10.
        e.addTca(fill("a", false, 1.0, 10_000));
        e.addTca(fill("b", false, 1.0, 10_000));
        e.addTca(fill("c", false, 1.0, 10_000));
        e.addTca(tca("k", START + 1, true, false, 1.0, 10_000, null, false));
        e.addTca(tca("k", START + 2, true, false, 1.0, 10_000, null, false));
        // A shadow fill is no trade.
        e.addTca(tca("s", START + 3, true, true, 1.0, 10_000, null, false));
        RolloutCheck imbalance = check(e.judge(PLAN, 0, SLO_MIN), StepEvidence.CANARY_IMBALANCE);
        assertThat(imbalance.challenger()).isEqualTo(0.25);
        assertThat(imbalance.samples()).isEqualTo(4);
        assertThat(imbalance.verdict()).isEqualTo(CheckVerdict.FAIL);
        // On a shadow step the target is 0, and the shadow fill still counts as the challenger's slippage.
        RolloutCheck slippage = check(e.judge(SHADOW, 0, SLO_MIN), RolloutComparisons.SLIPPAGE);
        assertThat(slippage.samples()).isEqualTo(3);
        assertThat(check(e.judge(SHADOW, 0, SLO_MIN), StepEvidence.CANARY_IMBALANCE).champion()).isEqualTo(0.0);
    }

    @Test
    void aNewStepStartsWithNoEvidenceAndARestoreCarriesItOn() {
        StepEvidence e = StepEvidence.start(START, stores);
        e.addTca(fill("c1", true, 4.0, 10_000));
        e.addOrder(order("o1", OrderEventType.PLACED, true, null));
        e.addKpi(kpi("AAA", START, 0.1));
        StepEvidence restored = StepEvidence.restore(e.totals(), stores);
        restored.addTca(fill("c1", true, 4.0, 10_000).withMarkouts(markouts(1.0), true));
        assertThat(check(restored.judge(PLAN, 0, SLO_MIN), RolloutComparisons.SLIPPAGE).samples())
                .as("the restored memory knows the fill").isEqualTo(1);
        StepEvidence next = StepEvidence.start(START + 60_000, stores);
        List<RolloutCheck> checks = next.judge(PLAN, 0, SLO_MIN);
        assertThat(checks).extracting(RolloutCheck::name).containsExactlyElementsOf(StepEvidence.CHECKS);
        assertThat(checks).allMatch(c -> c.verdict() == CheckVerdict.INCONCLUSIVE);
        assertThat(count(stores.orders()) + count(stores.fills()) + count(stores.psi())).isZero();
    }

    private static int count(io.canarykit.operators.store.KeyValueStore<?, ?> store) {
        int[] n = {0};
        store.forEach((k, v) -> n[0]++);
        return n[0];
    }

    private static RolloutCheck check(List<RolloutCheck> checks, String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static TcaRecord fill(String orderId, boolean canary, double slippage, double notional) {
        return tca(orderId, START + 1, canary, false, slippage, notional, null, false);
    }

    private static TcaRecord tca(String orderId, long ts, boolean canary, boolean shadow, double slippage,
            double notional, Double markout5s, boolean isFinal) {
        return new TcaRecord(orderId, "AAA", ts, Side.BUY, canary ? "challenger" : "champion", canary, notional / 100,
                100.0, 100.0, notional, 0.0, slippage, null, markouts(markout5s), isFinal, shadow);
    }

    private static Map<String, Double> markouts(Double fiveSeconds) {
        Map<String, Double> m = new HashMap<>();
        m.put("1s", null);
        m.put("5s", fiveSeconds);
        m.put("60s", null);
        return m;
    }

    private static OrderEvent order(String id, OrderEventType type, boolean canary, Double placeMs) {
        return new OrderEvent(START + 5, type, id, "AAA", Side.BUY, "main", canary ? "challenger" : "champion", canary,
                1.0, 100.0, null, placeMs, null, null, null);
    }

    private static KpiRecord kpi(String symbol, long ts, double psi) {
        return new KpiRecord(symbol, ts, "champion", null, null, null, null, null, null, null, null, null, null, null,
                null, null, Map.of(), Map.of(), Map.of(), new ChallengerKpis("challenger", psi, null, null, null, 0, 0));
    }
}
