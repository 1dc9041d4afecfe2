package io.canarykit.cli.demo.desk;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.cli.demo.Demo;
import io.canarykit.config.ConfigLoader;
import io.canarykit.config.KitConfig;
import io.canarykit.jobs.replay.SyntheticDesk;
import io.canarykit.operators.risk.RiskBudget;
import io.canarykit.operators.risk.RiskLimits;
import io.canarykit.operators.risk.RiskSnapshot;
import io.canarykit.operators.signals.FeedMonitor;
import io.canarykit.operators.signals.PsiMonitor;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.Feed;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.Mode;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The desk plays each story on a simulated clock, without Kafka, and the job's own signal classes
 * ({@link PsiMonitor}, {@link FeedMonitor}, {@link RiskBudget}) read what it sends: each story
 * crosses the limit it promises.
 */
class DeskScenarioSimulationTest {

    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT");
    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final long TICK = 250;
    private static final KitConfig CONFIG = ConfigLoader.load(Map.of(), List.of(), Demo.deskLimits(3));

    /** A desk on a simulated clock whose job is disarmed until {@code armAt}, then lets every symbol trade. */
    private static final class SimulatedDesk {
        final ExecutionEngine engine;
        final DeskSimulator desk;
        final List<String> said = new ArrayList<>();
        final long armAt;
        long seq;

        SimulatedDesk(Scenario scenario, long armAt, long seed) {
            this.engine = new ExecutionEngine(CONFIG.accountEquity(), CONFIG.riskPerTradePct(), DeskBehaviour.healthy(), seed);
            this.desk = new DeskSimulator("127.0.0.1:1", SYMBOLS, 48, DeskSimulator.ORDERS_PER_SYMBOL_PER_SECOND,
                    new ProfileSampler(SyntheticDesk.profile(SyntheticDesk.CHAMPION)),
                    new ProfileSampler(SyntheticDesk.profile(SyntheticDesk.CHALLENGER)), engine, seed + 1,
                    new ScenarioPlayer(scenario, said::add));
            this.armAt = armAt;
        }

        List<Object> tick(long now) {
            for (String symbol : SYMBOLS) {
                boolean armed = now >= armAt;
                engine.onDecision(new GateDecision(symbol, now, ++seq, now + 15_000, armed, armed ? Mode.NORMAL : Mode.HALTED,
                        armed ? 1 : 0, armed ? List.of() : List.of(GateReason.DISARMED), null, SyntheticDesk.CHAMPION,
                        SyntheticDesk.CHAMPION, SyntheticDesk.CHALLENGER, false, 0, 0.0, false, null));
            }
            return desk.step(now);
        }
    }

    @Test
    void theTickIsAQuarterSecondAtTheDemosRate() {
        assertThat(DeskSimulator.tickMs(48, 3)).isEqualTo(TICK);
    }

    @Test
    void driftShowsPsiWarnBeforeItHaltsAndHaltsAfterTheSecondStep() {
        Scenario drift = Scenarios.named("drift", CONFIG, SYMBOLS);
        long armAt = T0 + 30_000;
        SimulatedDesk sim = new SimulatedDesk(drift, armAt, 7);
        PsiMonitor psi = new PsiMonitor(SyntheticDesk.profile(SyntheticDesk.CHAMPION), CONFIG.psiWindowMs(),
                CONFIG.psiMinSamples());
        long firstWarn = -1;
        long firstHalt = -1;
        int ticksInStageOne = 0;
        int ticksWarnedInStageOne = 0;
        for (long t = T0; t <= armAt + 110_000; t += TICK) {
            psi.advanceTo(t);
            for (Object r : sim.tick(t)) {
                if (r instanceof FeatureVector v && v.symbol().equals("BTCUSDT")) {
                    psi.add(v);
                }
            }
            Double p = psi.maxPsi();
            long elapsed = t - armAt;
            if (p != null && p > CONFIG.psiWarn() && firstWarn < 0) {
                firstWarn = elapsed;
            }
            if (p != null && p > CONFIG.psiHalt() && firstHalt < 0) {
                firstHalt = elapsed;
            }
            if (firstWarn >= 0 && elapsed < 80_000) {
                ticksInStageOne++;
                ticksWarnedInStageOne += p > CONFIG.psiWarn() && p <= CONFIG.psiHalt() ? 1 : 0;
            }
        }
        assertThat(firstWarn).as("psi_warn after the drift starts at +20 s").isBetween(20_000L, 60_000L);
        assertThat(firstHalt).as("psi halts after psi_warn").isGreaterThan(firstWarn);
        assertThat(firstHalt).as("and soon after the drift grows at +80 s").isLessThan(100_000L);
        // The first step keeps PSI in the warn band: sampling noise may poke above it now and then.
        assertThat((double) ticksWarnedInStageOne / ticksInStageOne).isGreaterThan(0.8);
        assertThat(sim.said).contains("scenario drift: armed; the story starts");
    }

    @Test
    void driftOnlyMovesTheChampionFeaturesOfTheFirstSymbol() {
        SimulatedDesk sim = new SimulatedDesk(Scenarios.named("drift", CONFIG, SYMBOLS), T0, 3);
        PsiMonitor eth = new PsiMonitor(SyntheticDesk.profile(SyntheticDesk.CHAMPION), CONFIG.psiWindowMs(), 100);
        PsiMonitor challenger = new PsiMonitor(SyntheticDesk.profile(SyntheticDesk.CHALLENGER), CONFIG.psiWindowMs(), 100);
        for (long t = T0; t <= T0 + 110_000; t += TICK) {
            for (Object r : sim.tick(t)) {
                if (r instanceof FeatureVector v && v.symbol().equals("ETHUSDT")) {
                    eth.add(v);
                }
                if (r instanceof FeatureVector v && v.symbol().equals("BTCUSDT")) {
                    challenger.add(v);
                }
            }
        }
        assertThat(eth.maxPsi()).isLessThan(0.1);
        assertThat(challenger.maxPsi()).isLessThan(0.1);
    }

    @Test
    void staleFeedSilencesThePrimaryFeedOfTheFirstSymbolThenResumes() {
        SimulatedDesk sim = new SimulatedDesk(Scenarios.named("stale-feed", CONFIG, SYMBOLS), T0, 5);
        FeedMonitor btc = new FeedMonitor(CONFIG.feedFreshnessMs());
        FeedMonitor eth = new FeedMonitor(CONFIG.feedFreshnessMs());
        double maxStale = 0;
        int referenceQuotesWhileDown = 0;
        for (long t = T0; t <= T0 + 115_000; t += TICK) {
            for (Object r : sim.tick(t)) {
                if (r instanceof MarketQuote q) {
                    (q.symbol().equals("BTCUSDT") ? btc : eth).add(q);
                    boolean down = t - T0 >= 20_000 && t - T0 < 110_000;
                    referenceQuotesWhileDown += down && q.symbol().equals("BTCUSDT") && q.feed() == Feed.REFERENCE ? 1 : 0;
                }
            }
            if (t - T0 < 110_000) {
                maxStale = Math.max(maxStale, btc.staleSeconds(t));
            }
            assertThat(eth.staleSeconds(t)).as("other symbols stay fresh").isLessThanOrEqualTo(CONFIG.staleMaxSeconds());
        }
        assertThat(maxStale).as("stale for most of the 90 s").isGreaterThan(80);
        assertThat(referenceQuotesWhileDown).as("the reference feed goes on").isGreaterThan(300);
        assertThat(btc.staleSeconds(T0 + 115_000)).isLessThanOrEqualTo(CONFIG.staleMaxSeconds());
    }

    @Test
    void dislocationMovesTheReferenceFeedPastTheLimitThenBack() {
        SimulatedDesk sim = new SimulatedDesk(Scenarios.named("dislocation", CONFIG, SYMBOLS), T0, 9);
        FeedMonitor btc = new FeedMonitor(CONFIG.feedFreshnessMs());
        double minWhileAway = Double.MAX_VALUE;
        double maxAfter = 0;
        for (long t = T0; t <= T0 + 130_000; t += TICK) {
            for (Object r : sim.tick(t)) {
                if (r instanceof MarketQuote q && q.symbol().equals("BTCUSDT")) {
                    btc.add(q);
                }
            }
            long elapsed = t - T0;
            if (elapsed >= 20_000 && elapsed < 110_000) {
                minWhileAway = Math.min(minWhileAway, btc.dislocationBps(t));
            } else if (elapsed >= 110_000) {
                maxAfter = Math.max(maxAfter, btc.dislocationBps(t));
            }
        }
        assertThat(minWhileAway).isGreaterThan(CONFIG.dislocationMaxBps());
        assertThat(maxAfter).isLessThan(CONFIG.dislocationMaxBps());
    }

    @Test
    void drawdownUsesUpTheDailyBudgetWithinAboutAMinuteOfArming() {
        Scenario drawdown = Scenarios.named("drawdown", CONFIG, SYMBOLS);
        List<Long> trippedAfter = new ArrayList<>();
        for (long seed = 1; seed <= 10; seed++) {
            trippedAfter.add(budgetTrippedAfter(drawdown, seed));
        }
        // Seconds after arming, on a simulated clock; the story starts the sell-off at +10 s.
        assertThat(trippedAfter).allSatisfy(ms -> assertThat(ms).isBetween(10_000L, 90_000L));
    }

    @Test
    void theHealthyDeskKeepsItsBudget() {
        long tripped = budgetTrippedAfter(Scenarios.named("healthy", CONFIG, SYMBOLS), 1);
        assertThat(tripped).isEqualTo(-1);
    }

    private static long budgetTrippedAfter(Scenario scenario, long seed) {
        long armAt = T0 + 10_000;
        SimulatedDesk sim = new SimulatedDesk(scenario, armAt, seed);
        RiskBudget budget = new RiskBudget(RiskLimits.from(CONFIG), T0);
        for (long t = T0; t <= armAt + 120_000; t += TICK) {
            for (Object r : sim.tick(t)) {
                if (r instanceof MarketQuote q && q.feed() == Feed.PRIMARY) {
                    budget.onMark(q.symbol(), q.ts(), (q.bid() + q.ask()) / 2);
                } else if (r instanceof OrderEvent e && e.event() == OrderEventType.FILL) {
                    budget.onFill(e);
                }
            }
            RiskSnapshot snapshot = budget.snapshot();
            if (snapshot.budgetLeft() <= 0 || snapshot.ddToday() >= CONFIG.maxDailyDrawdownPct()) {
                return t - armAt;
            }
        }
        return -1;
    }
}
