package io.canarykit.operators.symbol;

import io.canarykit.config.KitConfig;
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
 * What every symbol's signals are built with: the settings (windows, sample counts and timeouts are
 * read from {@link #config()} where they are used), the reference profiles and the control state before any
 * command. A class rather than a record, since it also holds what is derived from them once per
 * operator (the limits, the compiled profiles, the KPI record's windows) for every symbol and event
 * to share.
 */
public final class SymbolSetup {

    private final KitConfig config;
    private final GateLimits limits;
    private final ControlState initialControl;
    private final Map<String, CompiledProfile> compiledProfiles;
    private final ReferenceBook startBook;
    private final Map<String, Long> kpiWindows;

    /**
     * A setup; every profile is checked and compiled here, once.
     *
     * @param config the settings the windows, sample counts, timeouts and limits are read from
     * @param profiles reference profiles by model id
     * @param initialControl the control state before any command
     */
    public SymbolSetup(KitConfig config, Map<String, ReferenceProfile> profiles, ControlState initialControl) {
        if (config == null) {
            throw new IllegalArgumentException("config is required but not provided.");
        }
        this.config = config;
        this.limits = GateLimits.from(config);
        this.initialControl = initialControl;
        this.compiledProfiles = compile(Map.copyOf(profiles));
        this.startBook = ReferenceBook.of(compiledProfiles.values());
        this.kpiWindows = kpiWindows(config);
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

    /** The settings this setup was built from, before any {@code set_limits}. */
    public KitConfig config() {
        return config;
    }

    /** The gate thresholds at start, derived from {@link #config()} once. */
    public GateLimits limits() {
        return limits;
    }

    public ControlState initialControl() {
        return initialControl;
    }

    private static Map<String, CompiledProfile> compile(Map<String, ReferenceProfile> profiles) {
        Map<String, CompiledProfile> compiled = new HashMap<>();
        // A profile given at start holds from the start, whatever ts its file gives it.
        profiles.forEach((modelId, profile) -> compiled.put(modelId,
                CompiledProfile.of(new ReferenceProfile(profile.modelId(), profile.features()))));
        return Map.copyOf(compiled);
    }

    private static Map<String, Long> kpiWindows(KitConfig config) {
        // Insertion order is the order of the KPI record's JSON, which is a contract.
        Map<String, Long> windows = new LinkedHashMap<>();
        windows.put("psi_ms", config.psiWindowMs());
        windows.put("features_missing_ratio_ms", config.missingWindowMs());
        windows.put("slo_ms", config.sloWindowMs());
        windows.put("feed_freshness_ms", config.feedFreshnessMs());
        windows.put("orphan_timeout_ms", config.orphanTimeoutMs());
        return Collections.unmodifiableMap(windows);
    }
}
