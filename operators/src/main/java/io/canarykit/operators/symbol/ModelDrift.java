package io.canarykit.operators.symbol;

import io.canarykit.operators.gate.ControlState;
import io.canarykit.operators.signals.CompiledProfile;
import io.canarykit.operators.signals.MissingFeaturesMonitor;
import io.canarykit.operators.signals.PsiMonitor;
import io.canarykit.operators.signals.ReferenceBook;
import io.canarykit.operators.window.WindowLog;
import io.canarykit.schema.FeatureVector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The drift of the models a symbol follows: the model in use with its PSI and missing-features
 * monitors, and the challenger with its PSI monitor, each monitor bound to the version of its model's
 * reference profile, and the newest feature vector of each model. {@link SymbolMonitors} builds the
 * monitors; this decides when they carry on and when they restart.
 */
final class ModelDrift {

    private static final long NEVER = KpiCadence.NEVER;

    private final SymbolSetup setup;
    private final SymbolStores stores;
    private String usedModel;
    private PsiMonitor usedPsi;
    private MissingFeaturesMonitor missing;
    private String challengerModel;
    private PsiMonitor challengerPsi;
    // The newest feature vector of each followed model: silence from the model in use fails closed.
    private long usedFeaturesTs = NEVER;
    private long challengerFeaturesTs = NEVER;
    // Whether the drift windows may hold entries that no monitor accounts for (one restored without its profile).
    private boolean usedWindowsHold;
    private boolean challengerWindowHolds;

    private ModelDrift(SymbolSetup setup, SymbolStores stores) {
        this.setup = setup;
        this.stores = stores;
    }

    /** No model followed yet, over empty {@code stores}. */
    static ModelDrift create(SymbolSetup setup, SymbolStores stores) {
        return new ModelDrift(setup, stores);
    }

    /** The models and monitors {@code state} saved, each monitor read under its version in {@code book}. */
    static ModelDrift restore(SymbolSetup setup, SymbolWatch.State state, SymbolStores stores,
            ReferenceBook book) {
        ModelDrift drift = new ModelDrift(setup, stores);
        drift.usedModel = state.usedModel();
        drift.usedPsi = SymbolMonitors.restoredUsedPsi(setup, state, stores, book);
        drift.missing = SymbolMonitors.restoredMissing(setup, state, stores, drift.usedPsi);
        drift.usedWindowsHold = state.usedPsi() != null;
        drift.challengerModel = state.challengerModel();
        drift.challengerPsi = SymbolMonitors.restoredChallengerPsi(setup, state, stores, book);
        drift.challengerWindowHolds = state.challengerPsi() != null;
        drift.usedFeaturesTs = state.usedFeaturesTs();
        drift.challengerFeaturesTs = state.challengerFeaturesTs();
        return drift;
    }

    /**
     * Follows the models in use and their reference profiles. A drift monitor restarts empty when
     * its model changes (pin, unpin, promote), with one exception: the model that was the challenger
     * keeps its own window when it becomes the model in use, so a promote does not turn drift off.
     * A new version of a model's profile holds from its {@code since}: the window carries on when the
     * new version bins alike (only the expected shares changed), and restarts empty otherwise, since
     * the held bins belong to the old edges.
     */
    void follow(ControlState control, ReferenceBook.InForce profiles) {
        String used = usedModelUnder(control);
        String challenger = control.challenger();
        boolean challengerChanges = challenger == null ? challengerModel != null : !challenger.equals(challengerModel);
        if (challengerChanges || !used.equals(usedModel)) {
            // A model's vectors keep their time across the change (a promoted challenger's stream is alive).
            long usedTs = featuresTsOf(used);
            long challengerTs = featuresTsOf(challenger);
            usedFeaturesTs = usedTs;
            challengerFeaturesTs = challengerTs;
        }
        CompiledProfile usedProfile = profiles.of(used);
        if (!used.equals(usedModel)) {
            boolean challengerGoesOn = used.equals(challengerModel) && challengerPsi != null
                    && usedProfile != null && challengerPsi.profile().binsKey() == usedProfile.binsKey();
            usedModel = used;
            if (challengerGoesOn) {
                takeOverChallengerWindow(usedProfile);
            } else {
                bindUsed(usedProfile, false);
            }
        } else if (!isVersion(usedPsi, usedProfile) || (usedPsi == null && usedWindowsHold)) {
            bindUsed(usedProfile, bindsAlike(usedPsi, usedProfile));
        }
        CompiledProfile challengerProfile = profiles.of(challenger);
        if (challengerChanges) {
            challengerModel = challenger;
            bindChallenger(challengerProfile, false);
        } else if (!isVersion(challengerPsi, challengerProfile) || (challengerPsi == null && challengerWindowHolds)) {
            bindChallenger(challengerProfile, bindsAlike(challengerPsi, challengerProfile));
        }
    }

    /** Counts {@code vector} if it is of a followed model; a vector of any other model changes nothing. */
    void add(FeatureVector vector) {
        if (vector.modelId().equals(usedModel)) {
            // Any vector of the model in use shows its stream is alive, with or without a profile to read it by.
            usedFeaturesTs = Math.max(usedFeaturesTs, vector.ts());
            if (usedPsi != null) {
                // The model in use has both monitors or neither, sharing its compiled profile: one read serves both.
                double[] values = usedPsi.profile().valuesOf(vector.features());
                usedPsi.add(vector, values);
                missing.add(vector, values);
            }
        } else if (vector.modelId().equals(challengerModel)) {
            challengerFeaturesTs = Math.max(challengerFeaturesTs, vector.ts());
            if (challengerPsi != null) {
                challengerPsi.add(vector);
            }
        }
    }

    void advanceTo(long t) {
        if (usedPsi != null) {
            usedPsi.advanceTo(t);
        }
        if (missing != null) {
            missing.advanceTo(t);
        }
        if (challengerPsi != null) {
            challengerPsi.advanceTo(t);
        }
    }

    /**
     * Whether the model in use has had no feature vector within {@code FEATURES_STALE_MS}, or none
     * yet. Live the age is read on the job's clock, as staleness is, so a stream that stops shows
     * even when nothing else arrives; in replay on event time.
     */
    boolean featuresStale(StaleClock clock, long t) {
        if (usedFeaturesTs == NEVER) {
            return true;
        }
        long now = clock.live() ? clock.now() : t;
        return now - usedFeaturesTs > setup.config().featuresStaleMs();
    }

    /** Whether the model in use has a reference profile to read its drift by. */
    boolean hasProfile() {
        return usedPsi != null;
    }

    Double maxPsi() {
        return usedPsi == null ? null : usedPsi.maxPsi();
    }

    Double featuresMissingRatio() {
        return missing == null ? null : missing.featuresMissingRatio();
    }

    Double challengerMaxPsi() {
        return challengerPsi == null ? null : challengerPsi.maxPsi();
    }

    String usedModel() {
        return usedModel;
    }

    /** The model in use's drift monitor, or null when it has no profile to read it by. */
    PsiMonitor usedPsi() {
        return usedPsi;
    }

    String challengerModel() {
        return challengerModel;
    }

    // What State saves of the drift, read by SymbolWatch.state().

    PsiMonitor.State usedPsiState() {
        return usedPsi == null ? null : usedPsi.state();
    }

    MissingFeaturesMonitor.State missingState() {
        return missing == null ? null : missing.state();
    }

    PsiMonitor.State challengerPsiState() {
        return challengerPsi == null ? null : challengerPsi.state();
    }

    long usedFeaturesTs() {
        return usedFeaturesTs;
    }

    long challengerFeaturesTs() {
        return challengerFeaturesTs;
    }

    Long usedProfileSince() {
        return usedPsi == null ? null : usedPsi.profile().since();
    }

    long usedProfileKey() {
        return usedPsi == null ? 0L : usedPsi.profile().binsKey();
    }

    Long challengerProfileSince() {
        return challengerPsi == null ? null : challengerPsi.profile().since();
    }

    long challengerProfileKey() {
        return challengerPsi == null ? 0L : challengerPsi.profile().binsKey();
    }

    private static String usedModelUnder(ControlState control) {
        return control.pinned() ? control.pinnedModel() : control.champion();
    }

    private long featuresTsOf(String model) {
        if (model == null) {
            return NEVER;
        }
        if (model.equals(usedModel)) {
            return usedFeaturesTs;
        }
        return model.equals(challengerModel) ? challengerFeaturesTs : NEVER;
    }

    /** Whether {@code monitor} counts under exactly {@code profile}'s version (both absent counts as the same). */
    private static boolean isVersion(PsiMonitor monitor, CompiledProfile profile) {
        if (monitor == null || profile == null) {
            return monitor == null && profile == null;
        }
        return monitor.profile().since() == profile.since() && monitor.profile().modelId().equals(profile.modelId());
    }

    private static boolean bindsAlike(PsiMonitor monitor, CompiledProfile profile) {
        return monitor != null && profile != null && monitor.profile().binsKey() == profile.binsKey();
    }

    /** The model in use's monitors under {@code profile}: their counts kept, or started empty. */
    private void bindUsed(CompiledProfile profile, boolean keepCounts) {
        if (keepCounts && missing != null) {
            usedPsi = SymbolMonitors.usedPsi(setup, stores, profile, usedPsi.state());
            missing = SymbolMonitors.missing(setup, stores, profile, missing.state());
            return;
        }
        stores.usedPsiWindow().clear();
        stores.missingWindow().clear();
        usedPsi = profile == null ? null : SymbolMonitors.usedPsi(setup, stores, profile, null);
        missing = profile == null ? null : SymbolMonitors.missing(setup, stores, profile, null);
        usedWindowsHold = profile != null;
    }

    private void bindChallenger(CompiledProfile profile, boolean keepCounts) {
        if (keepCounts) {
            challengerPsi = SymbolMonitors.challengerPsi(setup, stores, profile, challengerPsi.state());
            return;
        }
        stores.challengerPsiWindow().clear();
        challengerPsi = profile == null ? null : SymbolMonitors.challengerPsi(setup, stores, profile, null);
        challengerWindowHolds = profile != null;
    }

    /**
     * The challenger's drift window goes on as the model in use's: its vectors and counts are copied
     * (once, on the promote) and the missing-features window starts empty, since the challenger's
     * monitor never counted it. The challenger's own window is left for {@link #bindChallenger} to clear.
     */
    private void takeOverChallengerWindow(CompiledProfile profile) {
        WindowLog<short[]> used = stores.usedPsiWindow();
        used.clear();
        stores.missingWindow().clear();
        List<WindowLog.Timed<short[]>> held = new ArrayList<>(stores.challengerPsiWindow().snapshot());
        held.sort(Comparator.comparingLong(WindowLog.Timed::ts));
        for (WindowLog.Timed<short[]> e : held) {
            used.add(e.ts(), e.event().clone());
        }
        usedPsi = SymbolMonitors.usedPsi(setup, stores, profile, PsiMonitor.copyOf(challengerPsi.state()));
        missing = SymbolMonitors.missing(setup, stores, profile, null);
        usedWindowsHold = true;
    }
}
