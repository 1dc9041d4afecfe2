package io.canarykit.cli.demo.recording;

/**
 * Maps a recording's times onto the wall clock: the first record plays at {@code startMillis}, and
 * one recorded d ms later plays d / speed ms later, stamped with the time it plays at.
 *
 * @param firstTs the recorded time of the first record
 * @param startMillis the wall clock when the first record plays
 * @param speed how many times faster than recorded; 1 is real time
 */
record TimeShift(long firstTs, long startMillis, double speed) {

    TimeShift {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a positive number, got " + speed);
        }
    }

    /** The wall-clock time a record recorded at {@code ts} plays at, and its new {@code ts}. */
    long playAt(long ts) {
        return startMillis + Math.round((ts - firstTs) / speed);
    }
}
