package io.canarykit.cli.demo.desk;

import io.canarykit.config.ConfigKey;
import io.canarykit.config.KitConfig;
import io.canarykit.jobs.replay.SyntheticDesk;
import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.ReferenceProfile;
import io.canarykit.schema.RolloutPlan;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The stories {@code kit demo --scenario} plays. Every limit a story crosses is read from the job's
 * settings, so a story still crosses it when the user moves it.
 */
public final class Scenarios {

    public static final String HEALTHY = "healthy";
    public static final String DRIFT = "drift";
    public static final String STALE_FEED = "stale-feed";
    public static final String DISLOCATION = "dislocation";
    public static final String LATENCY_SPIKE = "latency-spike";
    public static final String ERROR_BURST = "error-burst";
    public static final String DRAWDOWN = "drawdown";
    public static final String CANARY_BAD = "canary-bad";
    public static final String ROLLOUT = "rollout";

    /** Every scenario, the default first. */
    public static final List<String> NAMES =
            List.of(HEALTHY, DRIFT, STALE_FEED, DISLOCATION, LATENCY_SPIKE, ERROR_BURST, DRAWDOWN, CANARY_BAD, ROLLOUT);

    /** The challenger's share the canary-bad story starts with, unless the user sets CHALLENGER_SHARE. */
    static final String CANARY_BAD_SHARE = "0.2";
    /** The drifting share aims at this far from PSI_WARN towards PSI_HALT: inside the warn band, clear of both ends. */
    static final double WARN_BAND_POSITION = 0.4;
    /** The second drift aims at this multiple of PSI_HALT: clearly halted. */
    static final double HALT_MARGIN = 1.5;
    /** The sell-off, as a fraction of the mid per quarter second: 2 bp, about 5 % a minute. */
    static final double SELL_OFF_PER_QUARTER_SECOND = -2e-4;
    /** The sell-off that would cost a full position in every symbol the whole daily drawdown allowance (about 35 s of it). */
    static final double SELL_OFF_TO_BUDGET = 0.028;
    /** How often the desk's models read the trend right during the sell-off. */
    static final double SELL_OFF_SKILL = 0.1;
    static final double SELL_OFF_ORDER_RATE = 4;
    /** A busy session reaches SLO_MIN_SAMPLES orders per symbol within this many seconds. */
    static final double BUSY_SESSION_SECONDS = 45;
    /**
     * The rollout story's SLO minimum, unless the user sets SLO_MIN_SAMPLES: at 5 % the challenger
     * places a few orders a minute, and its own error rate and p95 must answer within a step.
     */
    static final String ROLLOUT_SLO_MIN_SAMPLES = "5";
    /** The rollout story trades this many times as often while the ramp plays, so each step fills. */
    static final double ROLLOUT_ORDER_RATE = 6;
    /** When the rollout story's busy session ends: the ramp is over by then, or paused for a human. */
    static final long ROLLOUT_BUSY_UNTIL_MS = 600_000;
    /** When canary-bad's challenger turns bad, and its rollout starts, so the shadow step sees bad fills only. */
    static final long CANARY_BAD_AT_MS = 30_000;

    private Scenarios() {}

    /**
     * The story {@code name} for these settings and symbols; feed and feature faults hit the first symbol.
     *
     * @throws IllegalArgumentException when no story has that name
     */
    public static Scenario named(String name, KitConfig config, List<String> symbols) {
        if (config == null || symbols == null || symbols.isEmpty()) {
            throw new IllegalArgumentException("config and at least one symbol are required, got " + config + ", " + symbols);
        }
        String symbol = symbols.get(0);
        return switch (name == null ? "" : name) {
            case HEALTHY -> new Scenario(HEALTHY, null, List.of(), DeskConditions.healthy(), List.of(), Map.of());
            case DRIFT -> drift(config, symbol);
            case STALE_FEED -> staleFeed(config, symbol);
            case DISLOCATION -> dislocation(config, symbol);
            case LATENCY_SPIKE -> latencySpike(config);
            case ERROR_BURST -> errorBurst(config);
            case DRAWDOWN -> drawdown(config, symbols.size());
            case CANARY_BAD -> canaryBad(config, symbols);
            case ROLLOUT -> rollout(config);
            default -> throw new IllegalArgumentException(
                    "no scenario named " + name + "; the scenarios are: " + String.join(", ", NAMES));
        };
    }

    /** The settings {@code name} needs, used unless the user sets them (empty for an unknown name). */
    public static Map<String, String> settings(String name) {
        if (ROLLOUT.equals(name)) {
            return Map.of(ConfigKey.SLO_MIN_SAMPLES.name(), ROLLOUT_SLO_MIN_SAMPLES);
        }
        return CANARY_BAD.equals(name) ? Map.of(ConfigKey.CHALLENGER_SHARE.name(), CANARY_BAD_SHARE) : Map.of();
    }

    private static Scenario drift(KitConfig config, String symbol) {
        ReferenceProfile champion = SyntheticDesk.profile(SyntheticDesk.CHAMPION);
        String feature = SyntheticDesk.FEATURES.get(0);
        FeatureBins bins = champion.features().get(feature);
        int up = bins.binCount() - 1;
        double warnPsi = config.psiWarn() + WARN_BAND_POSITION * (config.psiHalt() - config.psiWarn());
        double haltPsi = HALT_MARGIN * config.psiHalt();
        FeatureDrift warn = new FeatureDrift(feature, up, FeatureDrift.shareFor(bins, up, warnPsi), config.psiWindowMs());
        FeatureDrift halt = new FeatureDrift(feature, up, FeatureDrift.shareFor(bins, up, haltPsi), config.psiWindowMs());
        DeskConditions healthy = DeskConditions.healthy();
        String window = "PSI window of " + minutes(config.psiWindowMs()) + " (PSI_WINDOW_MS)";
        return new Scenario(DRIFT, symbol, List.of(
                "PSI compares the values of the " + window + " with the profile; the more healthy values it"
                        + " holds (the longer the desk ran before arming), the longer the drift takes to show"),
                healthy, List.of(
                new Scenario.Step(20_000, String.format(Locale.ROOT,
                        "%s's champion feature %s drifts: its values come %d bins up until %s of those in the %s have drifted,"
                                + " a PSI of about %.2f: above PSI_WARN %s, so psi_warn halves %s's size",
                        symbol, feature, up, percent(warn.share()), window, warnPsi, plain(config.psiWarn()), symbol),
                        healthy.withDrift(symbol, warn)),
                new Scenario.Step(80_000, String.format(Locale.ROOT,
                        "the drift grows to %s of the window's %s values, a PSI of about %.2f: above PSI_HALT %s,"
                                + " so psi halts %s",
                        percent(halt.share()), feature, haltPsi, plain(config.psiHalt()), symbol),
                        healthy.withDrift(symbol, halt)),
                new Scenario.Step(300_000, String.format(Locale.ROOT,
                        "the drift stops: new %s values follow the profile again, and PSI falls as they fill the"
                                + " window; the drifted ones leave it %s after they came",
                        feature, minutes(config.psiWindowMs())),
                        healthy)),
                Map.of());
    }

    private static Scenario staleFeed(KitConfig config, String symbol) {
        DeskConditions healthy = DeskConditions.healthy();
        return new Scenario(STALE_FEED, symbol, List.of(), healthy, List.of(
                new Scenario.Step(20_000, symbol + "'s primary feed stops (the reference feed and the features go on):"
                        + " data_stale_seconds passes STALE_MAX_SECONDS " + plain(config.staleMaxSeconds())
                        + " s and stale halts " + symbol + "; the DataStale alert fires 30 s later",
                        healthy.withPrimaryFeedDown(symbol, true)),
                new Scenario.Step(110_000, symbol + "'s primary feed resumes: stale clears with its first quote",
                        healthy)),
                Map.of());
    }

    private static Scenario dislocation(KitConfig config, String symbol) {
        DeskConditions healthy = DeskConditions.healthy();
        double offset = 2 * config.dislocationMaxBps();
        return new Scenario(DISLOCATION, symbol, List.of(), healthy, List.of(
                new Scenario.Step(20_000, symbol + "'s reference feed moves " + plain(offset) + " bps above the primary"
                        + " (DISLOCATION_MAX_BPS " + plain(config.dislocationMaxBps()) + "): dislocation halts " + symbol
                        + "; the FeedDislocation alert fires after a minute",
                        healthy.withReferenceOffset(symbol, offset)),
                new Scenario.Step(110_000, symbol + "'s reference feed comes back to the primary: dislocation clears",
                        healthy)),
                Map.of());
    }

    private static Scenario latencySpike(KitConfig config) {
        DeskConditions busy = busySession(config);
        long slowest = Math.round(config.sloP95PlaceMsMax());
        long slowMin = Math.round(1.5 * slowest);
        DeskBehaviour slow = new DeskBehaviour(slowMin, slowest, 0.5, 1.0, 0.6, 0.0005, 0.0);
        return new Scenario(LATENCY_SPIKE, null, List.of(), DeskConditions.healthy(), List.of(
                busyStep(config, busy),
                new Scenario.Step(30_000, "the venue slows down: acks take " + slowMin + " to " + (slowMin + slowest)
                        + " ms; slo_p95_place_ms (SLO_P95_PLACE_MS_MAX " + slowest + " ms) halts each symbol once its window of "
                        + minutes(config.sloWindowMs()) + " holds " + config.sloMinSamples() + " acks with more"
                        + " than 5 % of them slow",
                        busy.withVenue(slow)),
                new Scenario.Step(180_000, "the venue recovers; the gate holds until the slow acks leave the SLO window of "
                        + minutes(config.sloWindowMs()) + " (SLO_WINDOW_MS), since a halted desk sends no orders",
                        busy)),
                Map.of());
    }

    private static Scenario errorBurst(KitConfig config) {
        DeskConditions busy = busySession(config);
        double errors = Math.min(0.5, 20 * config.sloErrorRateMax());
        DeskBehaviour failing = new DeskBehaviour(20, 120, 0.5, 1.0, 0.6, 0.0005, errors);
        return new Scenario(ERROR_BURST, null, List.of(), DeskConditions.healthy(), List.of(
                busyStep(config, busy),
                new Scenario.Step(30_000, "the venue's gateway fails " + percent(errors) + " of orders with an error"
                        + " (SLO_ERROR_RATE_MAX " + plain(config.sloErrorRateMax()) + "): slo_error_rate halts each symbol"
                        + " once its window of " + minutes(config.sloWindowMs()) + " holds " + config.sloMinSamples()
                        + " placed orders",
                        busy.withVenue(failing)),
                new Scenario.Step(120_000, "the gateway recovers; the gate holds until the errors leave the SLO window of "
                        + minutes(config.sloWindowMs()) + " (SLO_WINDOW_MS), since a halted desk sends no orders",
                        busy)),
                Map.of());
    }

    private static Scenario drawdown(KitConfig config, int symbolCount) {
        double positionShare = config.riskPerTradePct() / ExecutionEngine.STOP_DISTANCE;
        double size = Math.max(1, Math.min(20,
                Math.round(config.maxDailyDrawdownPct() / (positionShare * symbolCount * SELL_OFF_TO_BUDGET))));
        DeskConditions healthy = DeskConditions.healthy();
        DeskConditions selling = healthy.withTrend(SELL_OFF_PER_QUARTER_SECOND)
                .withModels(SELL_OFF_SKILL, size)
                .withOrderRate(SELL_OFF_ORDER_RATE);
        return new Scenario(DRAWDOWN, null, List.of(), healthy, List.of(
                new Scenario.Step(10_000, String.format(Locale.ROOT,
                        "a sell-off: every symbol falls %.0f bp a quarter second (about %.0f %% a minute); the models buy"
                                + " the dip (right %d in 10 times) and trade %.0f times as often at %.0f times their size:"
                                + " the day's drawdown reaches MAX_DAILY_DRAWDOWN_PCT %s within about a minute, and budget"
                                + " halts every symbol; the BudgetDepleted alert fires",
                        -SELL_OFF_PER_QUARTER_SECOND * 1e4, -SELL_OFF_PER_QUARTER_SECOND * 240 * 100,
                        Math.round(SELL_OFF_SKILL * 10), SELL_OFF_ORDER_RATE, size, plain(config.maxDailyDrawdownPct())),
                        selling),
                new Scenario.Step(150_000, "the sell-off ends and the models calm down; the budget stays spent until an"
                        + " operator resets it: POST /api/kit/risk/reset",
                        healthy)),
                Map.of());
    }

    private static Scenario canaryBad(KitConfig config, List<String> symbols) {
        double slo = symbols.stream().mapToDouble(config::slippageSloBps).max().orElse(config.slippageSloBps());
        double bad = 2 * slo;
        DeskConditions healthy = DeskConditions.healthy();
        DeskBehaviour badChallenger = new DeskBehaviour(20, 120, 0.5, 1.0, bad, 0.0005, 0.0);
        String share = config.challengerShare() > 0
                ? "the challenger takes " + percent(config.challengerShare()) + " of orders from the start"
                        + " (CHALLENGER_SHARE; this scenario sets " + CANARY_BAD_SHARE + " unless you set it),"
                        + " until the rollout sets the share"
                : "CHALLENGER_SHARE is 0, so no order goes to the challenger until you ramp it:"
                        + " PATCH /api/kit/model/canary_share?pct=0.2";
        RolloutPlan plan = DemoRollout.plan();
        return new Scenario(CANARY_BAD, null, List.of(share), healthy, List.of(
                new Scenario.Step(CANARY_BAD_AT_MS, "the challenger's fills turn bad: " + plain(bad) + " bps of slippage"
                        + " against SLIPPAGE_SLO_BPS " + plain(slo) + "; once a symbol's bad canary fills outweigh its"
                        + " good ones in the SLO window, the challenger fails its own SLO: gates.canary says"
                        + " challenger_slo and the symbol's canary share drops to 0 while the champion trades on."
                        + " The demo starts a rollout through the sidecar (POST /api/kit/rollout): "
                        + DemoRollout.describe(plan) + ". Its shadow step fills the challenger on paper, "
                        + plain(bad - DeskBehaviour.healthy().slippageMeanBps()) + " bps worse than the champion, past"
                        + " the margin: the slippage check fails " + plan.analysis().failureLimit()
                        + " analyses in a row and the rollout aborts on its own",
                        healthy.withVenue(badChallenger))),
                Map.of(), new Scenario.RolloutStart(CANARY_BAD_AT_MS, plan));
    }

    private static Scenario rollout(KitConfig config) {
        RolloutPlan plan = DemoRollout.plan();
        DeskBehaviour healthyVenue = DeskBehaviour.healthy();
        // No rejects while the ramp plays: with a small SLO minimum one reject would fail the challenger's error rate.
        DeskBehaviour clean = new DeskBehaviour(healthyVenue.ackMinMs(), healthyVenue.ackSpreadMs(),
                healthyVenue.slippageMeanBps(), healthyVenue.slippageStdBps(), healthyVenue.canarySlippageMeanBps(), 0.0, 0.0);
        DeskConditions healthy = DeskConditions.healthy();
        DeskConditions busy = healthy.withOrderRate(ROLLOUT_ORDER_RATE).withVenue(clean);
        return new Scenario(ROLLOUT, null, List.of(), healthy, List.of(
                new Scenario.Step(0, String.format(Locale.ROOT,
                        "the demo starts a rollout through the sidecar (POST /api/kit/rollout): %s. The desk trades %.0f"
                                + " times as often, with no rejects, so each step fills, and the challenger's own error"
                                + " rate and p95 answer within a step with SLO_MIN_SAMPLES %d. The challenger trades like"
                                + " the champion (%s against %s bps of slippage): every check passes and the ramp"
                                + " completes; promoting it stays yours",
                        DemoRollout.describe(plan), ROLLOUT_ORDER_RATE, config.sloMinSamples(),
                        plain(clean.canarySlippageMeanBps()), plain(clean.slippageMeanBps())),
                        busy),
                new Scenario.Step(ROLLOUT_BUSY_UNTIL_MS, "the busy session ends; the desk trades at its usual pace",
                        healthy)),
                Map.of(), new Scenario.RolloutStart(0, plan));
    }

    /** Trades often enough that each symbol's SLO window holds SLO_MIN_SAMPLES orders within a minute. */
    private static DeskConditions busySession(KitConfig config) {
        double perSymbol = DeskSimulator.ORDERS_PER_SYMBOL_PER_SECOND * BUSY_SESSION_SECONDS;
        double factor = Math.max(1, Math.min(10, Math.ceil(config.sloMinSamples() / perSymbol)));
        return DeskConditions.healthy().withOrderRate(factor);
    }

    private static Scenario.Step busyStep(KitConfig config, DeskConditions busy) {
        return new Scenario.Step(0, String.format(Locale.ROOT,
                "a busy session: the desk trades %.0f times as often, so each symbol's SLO window holds"
                        + " SLO_MIN_SAMPLES %d orders within about a minute", busy.orderRateFactor(), config.sloMinSamples()),
                busy);
    }

    /** {@code 5 %} for 0.05, as the demo prints shares. */
    static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f %%", share * 100);
    }

    private static String minutes(long ms) {
        return ms % 60_000 == 0 ? ms / 60_000 + " min" : plain(ms / 1000.0) + " s";
    }

    /** {@code 3} for 3.0, {@code 0.5} for 0.5: a number as a person writes it. */
    static String plain(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
