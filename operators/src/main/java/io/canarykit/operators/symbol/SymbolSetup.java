package io.canarykit.operators.symbol;

import io.canarykit.config.KitConfig;
import io.canarykit.operators.flink.GateSettings;
import io.canarykit.operators.gate.ControlState;
import io.canarykit.operators.gate.GateLimits;
import io.canarykit.operators.signals.CompiledProfile;
import io.canarykit.operators.signals.ReferenceBook;
import io.canarykit.schema.ReferenceProfile;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every symbol's signals are built with: the limits, the reference profiles, the windows and
 * the control state before any command. A class rather than a record, since it also holds what is
 * derived from them once per operator (the compiled profiles, the KPI record's windows) for every
 * symbol and event to share.
 */
public final class SymbolSetup {


    private final GateLimits limits;
    private final Map<String, ReferenceProfile> profiles;
    private final ControlState initialControl;
    private final long psiWindowMs;
    private final int psiMinSamples;
    private final long missingWindowMs;
    private final long sloWindowMs;
    private final int sloMinSamples;
    private final long feedFreshnessMs;
    private final long orphanTimeoutMs;
    private final long heartbeatMs;
    private final long featuresStaleMs;
    private final boolean requireReferenceFeed;
    private final Map<String, CompiledProfile> compiledProfiles;
    private final ReferenceBook startBook;
    private final Map<String, Long> kpiWindows;

    /**
     * A setup; every profile is checked and compiled here, once.
     *
     * @param limits the gate thresholds
     * @param profiles reference profiles by model id
     * @param initialControl the control state before any command
     * @param psiWindowMs the PSI window
     * @param psiMinSamples finite values a feature needs for a PSI
     * @param missingWindowMs the features-missing window
     * @param sloWindowMs the SLO window
     * @param sloMinSamples samples an SLO gate needs
     * @param feedFreshnessMs how old a quote may be for dislocation
     * @param orphanTimeoutMs the wait for an answer before a placed order is an orphan
     * @param heartbeatMs how often an unchanged decision is sent again
     * @param featuresStaleMs how long the model in use may go without a feature vector ({@code features_stale})
     * @param requireReferenceFeed whether a symbol without a fresh reference quote halts ({@code reference_stale})
     */
    public SymbolSetup(
            GateLimits limits,
            Map<String, ReferenceProfile> profiles,
            ControlState initialControl,
            long psiWindowMs,
            int psiMinSamples,
            long missingWindowMs,
            long sloWindowMs,
            int sloMinSamples,
            long feedFreshnessMs,
            long orphanTimeoutMs,
            long heartbeatMs,
            long featuresStaleMs,
            boolean requireReferenceFeed) {
        if (featuresStaleMs <= 0) {
            throw new IllegalArgumentException("featuresStaleMs must be positive, got " + featuresStaleMs);
        }
        this.limits = limits;
        this.profiles = Map.copyOf(profiles);
        this.initialControl = initialControl;
        this.psiWindowMs = psiWindowMs;
        this.psiMinSamples = psiMinSamples;
        this.missingWindowMs = missingWindowMs;
        this.sloWindowMs = sloWindowMs;
        this.sloMinSamples = sloMinSamples;
        this.feedFreshnessMs = feedFreshnessMs;
        this.orphanTimeoutMs = orphanTimeoutMs;
        this.heartbeatMs = heartbeatMs;
        this.featuresStaleMs = featuresStaleMs;
        this.requireReferenceFeed = requireReferenceFeed;
        this.compiledProfiles = compile(this.profiles);
        this.startBook = ReferenceBook.of(compiledProfiles.values());
        this.kpiWindows = kpiWindows(psiWindowMs, missingWindowMs, sloWindowMs, feedFreshnessMs, orphanTimeoutMs);
    }

    /** A setup with the contract's fail-closed defaults: 60 s without features, and the reference feed required. */
    public SymbolSetup(GateLimits limits, Map<String, ReferenceProfile> profiles, ControlState initialControl,
            long psiWindowMs, int psiMinSamples, long missingWindowMs, long sloWindowMs, int sloMinSamples,
            long feedFreshnessMs, long orphanTimeoutMs, long heartbeatMs) {
        this(limits, profiles, initialControl, psiWindowMs, psiMinSamples, missingWindowMs, sloWindowMs,
                sloMinSamples, feedFreshnessMs, orphanTimeoutMs, heartbeatMs, KitConfig.defaults().featuresStaleMs(), true);
    }

    /** The setup the gating functions are configured with. */
    public static SymbolSetup from(GateSettings settings) {
        KitConfig kit = settings.kit();
        ControlState start = new ControlState(
                settings.startArmed(), false, settings.startArmed(), null,
                kit.challengerShare(), settings.champion(), settings.challenger());
        return new SymbolSetup(
                GateLimits.from(kit),
                settings.profilesByModel(),
                start,
                kit.psiWindowMs(),
                kit.psiMinSamples(),
                kit.missingWindowMs(),
                kit.sloWindowMs(),
                kit.sloMinSamples(),
                kit.feedFreshnessMs(),
                kit.orphanTimeoutMs(),
                kit.decisionHeartbeatMs(),
                kit.featuresStaleMs(),
                kit.requireReferenceFeed());
    }

    /** The compiled reference profile of {@code modelId} given at start, or null when none was. */
    public CompiledProfile profile(String modelId) {
        return modelId == null ? null : compiledProfiles.get(modelId);
    }

    /** The profiles given at start, each holding from the start; {@code kit.reference} adds to them. */
    public ReferenceBook startBook() {
        return startBook;
    }

    /** The window lengths every KPI record lists, in the record's order; one unmodifiable map for all of them. */
    public Map<String, Long> kpiWindows() {
        return kpiWindows;
    }

    public GateLimits limits() {
        return limits;
    }

    public Map<String, ReferenceProfile> profiles() {
        return profiles;
    }

    public ControlState initialControl() {
        return initialControl;
    }

    public long psiWindowMs() {
        return psiWindowMs;
    }

    public int psiMinSamples() {
        return psiMinSamples;
    }

    public long missingWindowMs() {
        return missingWindowMs;
    }

    public long sloWindowMs() {
        return sloWindowMs;
    }

    public int sloMinSamples() {
        return sloMinSamples;
    }

    public long feedFreshnessMs() {
        return feedFreshnessMs;
    }

    public long orphanTimeoutMs() {
        return orphanTimeoutMs;
    }

    public long heartbeatMs() {
        return heartbeatMs;
    }

    public long featuresStaleMs() {
        return featuresStaleMs;
    }

    public boolean requireReferenceFeed() {
        return requireReferenceFeed;
    }

    private static Map<String, CompiledProfile> compile(Map<String, ReferenceProfile> profiles) {
        Map<String, CompiledProfile> compiled = new HashMap<>();
        // A profile given at start holds from the start, whatever ts its file gives it.
        profiles.forEach((modelId, profile) -> compiled.put(modelId,
                CompiledProfile.of(new ReferenceProfile(profile.modelId(), profile.features()))));
        return Map.copyOf(compiled);
    }

    private static Map<String, Long> kpiWindows(
            long psiWindowMs, long missingWindowMs, long sloWindowMs, long feedFreshnessMs, long orphanTimeoutMs) {
        // Insertion order is the order of the KPI record's JSON, which is a contract.
        Map<String, Long> windows = new LinkedHashMap<>();
        windows.put("psi_ms", psiWindowMs);
        windows.put("features_missing_ratio_ms", missingWindowMs);
        windows.put("slo_ms", sloWindowMs);
        windows.put("feed_freshness_ms", feedFreshnessMs);
        windows.put("orphan_timeout_ms", orphanTimeoutMs);
        return Collections.unmodifiableMap(windows);
    }
}
