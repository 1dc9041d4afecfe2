package io.canarykit.operators.flink;

import io.canarykit.operators.signals.MarkoutBook;
import java.util.function.LongConsumer;

/**
 * The timers that settle a fill's markouts, one per horizon. Live, they sit on the clock's grid, so
 * the fills of one grid second ask for the same timers; Flink's timer queue keeps each once, but
 * the live job's change log writes every registration. A fill whose timers are exactly those of the
 * fill before it, still pending, registers none: the symbol keeps when its last fill's first timer
 * fires ({@link #NONE} when it keeps nothing).
 */
final class MarkoutTimers {

    /** No registration to compare with. */
    static final long NONE = SymbolTimes.NONE;

    private static final MarkoutBook.Horizon[] HORIZONS = MarkoutBook.Horizon.values();

    private MarkoutTimers() {}

    /**
     * Registers the timers of a fill stamped {@code fillTs} at the clock's time {@code now}, unless
     * they are the ones registered for the fill that left {@code registeredFrom}; returns what the
     * symbol keeps now. Only live: in replay every timer is registered, as the exact order has it.
     */
    static long register(JobClock clock, long fillTs, long now, long registeredFrom, LongConsumer timers) {
        long first = clock.markoutTimerAt(fillTs + HORIZONS[0].ms(), now);
        // On the grid, each horizon's timer lies as far past the first as the horizon does, unless one
        // was moved past now (a fill applied late): then the set is not the plain one and is not kept.
        boolean plain = true;
        for (int i = 1; i < HORIZONS.length; i++) {
            long at = clock.markoutTimerAt(fillTs + HORIZONS[i].ms(), now);
            plain &= at == first + (HORIZONS[i].ms() - HORIZONS[0].ms());
        }
        // Every timer lies after now, so the ones registered from the same first are still pending.
        if (clock.isLive() && plain && first == registeredFrom) {
            return registeredFrom;
        }
        for (MarkoutBook.Horizon h : HORIZONS) {
            timers.accept(clock.markoutTimerAt(fillTs + h.ms(), now));
        }
        return clock.isLive() && plain ? first : NONE;
    }
}
