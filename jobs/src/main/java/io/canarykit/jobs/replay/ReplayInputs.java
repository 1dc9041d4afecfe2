package io.canarykit.jobs.replay;

import java.nio.file.Path;

/**
 * The files a replay reads: one JSONL file per input topic; {@code control} may be null.
 *
 * @param market quotes, one per line
 * @param features feature vectors, one per line
 * @param orders order events, one per line
 * @param control operator commands, one per line, or null
 * @param referenceUpdates reference profiles as {@code kit.reference} carries them, one per line, each
 *     holding from its {@code ts}; or null
 */
public record ReplayInputs(Path market, Path features, Path orders, Path control, Path referenceUpdates) {

    /** Inputs with no reference profile published during the replay. */
    public ReplayInputs(Path market, Path features, Path orders, Path control) {
        this(market, features, orders, control, null);
    }

    public ReplayInputs {
        if (market == null || features == null || orders == null) {
            throw new IllegalArgumentException("market, features and orders files are required but not all provided.");
        }
    }
}
