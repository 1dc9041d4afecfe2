package io.canarykit.config;

/**
 * The rules that tie two settings together, for the loader that checks the settings and for the
 * limits built from them, so that both hold the same rule.
 */
public final class CrossRules {

    private CrossRules() {}

    /** {@code PSI_WARN} may not exceed {@code PSI_HALT}: a warning that comes after the halt says nothing. */
    public static boolean psiInOrder(double warn, double halt) {
        return warn <= halt;
    }

    /** {@code DECISION_HEARTBEAT_MS} must be below {@code DECISION_TTL_MS}, or decisions expire between heartbeats. */
    public static boolean heartbeatBeforeExpiry(long heartbeatMs, long ttlMs) {
        return heartbeatMs < ttlMs;
    }
}
