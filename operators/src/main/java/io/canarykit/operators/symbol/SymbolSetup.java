package io.canarykit.operators.symbol;

import io.canarykit.config.KitConfig;
import io.canarykit.operators.flink.GateSettings;
import io.canarykit.operators.gate.ControlState;
import io.canarykit.operators.gate.GateLimits;
import io.canarykit.schema.ReferenceProfile;
import java.util.Map;

/**
 * What every symbol's signals are built with: the limits, the reference profiles, the windows and
 * the control state before any command.
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
 */
public record SymbolSetup(
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
        long heartbeatMs) {

    /** Finished orders are forgotten after an hour without events, any order after a day. */
    public static final long FINISHED_ORDER_RETENTION_MS = 60 * 60 * 1000L;
    public static final long OPEN_ORDER_RETENTION_MS = 24 * 60 * 60 * 1000L;

    public SymbolSetup {
        profiles = Map.copyOf(profiles);
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
                kit.decisionHeartbeatMs());
    }

    /** The reference profile of {@code modelId}, or null when none was loaded. */
    public ReferenceProfile profile(String modelId) {
        return modelId == null ? null : profiles.get(modelId);
    }
}
