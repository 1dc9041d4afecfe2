package io.canarykit.cli.bench;

import java.time.Duration;

/**
 * When a section's warm-up rounds have done their work: once the JIT compilers spent at most a given
 * share of a round's wall time compiling, or after the most rounds or the longest time allowed,
 * whichever comes first. A round's rate measured while the compilers still take a good part of the
 * machine says more about the compilers than about the job, and rounds keep speeding up until they
 * quiet down.
 *
 * @param quietShare a round is quiet when its compile time is at most this share of its wall time
 *     (compile time is summed over the compiler threads, so it can exceed the wall time)
 */
record WarmUp(double quietShare, int maxRounds, Duration maxTime) {

    WarmUp {
        if (!(quietShare > 0) || maxRounds < 1 || maxTime.isNegative()) {
            throw new IllegalArgumentException("a warm-up needs a positive quiet share and at least one round, got "
                    + quietShare + ", " + maxRounds + ", " + maxTime);
        }
    }

    /** The compile time of a round as a share of its wall time; 0 for a round that took no time. */
    static double jitShare(long roundWallNanos, long roundJitMillis) {
        return roundWallNanos <= 0 ? 0 : roundJitMillis * 1e6 / roundWallNanos;
    }

    /**
     * Whether warming up is over after {@code rounds} rounds that took {@code elapsedNanos} in all,
     * the last of them with {@code lastJitShare} of its wall time spent compiling.
     */
    boolean over(int rounds, long elapsedNanos, double lastJitShare) {
        return rounds >= maxRounds || elapsedNanos >= maxTime.toNanos() || (rounds > 0 && lastJitShare <= quietShare);
    }
}
