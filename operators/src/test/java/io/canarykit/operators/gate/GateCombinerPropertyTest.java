package io.canarykit.operators.gate;

import static io.canarykit.operators.gate.Healthy.CHALLENGER;
import static io.canarykit.operators.gate.Healthy.CHAMPION;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.schema.CanaryCut;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.Gates;
import io.canarykit.schema.Mode;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Random signals and control states, drawn mostly at and around each threshold, checked against the
 * decision's invariants and against a plain restatement of the contract with its default numbers.
 */
class GateCombinerPropertyTest {

    private static final int CASES = 5_000;
    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT");
    private static final GateLimits LIMITS = TestLimits.withSymbolSlippageSlo(GateLimits.defaults(), "BTCUSDT", 8.0);

    @Test
    void everyDecisionKeepsItsInvariantsAndFollowsTheContract() {
        Random random = new Random(20260101L);
        for (int i = 0; i < CASES; i++) {
            String symbol = SYMBOLS.get(random.nextInt(SYMBOLS.size()));
            SymbolSignals s = randomSignals(random);
            AccountSignals a = randomAccount(random);
            ControlState c = randomControl(random);

            GateVerdict v = GateCombiner.decide(symbol, s, a, c, LIMITS);

            int n = i;
            Supplier<String> why = () -> "case " + n + ": " + symbol + " " + s + " " + a + " " + c + " -> " + v;
            assertInvariants(v, c, why);
            // An EnumSet iterates in the enum's order, so this also checks the order.
            assertThat(v.reasons()).as(why).containsExactlyElementsOf(expectedReasons(symbol, s, a, c));
            assertThat(v.gates().canary()).as(why).isEqualTo(expectedCut(symbol, s, a, c));
        }
    }

    @Test
    void randomCasesReachEveryReasonModeSizeAndCut() {
        // Guards the generator: a property over cases that never trip a rule proves nothing about it.
        Random random = new Random(20260101L);
        Set<GateReason> reasons = EnumSet.noneOf(GateReason.class);
        Set<Mode> modes = EnumSet.noneOf(Mode.class);
        Set<Double> sizes = new HashSet<>();
        Set<CanaryCut> cuts = EnumSet.noneOf(CanaryCut.class);
        int routed = 0;
        for (int i = 0; i < CASES; i++) {
            String symbol = SYMBOLS.get(random.nextInt(SYMBOLS.size()));
            GateVerdict v = GateCombiner.decide(symbol, randomSignals(random), randomAccount(random),
                    randomControl(random), LIMITS);
            reasons.addAll(v.reasons());
            modes.add(v.mode());
            sizes.add(v.sizeMultiplier());
            if (v.gates().canary() != null) {
                cuts.add(v.gates().canary());
            }
            routed += v.canaryShare() > 0 ? 1 : 0;
        }
        assertThat(reasons).containsExactlyInAnyOrder(GateReason.values());
        assertThat(modes).containsExactlyInAnyOrder(Mode.values());
        assertThat(sizes).containsExactlyInAnyOrder(0.0, 0.5, 1.0);
        // rollout_aborted is the rollout's cut, laid over the combiner's decision downstream.
        assertThat(cuts).containsExactlyInAnyOrderElementsOf(EnumSet.complementOf(EnumSet.of(CanaryCut.ROLLOUT_ABORTED)));
        assertThat(routed).isPositive();
    }

    private static void assertInvariants(GateVerdict v, ControlState c, Supplier<String> why) {
        boolean blocked = v.reasons().stream().anyMatch(GateReason::blocking);
        assertThat(v.allow()).as(why).isEqualTo(!blocked);
        assertThat(v.mode() == Mode.HALTED).as(why).isEqualTo(!v.allow());
        if (v.mode() == Mode.HALTED) {
            assertThat(v.sizeMultiplier()).as(why).isEqualTo(0.0);
        }
        assertThat(v.sizeMultiplier()).as(why).isIn(0.0, 0.5, 1.0);
        assertThat(v.mode() == Mode.REDUCE_ONLY).as(why)
                .isEqualTo(v.allow() && v.reasons().contains(GateReason.MAX_POSITIONS));
        assertThat(v.sizeMultiplier() == 0.5).as(why).isEqualTo(v.allow() && v.reasons().contains(GateReason.PSI_WARN));
        assertThat(v.canaryShare()).as(why).isBetween(0.0, 0.25);
        if (c.pinned() || v.mode() == Mode.HALTED || c.challenger() == null) {
            assertThat(v.canaryShare()).as(why).isEqualTo(0.0);
        }
        boolean routes = v.allow() && c.challenger() != null && v.gates().canary() == null;
        assertThat(v.canaryShare()).as(why).isEqualTo(routes ? c.canaryShare() : 0.0);
        assertSortedAndUnique(v.reasons(), why);
        assertThat(v.reasons().contains(GateReason.PSI) && v.reasons().contains(GateReason.PSI_WARN)).as(why).isFalse();
        assertThat(v.gates()).as(why).isEqualTo(expectedGroups(v.reasons(), v.gates().canary()));
        assertThat(v.modelId()).as(why).isEqualTo(c.pinned() ? c.pinnedModel() : c.champion());
        assertThat(v.pinned()).as(why).isEqualTo(c.pinned());
        assertThat(v.champion()).as(why).isEqualTo(c.champion());
        assertThat(v.challenger()).as(why).isEqualTo(c.challenger());
        assertThat(v.live()).as(why).isEqualTo(LIMITS.liveTrading());
    }

    private static void assertSortedAndUnique(List<GateReason> reasons, Supplier<String> why) {
        for (int i = 1; i < reasons.size(); i++) {
            assertThat(reasons.get(i - 1).ordinal()).as(why).isLessThan(reasons.get(i).ordinal());
        }
    }

    private static Gates expectedGroups(List<GateReason> r, CanaryCut cut) {
        return new Gates(
                r.stream().anyMatch(x -> x.wire().startsWith("slo_")),
                r.stream().anyMatch(x -> x.wire().startsWith("psi")) || r.contains(GateReason.NO_REFERENCE_PROFILE),
                r.contains(GateReason.BUDGET), r.contains(GateReason.PREFLIGHT), r.contains(GateReason.KILL_SWITCH),
                r.contains(GateReason.DISARMED),
                r.contains(GateReason.STALE) || r.contains(GateReason.DISLOCATION)
                        || r.contains(GateReason.FEATURES_MISSING) || r.contains(GateReason.FEATURES_STALE)
                        || r.contains(GateReason.REFERENCE_STALE),
                cut);
    }

    /** The contract's rules with its default numbers, and BTCUSDT's own slippage SLO of 8 bps. */
    private static Set<GateReason> expectedReasons(String symbol, SymbolSignals s, AccountSignals a, ControlState c) {
        Set<GateReason> r = EnumSet.noneOf(GateReason.class);
        if (!c.armed()) r.add(GateReason.DISARMED);
        if (c.killSwitch()) r.add(GateReason.KILL_SWITCH);
        if (!c.preflightPassed()) r.add(GateReason.PREFLIGHT);
        if (a.budgetLeft() <= 0 || a.ddSinceReset() >= 0.01) r.add(GateReason.BUDGET);
        if (sloErrorRate(s.slo())) r.add(GateReason.SLO_ERROR_RATE);
        if (sloP95(s.slo())) r.add(GateReason.SLO_P95_PLACE_MS);
        if (sloSlippage(symbol, s.slo())) r.add(GateReason.SLO_SLIPPAGE);
        if (s.psi() != null && s.psi() > 0.3) r.add(GateReason.PSI);
        if (s.psi() != null && s.psi() > 0.2 && s.psi() <= 0.3) r.add(GateReason.PSI_WARN);
        if (s.dataStaleSeconds() == null || s.dataStaleSeconds() > 1.0) r.add(GateReason.STALE);
        if (s.feedDislocationBps() != null && s.feedDislocationBps() > 5.0) r.add(GateReason.DISLOCATION);
        if (s.featuresMissingRatio() != null && s.featuresMissingRatio() > 0.01) r.add(GateReason.FEATURES_MISSING);
        if (s.featuresStale()) r.add(GateReason.FEATURES_STALE);
        if (s.referenceStale()) r.add(GateReason.REFERENCE_STALE);
        if (!s.hasReferenceProfile()) r.add(GateReason.NO_REFERENCE_PROFILE);
        if (a.openPositions() >= 2 && !s.holdsPosition()) r.add(GateReason.MAX_POSITIONS);
        return r;
    }

    private static CanaryCut expectedCut(String symbol, SymbolSignals s, AccountSignals a, ControlState c) {
        if (c.pinned()) return CanaryCut.PINNED;
        if (c.challenger() == null) return null;
        if (s.challengerPsi() != null && s.challengerPsi() > 0.3) return CanaryCut.CHALLENGER_PSI;
        SloSignals cs = s.challengerSlo();
        if (sloErrorRate(cs) || sloP95(cs) || sloSlippage(symbol, cs)) return CanaryCut.CHALLENGER_SLO;
        if (a.canaryNotionalShare() != null && a.canaryNotionalShare() >= 0.25) return CanaryCut.NOTIONAL_CAP;
        return null;
    }

    private static boolean sloErrorRate(SloSignals slo) {
        return slo.placed() >= 20 && slo.errorRate() != null && slo.errorRate() >= 0.01;
    }

    private static boolean sloP95(SloSignals slo) {
        return slo.acked() >= 20 && slo.p95PlaceMs() != null && slo.p95PlaceMs() >= 300;
    }

    private static boolean sloSlippage(String symbol, SloSignals slo) {
        double sloBps = symbol.equals("BTCUSDT") ? 8.0 : 5.0;
        return slo.slippageBps() != null && slo.slippageBps() > sloBps;
    }

    // Each signal is mostly healthy, so that single trips and combinations both come up often.
    private static SymbolSignals randomSignals(Random r) {
        return new SymbolSignals(
                pick(r, 0.6, null, 0.0, 0.1, 0.2, 0.2000001, 0.25, 0.3, 0.3000001, 2.0),
                pick(r, 0.8, null, 0.0, 0.005, 0.01, 0.0100001, 0.5),
                pick(r, 0.8, null, 0.0, 4.99, 5.0, 5.0000001, 30.0),
                pick(r, 0.8, null, 0.0, 0.5, 1.0, 1.0000001, 60.0, -0.2),
                randomSlo(r),
                r.nextBoolean(),
                pick(r, 0.7, null, 0.0, 0.3, 0.3000001, 1.0),
                randomSlo(r),
                r.nextDouble() < 0.1,
                r.nextDouble() < 0.1,
                r.nextInt(10) != 0);
    }

    private static SloSignals randomSlo(Random r) {
        if (r.nextInt(10) == 0) {
            return SloSignals.NONE;
        }
        return new SloSignals(
                pick(r, 0.8, null, 10.0, 299.999, 300.0, 1_000.0),
                pick(r, 0.5, 0L, 19L, 20L, 500L),
                pick(r, 0.8, null, 0.0, 0.0099, 0.01, 0.3),
                pick(r, 0.5, 0L, 19L, 20L, 500L),
                pick(r, 0.8, null, -3.0, 0.0, 5.0, 5.0000001, 8.0, 8.0000001, 40.0));
    }

    private static AccountSignals randomAccount(Random r) {
        return new AccountSignals(
                pick(r, 0.8, 1.0, 0.0, 0.0001, 0.5),
                pick(r, 0.8, 0.0, 0.0099, 0.01, 0.02),
                pick(r, 0.5, 0, 1, 2, 3),
                pick(r, 0.7, null, 0.0, 0.2499, 0.25, 0.9));
    }

    private static ControlState randomControl(Random r) {
        String challenger = r.nextInt(5) == 0 ? null : CHALLENGER;
        String pinned = r.nextInt(5) == 0 ? CHAMPION : r.nextInt(10) == 0 ? "champion_20251201" : null;
        return new ControlState(r.nextInt(10) != 0, r.nextInt(10) == 0, r.nextInt(10) != 0, pinned,
                pick(r, 0.2, 0.0, 0.05, 0.1, 0.25), CHAMPION, challenger);
    }

    /** The first value with probability {@code pFirst}, else any of the rest, uniformly. */
    @SafeVarargs
    private static <T> T pick(Random r, double pFirst, T first, T... rest) {
        return r.nextDouble() < pFirst ? first : rest[r.nextInt(rest.length)];
    }
}
