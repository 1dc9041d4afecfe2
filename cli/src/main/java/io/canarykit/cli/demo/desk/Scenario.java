package io.canarykit.cli.demo.desk;

import io.canarykit.schema.RolloutPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A timed story the simulated desk plays: steps at fixed times after the job is armed, each
 * changing the desk's conditions from then on. Pure: it only answers which conditions apply at an
 * elapsed time and which steps fall in a stretch of time.
 */
public final class Scenario {

    /**
     * One step of the story.
     *
     * @param atMs when it happens, in milliseconds after arming
     * @param says what happens, as the demo prints it
     * @param conditions the desk's conditions from then on, until the next step
     */
    public record Step(long atMs, String says, DeskConditions conditions) {

        public Step {
            if (atMs < 0) {
                throw new IllegalArgumentException("atMs must not be negative, got " + atMs);
            }
            if (says == null || says.isBlank() || conditions == null) {
                throw new IllegalArgumentException("says and conditions are required but not provided.");
            }
        }
    }

    private final String name;
    private final String symbol;
    private final List<String> setup;
    private final DeskConditions initial;
    private final List<Step> steps;
    private final Map<String, String> settings;
    private final RolloutStart rollout;

    /**
     * A rollout the demo starts through the sidecar during the story.
     *
     * @param atMs when, in milliseconds after arming
     * @param plan the plan it starts
     */
    public record RolloutStart(long atMs, RolloutPlan plan) {

        public RolloutStart {
            if (atMs < 0 || plan == null) {
                throw new IllegalArgumentException("a plan and a time at or after arming are required, got " + plan
                        + " at " + atMs);
            }
        }
    }

    /** A story that starts no rollout. */
    public Scenario(String name, String symbol, List<String> setup, DeskConditions initial, List<Step> steps,
            Map<String, String> settings) {
        this(name, symbol, setup, initial, steps, settings, null);
    }

    /**
     * @param name the scenario's name, as {@code --scenario} takes it
     * @param symbol the symbol the story is about, or null when it is about the whole desk
     * @param setup what holds from the start, before any step, one line each
     * @param initial the desk's conditions before the first step (and before arming)
     * @param steps the story, in time order
     * @param settings the settings the story needs, used unless the user sets them
     * @param rollout the rollout the demo starts through the sidecar during the story, or null
     */
    public Scenario(String name, String symbol, List<String> setup, DeskConditions initial, List<Step> steps,
            Map<String, String> settings, RolloutStart rollout) {
        if (name == null || name.isBlank() || initial == null) {
            throw new IllegalArgumentException("name and initial conditions are required but not provided.");
        }
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i).atMs() < steps.get(i - 1).atMs()) {
                throw new IllegalArgumentException("steps must be in time order, got +" + steps.get(i - 1).atMs()
                        + " ms before +" + steps.get(i).atMs() + " ms");
            }
        }
        this.name = name;
        this.symbol = symbol;
        this.setup = List.copyOf(setup);
        this.initial = initial;
        this.steps = List.copyOf(steps);
        this.settings = Map.copyOf(settings);
        this.rollout = rollout;
    }

    public String name() {
        return name;
    }

    /** The symbol the story is about, or null. */
    public String symbol() {
        return symbol;
    }

    /** What holds from the start, one line each. */
    public List<String> setup() {
        return setup;
    }

    public List<Step> steps() {
        return steps;
    }

    /** The settings the story needs, used unless the user sets them. */
    public Map<String, String> settings() {
        return settings;
    }

    /** The rollout the demo starts during the story, or null when it starts none. */
    public RolloutStart rollout() {
        return rollout;
    }

    /** The conditions before arming and before the first step. */
    public DeskConditions initial() {
        return initial;
    }

    /** The conditions at {@code elapsedMs} after arming: those of the last step at or before it. */
    public DeskConditions conditionsAt(long elapsedMs) {
        DeskConditions current = initial;
        for (Step step : steps) {
            if (step.atMs() > elapsedMs) {
                break;
            }
            current = step.conditions();
        }
        return current;
    }

    /** The steps with {@code afterMs < atMs <= upToMs}, in time order. */
    public List<Step> stepsBetween(long afterMs, long upToMs) {
        List<Step> due = new ArrayList<>();
        for (Step step : steps) {
            if (step.atMs() > afterMs && step.atMs() <= upToMs) {
                due.add(step);
            }
        }
        return due;
    }

    /** The same story told {@code speed} times faster: every step's time divided by it. */
    public Scenario faster(double speed) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a positive number, got " + speed);
        }
        List<Step> scaled = new ArrayList<>();
        for (Step step : steps) {
            scaled.add(new Step(Math.round(step.atMs() / speed), step.says(), step.conditions()));
        }
        RolloutStart start = rollout == null ? null : new RolloutStart(Math.round(rollout.atMs() / speed), rollout.plan());
        return new Scenario(name, symbol, setup, initial, scaled, settings, start);
    }

    /** {@code +20 s} for 20 000 ms. */
    public static String at(long ms) {
        return ms % 1000 == 0 ? "+" + ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "+%.1f s", ms / 1000.0);
    }
}
