package io.canarykit.operators.gate;

import io.canarykit.operators.risk.RiskLimits;
import io.canarykit.operators.window.TimeOrder;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Operator commands in time order, so the control state can be read as of any time: the job applies
 * a command at its own timestamp in replay (the same input always gives the same output), and on
 * arrival live ({@link #latest()}). Commands older than the watermark are folded into the base state.
 *
 * <p>It also carries the gate limits, which the operator's {@code set_limits} command changes.
 *
 * <p>It lives in broadcast state, which is always on the heap, and changes in place. Each held
 * command keeps the state and limits after it ({@link Step}), folded when it is added, so a read
 * is a binary search; a command in time order is appended in O(1), and a late one refolds only the
 * steps after its place. {@link #foldUpTo} moves a head index past what it folds; the folded slots
 * are removed once they are as many as the held ones.
 *
 * <p>It is a Flink POJO: the state holds the base, the slots (folded ones included) and the head.
 */
public final class ControlTimeline {

    /** Stands in for the account's limits, which the symbols' timeline does not hold. */
    private static final RiskLimits ANY_RISK_LIMITS = new RiskLimits(100_000, 0.01, 8, 0.25);

    /** The state before every held command. */
    private ControlState base;
    /** The gate limits before every held command. */
    private GateLimits baseLimits;
    /** The commands by timestamp then arrival, each with the state and limits after it. */
    private List<Step> slots = new ArrayList<>();
    /** Slots before this index were folded into the base and wait for the next compaction. */
    private int head;

    /** An empty timeline for the state serializer, which fills it; {@link #startingAt} makes a usable one. */
    public ControlTimeline() {}

    /** A timeline with no commands yet, and the default limits. */
    public static ControlTimeline startingAt(ControlState initial) {
        return startingAt(initial, GateLimits.defaults());
    }

    /** A timeline with no commands yet. */
    public static ControlTimeline startingAt(ControlState initial, GateLimits limits) {
        if (initial == null || limits == null) {
            throw new IllegalArgumentException("base and baseLimits must not be null");
        }
        ControlTimeline timeline = new ControlTimeline();
        timeline.base = initial;
        timeline.baseLimits = limits;
        return timeline;
    }

    /**
     * Puts {@code command} in its place, after the commands of the same time and before later ones.
     * A command that cannot be applied throws and leaves the timeline as it was.
     */
    public void add(ControlCommand command) {
        int at = firstAfter(command.ts());
        Step step = Step.applying(command, stateBefore(at), limitsBefore(at));
        slots.add(at, step);
        refoldAfter(at);
    }

    /** The state after every command with {@code ts <= t}. Refused commands change nothing. */
    public ControlState asOf(long t) {
        return stateBefore(firstAfter(t));
    }

    /** The gate limits after every {@code set_limits} with {@code ts <= t}; refused ones change nothing. */
    public GateLimits limitsAsOf(long t) {
        return limitsBefore(firstAfter(t));
    }

    /** The gate limits after every command held. */
    public GateLimits latestLimits() {
        return limitsBefore(slots.size());
    }

    /** The state after every command held, whatever its timestamp. */
    public ControlState latest() {
        return stateBefore(slots.size());
    }

    /** Folds the commands with {@code ts <= watermark} into the base; no later read can need them apart. */
    public void foldUpTo(long watermark) {
        int after = firstAfter(watermark);
        if (after == head) {
            return;
        }
        Step last = slots.get(after - 1);
        base = last.state();
        baseLimits = last.limits();
        head = TimeOrder.compact(slots, after);
    }

    /** The state before every held command. */
    public ControlState base() {
        return base;
    }

    /** The gate limits before every held command. */
    public GateLimits baseLimits() {
        return baseLimits;
    }

    /** A copy of the held commands, ordered by timestamp then arrival. */
    public List<ControlCommand> commands() {
        return held().stream().map(Step::command).toList();
    }

    private int firstAfter(long t) {
        return TimeOrder.firstAfter(slots, head, t, step -> step.command().ts());
    }

    /** The state just before slot {@code at}: the base when no held command precedes it. */
    private ControlState stateBefore(int at) {
        return at == head ? base : slots.get(at - 1).state();
    }

    /** The gate limits just before slot {@code at}: the base limits when no held command precedes it. */
    private GateLimits limitsBefore(int at) {
        return at == head ? baseLimits : slots.get(at - 1).limits();
    }

    /** Recomputes the steps after slot {@code at}, whose state before them has changed. */
    private void refoldAfter(int at) {
        // These commands were applied once already, and applying one fails only for what it is (never
        // for the state it meets), so this loop cannot stop halfway.
        for (int i = at + 1; i < slots.size(); i++) {
            slots.set(i, Step.applying(slots.get(i).command(), stateBefore(i), limitsBefore(i)));
        }
    }

    /** Timelines are equal when they hold the same base and commands, however many folded slots each keeps. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ControlTimeline other
                && base.equals(other.base)
                && baseLimits.equals(other.baseLimits)
                && held().equals(other.held());
    }

    @Override
    public int hashCode() {
        return 31 * (31 * base.hashCode() + baseLimits.hashCode()) + held().hashCode();
    }

    @Override
    public String toString() {
        return "ControlTimeline[base=" + base + ", baseLimits=" + baseLimits + ", commands=" + commands() + "]";
    }

    private List<Step> held() {
        return slots.subList(head, slots.size());
    }

    /**
     * A held command with the control state and gate limits after it.
     *
     * @param command the command
     * @param state the control state after the command; refused commands leave it as it was
     * @param limits the gate limits after the command; only an accepted {@code set_limits} changes them
     */
    public record Step(ControlCommand command, ControlState state, GateLimits limits) {

        /** The step of {@code command} applied to {@code state} and {@code limits}. */
        static Step applying(ControlCommand command, ControlState state, GateLimits limits) {
            return new Step(command, state.apply(command).state(), limitsAfter(command, limits));
        }

        private static GateLimits limitsAfter(ControlCommand command, GateLimits limits) {
            if (command.type() != ControlType.SET_LIMITS) {
                return limits;
            }
            SetLimits.Applied applied = SetLimits.apply(command, limits, ANY_RISK_LIMITS);
            return applied.accepted() ? applied.gate() : limits;
        }
    }

    // Flink's POJO rules ask for a public getter and setter per field (base() and baseLimits() are the
    // getters of theirs); only the state serializer uses these.

    public void setBase(ControlState base) {
        this.base = base;
    }

    public void setBaseLimits(GateLimits baseLimits) {
        this.baseLimits = baseLimits;
    }

    /** The slots as the state holds them, folded ones first. */
    public List<Step> getSlots() {
        return Collections.unmodifiableList(slots);
    }

    public void setSlots(List<Step> slots) {
        this.slots = new ArrayList<>(slots);
    }

    public int getHead() {
        return head;
    }

    public void setHead(int head) {
        this.head = head;
    }
}
