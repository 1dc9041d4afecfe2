package io.canarykit.operators.gate;

import io.canarykit.config.KitConfig;
import io.canarykit.operators.window.TimeOrder;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operator commands in time order, so the control state can be read as of any time: the job applies
 * a command at its own timestamp in replay (the same input always gives the same output), and on
 * arrival live ({@link #latest()}). Commands older than the watermark are folded into the base state.
 *
 * <p>It also carries the settings the operator's {@code set_limits} commands change: each step holds
 * the variables set so far as text, over the settings the job was configured with ({@link
 * #configuredBy}), and the limits in force are read from both ({@link #limitsAsOf}).
 *
 * <p>It lives in broadcast state, which is always on the heap, and changes in place. Each held
 * command keeps the state and settings after it ({@link Step}), folded when it is added, so a read
 * is a binary search; a command in time order is appended in O(1), and a late one refolds only the
 * steps after its place. {@link #foldUpTo} moves a head index past what it folds; the folded slots
 * are removed once they are as many as the held ones.
 *
 * <p>It is a Flink POJO: the state holds the base, the slots (folded ones included) and the head;
 * the configured settings and the limits read from them are not state, and are set again on restore.
 */
public final class ControlTimeline {

    /** The state before every held command. */
    private ControlState base;
    /** The variables set_limits set before every held command, as text. */
    private Map<String, String> baseSettings = Map.of();
    /** The commands by timestamp then arrival, each with the state and settings after it. */
    private List<Step> slots = new ArrayList<>();
    /** Slots before this index were folded into the base and wait for the next compaction. */
    private int head;
    /** The settings the job was configured with, which set_limits overrides. */
    private transient KitConfig configured;
    /** The limits of each settings map held, by identity: steps that change no setting share their map. */
    private transient Map<Map<String, String>, GateLimits> limitsBySettings;

    /** An empty timeline for the state serializer, which fills it; {@link #startingAt} makes a usable one. */
    public ControlTimeline() {}

    /** A timeline with no commands yet, over the default settings. */
    public static ControlTimeline startingAt(ControlState initial) {
        return startingAt(initial, KitConfig.defaults());
    }

    /** A timeline with no commands yet, over the settings the job was configured with. */
    public static ControlTimeline startingAt(ControlState initial, KitConfig configured) {
        if (initial == null || configured == null) {
            throw new IllegalArgumentException("base and configured settings must not be null");
        }
        ControlTimeline timeline = new ControlTimeline();
        timeline.base = initial;
        return timeline.configuredBy(configured);
    }

    /**
     * Sets the settings the job was configured with, under the variables set_limits set, when none are
     * set yet: a timeline restored from state has none, since the job's own configuration is not state.
     */
    public ControlTimeline configuredBy(KitConfig settings) {
        if (configured == null) {
            configured = settings;
            limitsBySettings = new IdentityHashMap<>();
        }
        return this;
    }

    /**
     * Puts {@code command} in its place, after the commands of the same time and before later ones.
     * A command that cannot be applied throws and leaves the timeline as it was.
     */
    public void add(ControlCommand command) {
        int at = firstAfter(command.ts());
        Step step = applying(command, stateBefore(at), settingsBefore(at));
        slots.add(at, step);
        refoldAfter(at);
    }

    /** The state after every command with {@code ts <= t}. Refused commands change nothing. */
    public ControlState asOf(long t) {
        return stateBefore(firstAfter(t));
    }

    /** The gate limits after every {@code set_limits} with {@code ts <= t}; refused ones change nothing. */
    public GateLimits limitsAsOf(long t) {
        return limitsOf(settingsBefore(firstAfter(t)));
    }

    /** The gate limits after every command held. */
    public GateLimits latestLimits() {
        return limitsOf(settingsBefore(slots.size()));
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
        baseSettings = last.settings();
        head = TimeOrder.compact(slots, after);
    }

    /** The state before every held command. */
    public ControlState base() {
        return base;
    }

    /** The gate limits before every held command. */
    public GateLimits baseLimits() {
        return limitsOf(baseSettings);
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

    /** The variables set just before slot {@code at}: the base's when no held command precedes it. */
    private Map<String, String> settingsBefore(int at) {
        return at == head ? baseSettings : slots.get(at - 1).settings();
    }

    /** Recomputes the steps after slot {@code at}, whose state before them has changed. */
    private void refoldAfter(int at) {
        // These commands were applied once already, and applying one fails only for what it is (never
        // for the state it meets), so this loop cannot stop halfway.
        for (int i = at + 1; i < slots.size(); i++) {
            slots.set(i, applying(slots.get(i).command(), stateBefore(i), settingsBefore(i)));
        }
    }

    /** The step of {@code command} applied to {@code state} and the variables set before it. */
    private Step applying(ControlCommand command, ControlState state, Map<String, String> settings) {
        return new Step(command, state.apply(command).state(), settingsAfter(command, settings));
    }

    /** The variables set after {@code command}: the same map unless it is an accepted set_limits. */
    private Map<String, String> settingsAfter(ControlCommand command, Map<String, String> settings) {
        if (command.type() != ControlType.SET_LIMITS) {
            return settings;
        }
        requireConfigured();
        return SetLimits.fold(configured, settings, command).settings();
    }

    private GateLimits limitsOf(Map<String, String> settings) {
        requireConfigured();
        GateLimits limits = limitsBySettings.get(settings);
        if (limits == null) {
            limits = GateLimits.from(configOf(settings));
            limitsBySettings.put(settings, limits);
        }
        return limits;
    }

    private KitConfig configOf(Map<String, String> settings) {
        requireConfigured();
        return SetLimits.configOf(configured, settings);
    }

    private void requireConfigured() {
        if (configured == null) {
            throw new IllegalStateException("the timeline's configured settings are not set; call configuredBy first");
        }
        // Slots compacted away leave their maps behind; the cache never holds more than a few.
        if (limitsBySettings.size() > 64) {
            limitsBySettings.clear();
        }
    }

    /** Timelines are equal when they hold the same base and commands, however many folded slots each keeps. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ControlTimeline other
                && base.equals(other.base)
                && baseSettings.equals(other.baseSettings)
                && held().equals(other.held());
    }

    @Override
    public int hashCode() {
        return 31 * (31 * base.hashCode() + baseSettings.hashCode()) + held().hashCode();
    }

    @Override
    public String toString() {
        return "ControlTimeline[base=" + base + ", baseSettings=" + baseSettings + ", commands=" + commands() + "]";
    }

    private List<Step> held() {
        return slots.subList(head, slots.size());
    }

    /**
     * A held command with the control state and the variables set after it.
     *
     * @param command the command
     * @param state the control state after the command; refused commands leave it as it was
     * @param settings the variables set_limits has set after the command, as text; only an accepted
     *     {@code set_limits} changes them
     */
    public record Step(ControlCommand command, ControlState state, Map<String, String> settings) {}

    // Flink's POJO rules ask for a public getter and setter per field (base() is the getter of its
    // field); only the state serializer uses these.

    public void setBase(ControlState base) {
        this.base = base;
    }

    public Map<String, String> getBaseSettings() {
        return baseSettings;
    }

    public void setBaseSettings(Map<String, String> baseSettings) {
        this.baseSettings = baseSettings == null ? Map.of() : baseSettings;
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
