package io.canarykit.jobs.testing;

import io.canarykit.config.ConfigLoader;
import io.canarykit.config.KitConfig;
import io.canarykit.jobs.replay.SyntheticDesk;
import io.canarykit.operators.flink.GateSettings;
import io.canarykit.operators.flink.JobClock;
import java.util.List;
import java.util.Map;

/** The gate settings the job tests run with: the synthetic desk's champion and challenger. */
public final class DeskGates {

    private static final long IDLE_SYMBOL_TTL_MS = 3_600_000L;

    private DeskGates() {}

    /** The default settings, reading and writing the broker at {@code bootstrap}. */
    public static KitConfig kitAt(String bootstrap) {
        return ConfigLoader.load(Map.of(), List.of(), Map.of("KAFKA_BOOTSTRAP", bootstrap));
    }

    /** The live job as it starts: disarmed, preflight not yet passed. */
    public static GateSettings live(KitConfig kit) {
        return of(kit, JobClock.LIVE, false);
    }

    /** A replay: armed, preflight passed. */
    public static GateSettings replay(KitConfig kit) {
        return of(kit, JobClock.EVENT, true);
    }

    private static GateSettings of(KitConfig kit, JobClock clock, boolean armed) {
        return GateSettings.of(kit,
                List.of(SyntheticDesk.profile(SyntheticDesk.CHAMPION), SyntheticDesk.profile(SyntheticDesk.CHALLENGER)),
                SyntheticDesk.CHAMPION, SyntheticDesk.CHALLENGER, clock, armed, IDLE_SYMBOL_TTL_MS);
    }
}
