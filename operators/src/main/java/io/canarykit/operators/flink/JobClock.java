package io.canarykit.operators.flink;

/**
 * Which clock the job's functions run on. Live, staleness and heartbeats follow processing time and
 * operator commands take effect when they arrive; in replay everything follows event time, so the
 * same input always gives the same output.
 */
public enum JobClock {
    /** Processing time for staleness and heartbeats; commands apply on arrival. */
    LIVE,
    /** Event time throughout; commands apply at their own timestamp. */
    REPLAY;

    public boolean isLive() {
        return this == LIVE;
    }
}
