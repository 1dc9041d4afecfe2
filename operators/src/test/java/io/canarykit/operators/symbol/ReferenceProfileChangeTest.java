package io.canarykit.operators.symbol;

import io.canarykit.config.KitConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.canarykit.operators.gate.ControlState;
import io.canarykit.operators.gate.GateLimits;
import io.canarykit.operators.risk.AccountView;
import io.canarykit.operators.signals.CompiledProfile;
import io.canarykit.operators.signals.ReferenceBook;
import io.canarykit.schema.FeatureBins;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.Feed;
import io.canarykit.schema.GateReason;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.Mode;
import io.canarykit.schema.ReferenceProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Profiles that change while the job runs, a model without one, and the challenger's window on a promote. */
class ReferenceProfileChangeTest {

    private static final String CHAMPION = "champion_1";
    private static final String CHALLENGER = "challenger_2";
    private static final String SYMBOL = "BTCUSDT";
    private static final long T0 = 1_767_225_600_000L;
    private static final long PSI_WINDOW_MS = 1_800_000;

    private static ReferenceProfile profile(String model, double[] edges, double[] expected) {
        return new ReferenceProfile(model, Map.of("x", new FeatureBins(edges, expected)));
    }

    // One feature, two bins split at 0, expected 50/50.
    private static final ReferenceProfile CHAMPION_V1 = profile(CHAMPION, new double[] {0.0}, new double[] {0.5, 0.5});
    private static final ReferenceProfile CHALLENGER_V1 =
            profile(CHALLENGER, new double[] {0.0}, new double[] {0.5, 0.5});
    private static final ControlState ARMED = new ControlState(true, false, true, null, 0.05, CHAMPION, CHALLENGER);
    private static final SymbolSetup SETUP = new SymbolSetup(
            KitConfig.defaults().with(Map.of("PSI_WINDOW_MS", String.valueOf(PSI_WINDOW_MS))),
            Map.of(CHAMPION, CHAMPION_V1, CHALLENGER, CHALLENGER_V1), ARMED);

    private final SymbolStores stores = SymbolStores.onHeap(SETUP);
    private final SymbolWatch watch = SymbolWatch.create(SYMBOL, SETUP, stores);

    private ReferenceBook bookWith(ReferenceProfile... updates) {
        return SETUP.startBook().plus(List.of(updates));
    }

    private void quotes(long ts, ControlState control, ReferenceBook book) {
        for (Feed feed : Feed.values()) {
            watch.apply(SymbolEvent.of(new MarketQuote(ts, SYMBOL, feed, 100.0, 100.02, null, null)), control,
                    book.inForceAt(ts), tca -> { }, (e, reason, why) -> { throw new AssertionError(why); });
        }
    }

    private void vectors(String model, long ts, int below, int above, ControlState control, ReferenceBook book) {
        for (int i = 0; i < below + above; i++) {
            watch.apply(SymbolEvent.of(new FeatureVector(ts, SYMBOL, model, Map.of("x", i < below ? -1.0 : 1.0))),
                    control, book.inForceAt(ts), tca -> { }, (e, reason, why) -> { throw new AssertionError(why); });
        }
    }

    private SymbolEvaluation evaluate(long t, ControlState control, ReferenceBook book) {
        quotes(t, control, book);
        return watch.evaluate(t, StaleClock.replay(t), AccountView.fresh(t), control, book.inForceAt(t),
                GateLimits.defaults());
    }

    @Test
    void aNewProfileThatBinsAlikeChangesPsiFromItsTsOnWithTheWindowKept() {
        long t = T0 + 60_000;
        // From t on, the champion expects 80/20 below/above 0, with the same edge.
        ReferenceBook book = bookWith(profile(CHAMPION, new double[] {0.0}, new double[] {0.8, 0.2}).at(t));
        vectors(CHAMPION, T0, 60, 40, ARMED, book);

        // Before t, against 50/50: (0.6-0.5)ln(0.6/0.5) + (0.4-0.5)ln(0.4/0.5) = 0.0182322 + 0.0223144.
        assertThat(evaluate(t - 1, ARMED, book).kpi().psi()).isCloseTo(0.0405465108, offset(1e-9));
        // From t, the same 100 values against 80/20: (0.6-0.8)ln(0.6/0.8) + (0.4-0.2)ln(0.4/0.2)
        // = 0.0575364 + 0.1386294.
        SymbolEvaluation atT = evaluate(t, ARMED, book);
        assertThat(atT.kpi().psi()).isCloseTo(0.1961658506, offset(1e-9));
        assertThat(atT.kpi().samples()).containsEntry("psi.x", 100L);
    }

    @Test
    void aNewProfileWithOtherEdgesRestartsTheWindowFromItsTs() {
        long t = T0 + 60_000;
        // From t on, the edge moves to 0.5: the held bins belong to the old edge and cannot be read under it.
        ReferenceBook book = bookWith(profile(CHAMPION, new double[] {0.5}, new double[] {0.5, 0.5}).at(t));
        vectors(CHAMPION, T0, 90, 10, ARMED, book);
        assertThat(evaluate(t - 1, ARMED, book).kpi().psi()).isNotNull();

        SymbolEvaluation atT = evaluate(t, ARMED, book);
        assertThat(atT.kpi().psi()).isNull();
        assertThat(atT.kpi().samples()).containsEntry("psi.x", 0L);

        // 100 new values at t + 1, 50 each side of 0.5 (-1 and 1): psi 0 under the new profile.
        vectors(CHAMPION, t + 1, 50, 50, ARMED, book);
        assertThat(evaluate(t + 1, ARMED, book).kpi().psi()).isCloseTo(0.0, offset(1e-12));
    }

    @Test
    void aPinToAModelWithoutAProfileHalts() {
        ReferenceBook book = SETUP.startBook();
        vectors(CHAMPION, T0, 50, 50, ARMED, book);
        assertThat(evaluate(T0, ARMED, book).verdict().allow()).isTrue();

        ControlState pinned = new ControlState(true, false, true, "unprofiled_3", 0.0, CHAMPION, CHALLENGER);
        // The pin acts at once, with no new input (a command re-decides every symbol live). The pinned
        // model has sent no vector yet, so its features are stale too until its stream shows.
        SymbolEvaluation redecided = watch.evaluate(T0 + 10, StaleClock.replay(T0 + 10),
                AccountView.fresh(T0), pinned, book.inForceAt(T0 + 10), GateLimits.defaults(),
                SymbolEvaluation.Trigger.REDECIDE);
        assertThat(redecided.verdict().reasons())
                .containsExactly(GateReason.FEATURES_STALE, GateReason.NO_REFERENCE_PROFILE);
        assertThat(redecided.verdict().mode()).isEqualTo(Mode.HALTED);
        assertThat(redecided.verdict().gates().psi()).isTrue();

        vectors("unprofiled_3", T0 + 1_000, 50, 50, pinned, book);
        SymbolEvaluation evaluated = evaluate(T0 + 1_000, pinned, book);
        assertThat(evaluated.kpi().psi()).isNull();
        assertThat(evaluated.verdict().reasons()).containsExactly(GateReason.NO_REFERENCE_PROFILE);
    }

    @Test
    void aProfilePublishedForTheModelInUseLiftsTheHalt() {
        long t = T0 + 30_000;
        ControlState pinned = new ControlState(true, false, true, "unprofiled_3", 0.0, CHAMPION, CHALLENGER);
        ReferenceBook book = bookWith(profile("unprofiled_3", new double[] {0.0}, new double[] {0.5, 0.5}).at(t));
        vectors("unprofiled_3", t - 1, 1, 0, pinned, book);

        assertThat(evaluate(t - 1, pinned, book).verdict().reasons()).containsExactly(GateReason.NO_REFERENCE_PROFILE);
        // The profile holds from t: no halt, and no psi until 100 values (drift is measured, not assumed).
        SymbolEvaluation atT = evaluate(t, pinned, book);
        assertThat(atT.verdict().reasons()).isEmpty();
        assertThat(atT.kpi().psi()).isNull();
    }

    @Test
    void onPromoteTheChallengersOwnWindowGoesOnAsTheChampions() {
        ReferenceBook book = SETUP.startBook();
        // The challenger's vectors: 70 below 0 and 30 above at T0, then 20 above at T0 + 600 s.
        vectors(CHALLENGER, T0, 70, 30, ARMED, book);
        vectors(CHALLENGER, T0 + 600_000, 0, 20, ARMED, book);
        evaluate(T0 + 600_000, ARMED, book);

        // promote: the challenger is the champion, and there is no challenger.
        ControlState promoted = new ControlState(true, false, true, null, 0.0, CHALLENGER, null);
        SymbolEvaluation after = evaluate(T0 + 600_001, promoted, book);

        // 120 values, 70 below and 50 above, against 50/50:
        // (70/120 - 0.5)ln((70/120)/0.5) + (50/120 - 0.5)ln((50/120)/0.5)
        // = 0.0833333 * 0.1541507 + (-0.0833333) * (-0.1823216) = 0.0128459 + 0.0151935 = 0.0280394.
        assertThat(after.kpi().modelId()).isEqualTo(CHALLENGER);
        assertThat(after.kpi().psi()).isCloseTo(0.0280394, offset(1e-6));
        assertThat(after.kpi().samples()).containsEntry("psi.x", 120L);
        assertThat(after.kpi().challenger()).isNull();

        // The carried window evicts as its own: the 100 values of T0 leave at T0 + 30 min, and the 20
        // left (all above 0) are too few for a psi.
        SymbolEvaluation later = evaluate(T0 + PSI_WINDOW_MS, promoted, book);
        assertThat(later.kpi().samples()).containsEntry("psi.x", 20L);
        assertThat(later.kpi().psi()).isNull();
        // The challenger's own window was emptied when it stopped being the challenger.
        assertThat(stores.challengerPsiWindow().isEmpty()).isTrue();
        assertThat(stores.usedPsiWindow().size()).isEqualTo(20);
    }

    @Test
    void restoredFromItsStateItReadsTheWindowUnderTheVersionItWasCountedWith() {
        long t = T0 + 60_000;
        ReferenceBook book = bookWith(profile(CHAMPION, new double[] {0.0}, new double[] {0.8, 0.2}).at(t));
        vectors(CHAMPION, T0, 60, 40, ARMED, book);
        SymbolEvaluation before = evaluate(t - 1, ARMED, book);

        SymbolWatch restored = SymbolWatch.restore(SETUP, watch.state(), stores, book);
        // Decided again at the same time, the restored watch gives the same record.
        assertThat(restored.evaluate(t - 1, StaleClock.replay(t - 1), AccountView.fresh(t), ARMED, book.inForceAt(t - 1),
                GateLimits.defaults(), SymbolEvaluation.Trigger.REDECIDE).kpi()).isEqualTo(before.kpi());
        assertThat(restored.state().usedProfileSince()).isEqualTo(CompiledProfile.FROM_START);

        SymbolEvaluation atT = restored.evaluate(t, StaleClock.replay(t), AccountView.fresh(t), ARMED,
                book.inForceAt(t), GateLimits.defaults());
        assertThat(atT.kpi().psi()).isCloseTo(0.1961658506, offset(1e-9));
        assertThat(restored.state().usedProfileSince()).isEqualTo(t);
    }
}
