package io.canarykit.operators.flink;

import io.canarykit.operators.gate.ControlState;
import io.canarykit.operators.gate.ControlTimeline;
import io.canarykit.operators.gate.GateLimits;
import io.canarykit.operators.risk.AccountTimeline;
import io.canarykit.operators.risk.AccountView;
import io.canarykit.operators.symbol.StaleClock;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;

/**
 * Which clock the job's functions run on ({@code --clock live|event}), and everything that differs
 * between the two. Live, inputs and operator commands act on arrival, and staleness, heartbeats and
 * timers follow processing time; on event time everything follows the events' own timestamps, so the
 * same input always gives the same output. The functions ask their clock instead of branching on it.
 */
public enum JobClock {
    /** Processing time for staleness and heartbeats; inputs and commands act on arrival. */
    LIVE {
        @Override
        public Admission admit(long ts, long watermark) {
            return Admission.ON_ARRIVAL;
        }

        @Override
        public long inputTime(long processingTime, long eventTs) {
            return processingTime;
        }

        @Override
        public boolean runsAheadOfInput() {
            return true;
        }

        @Override
        public boolean inputEnded(long watermark) {
            return false;
        }

        @Override
        public long changesInForceAt(long t) {
            return Long.MAX_VALUE;
        }

        @Override
        public ControlState controlAt(ControlTimeline timeline, long t) {
            return timeline.latest();
        }

        @Override
        public GateLimits limitsAt(ControlTimeline timeline, long t) {
            return timeline.latestLimits();
        }

        @Override
        public AccountView accountAt(AccountTimeline timeline, long t) {
            return timeline.latest();
        }

        @Override
        public StaleClock staleClock(long t, long processingTime, Long primaryReceivedTs) {
            return StaleClock.live(processingTime, primaryReceivedTs);
        }

        @Override
        public boolean owns(TimeDomain domain) {
            return domain == TimeDomain.PROCESSING_TIME;
        }

        @Override
        public void register(TimerService timers, long due) {
            timers.registerProcessingTimeTimer(due);
        }

        @Override
        public void delete(TimerService timers, long due) {
            timers.deleteProcessingTimeTimer(due);
        }

        @Override
        public long markoutTimerAt(long due, long now) {
            long onGrid = gridAtOrAfter(due);
            // A horizon already past (a fill applied late, as while the job catches up) goes to the next
            // second after now: registered on a grid second that has fired, it would fire once more
            // for every such fill, and with the next second every fill of this second shares one timer.
            return onGrid > now ? onGrid : gridAtOrAfter(now + 1);
        }
    },

    /**
     * Event time throughout ({@code --clock event}, and every {@code kit replay}); inputs and commands
     * apply at their own timestamp.
     */
    EVENT {
        @Override
        public Admission admit(long ts, long watermark) {
            return ts <= watermark ? Admission.LATE : Admission.HELD;
        }

        @Override
        public long inputTime(long processingTime, long eventTs) {
            return eventTs;
        }

        @Override
        public boolean runsAheadOfInput() {
            return false;
        }

        @Override
        public boolean inputEnded(long watermark) {
            // A bounded input's end brings the watermark to the end of time.
            return watermark == Long.MAX_VALUE;
        }

        @Override
        public long changesInForceAt(long t) {
            return t;
        }

        @Override
        public ControlState controlAt(ControlTimeline timeline, long t) {
            return timeline.asOf(t);
        }

        @Override
        public GateLimits limitsAt(ControlTimeline timeline, long t) {
            return timeline.limitsAsOf(t);
        }

        @Override
        public AccountView accountAt(AccountTimeline timeline, long t) {
            return timeline.asOf(t);
        }

        @Override
        public StaleClock staleClock(long t, long processingTime, Long primaryReceivedTs) {
            return StaleClock.replay(t);
        }

        @Override
        public boolean owns(TimeDomain domain) {
            return domain == TimeDomain.EVENT_TIME;
        }

        @Override
        public void register(TimerService timers, long due) {
            timers.registerEventTimeTimer(due);
        }

        @Override
        public void delete(TimerService timers, long due) {
            timers.deleteEventTimeTimer(due);
        }

        @Override
        public long markoutTimerAt(long due, long now) {
            return due;
        }
    };

    /**
     * Live, the grid the markout horizons' timers are rounded up to. Each fill has three horizons, so
     * a timer at each would wake the job's timer thread and the gate a few thousand times a second
     * at desk rates, nearly always for nothing: a primary quote stamped after a horizon settles it on
     * arrival, from the mid in force at the horizon. The timer only settles a symbol whose quotes
     * have stopped, whose mid in force stays the one at the horizon, so a whole second later loses
     * nothing, and every symbol's horizons in that second share one timer.
     */
    public static final long MARKOUT_TIMER_GRID_MS = 1_000;

    /** What a keyed function does with an input when it arrives. */
    public enum Admission {
        /** Live: applied now, whatever its timestamp. */
        ON_ARRIVAL,
        /** Replay, at or behind the watermark: applied now, at the time already reached, and counted late. */
        LATE,
        /** Replay, ahead of the watermark: held until the watermark passes its timestamp. */
        HELD
    }

    public boolean isLive() {
        return this == LIVE;
    }

    /** Whether inputs and operator commands act when they arrive rather than at their own timestamp. */
    public boolean actsOnArrival() {
        return this == LIVE;
    }

    /** What to do with an input stamped {@code ts} that arrives with the watermark at {@code watermark}. */
    public abstract Admission admit(long ts, long watermark);

    /** The clock's time of an input: when it arrived live, its own timestamp in replay. */
    public abstract long inputTime(long processingTime, long eventTs);

    /**
     * Whether the clock moves on without input. Processing time does; event time reaches only as far
     * as the input, so heartbeats and analyses in replay fill the gaps between inputs and then stop.
     */
    public abstract boolean runsAheadOfInput();

    /** Whether the input has ended, so nothing later than its last event will come. Live input never ends. */
    public abstract boolean inputEnded(long watermark);

    /**
     * The newest timestamp of a broadcast change (command, profile, account view) in force at
     * {@code t}: every change received so far live, those stamped at or before {@code t} in replay.
     */
    public abstract long changesInForceAt(long t);

    /** The operator's control in force at {@code t}. */
    public abstract ControlState controlAt(ControlTimeline timeline, long t);

    /** The gate limits in force at {@code t}. */
    public abstract GateLimits limitsAt(ControlTimeline timeline, long t);

    /** The account view in force at {@code t}: the newest live, where events apply on arrival. */
    public abstract AccountView accountAt(AccountTimeline timeline, long t);

    /**
     * What staleness at {@code t} is measured against: live, processing time and the newest primary
     * quote received; in replay, event time and the newest primary quote applied.
     */
    public abstract StaleClock staleClock(long t, long processingTime, Long primaryReceivedTs);

    /** Whether a timer of {@code domain} is one of this clock's (heartbeat, staleness, markout, clean-up). */
    public abstract boolean owns(TimeDomain domain);

    /** Registers a timer at {@code due} on this clock. */
    public abstract void register(TimerService timers, long due);

    /** Deletes the timer at {@code due} on this clock. */
    public abstract void delete(TimerService timers, long due);

    /**
     * When the timer settling a markout horizon due at {@code due} fires, registered at the clock's
     * time {@code now}: at the horizon in replay, where timers keep the exact order; live, at the
     * next whole {@link #MARKOUT_TIMER_GRID_MS}, and at the first one after {@code now} when that
     * has passed.
     */
    public abstract long markoutTimerAt(long due, long now);

    private static long gridAtOrAfter(long t) {
        return Math.floorDiv(t, MARKOUT_TIMER_GRID_MS) * MARKOUT_TIMER_GRID_MS
                + (Math.floorMod(t, MARKOUT_TIMER_GRID_MS) == 0 ? 0 : MARKOUT_TIMER_GRID_MS);
    }

    /** Whether staleness is read from the primary quotes as they arrive, before the watermark releases them. */
    public boolean measuresStalenessOnArrival() {
        return this == LIVE;
    }
}
