package io.canarykit.cli.demo.desk;

import io.canarykit.schema.GateDecision;
import io.canarykit.schema.RolloutPlan;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Plays a {@link Scenario} against the clock: its story starts when the job is first seen armed,
 * and each step is told to the narrator when it happens. Before arming the desk keeps the story's
 * initial conditions. Disarming later does not restart the story.
 */
public final class ScenarioPlayer {

    private final Scenario scenario;
    private final Consumer<String> narrator;
    private final RolloutNarration rolloutNarration = new RolloutNarration();
    private Consumer<RolloutPlan> rolloutStarter = plan -> { };
    private boolean rolloutStarted;
    private long armedAt = -1;
    private long toldUpTo = -1;

    public ScenarioPlayer(Scenario scenario, Consumer<String> narrator) {
        if (scenario == null || narrator == null) {
            throw new IllegalArgumentException("scenario and narrator are required but not provided.");
        }
        this.scenario = scenario;
        this.narrator = narrator;
    }

    /** A player of the healthy desk, which has nothing to tell. */
    public static ScenarioPlayer healthy() {
        return new ScenarioPlayer(new Scenario(Scenarios.HEALTHY, null, List.of(), DeskConditions.healthy(),
                List.of(), Map.of()), line -> { });
    }

    public Scenario scenario() {
        return scenario;
    }

    /**
     * Hands the story's rollout plan to {@code starter} once, when the story reaches its time. It
     * runs on the desk's tick, which must not block: a call to the sidecar goes on a thread of its own.
     */
    public synchronized ScenarioPlayer startingRolloutsWith(Consumer<RolloutPlan> starter) {
        if (starter == null) {
            throw new IllegalArgumentException("starter is required but not provided.");
        }
        this.rolloutStarter = starter;
        return this;
    }

    /** Tells where the rollout stands when a decision shows it moved on (a new state or step). */
    public void onDecision(GateDecision decision, long now) {
        rolloutNarration.see(decision, now).ifPresent(narrator);
    }

    /** Tells the story's plan: what holds from the start, then each step and when. A story with none says nothing. */
    public void announce() {
        if (scenario.setup().isEmpty() && scenario.steps().isEmpty()) {
            return;
        }
        String prefix = "scenario " + scenario.name() + ": ";
        for (String line : scenario.setup()) {
            narrator.accept(prefix + line);
        }
        if (!scenario.steps().isEmpty()) {
            narrator.accept(prefix + "the story starts when the job is armed (POST /api/kit/arm); then:");
        }
        for (Scenario.Step step : scenario.steps()) {
            narrator.accept(prefix + "  at " + Scenario.at(step.atMs()) + ": " + step.says());
        }
    }

    /**
     * The desk's conditions at {@code now}, given whether the job is armed; the first armed call
     * starts the story, and every step that has come due since the last call is told.
     */
    public synchronized DeskConditions conditions(long now, boolean armed) {
        if (armedAt < 0) {
            if (!armed) {
                return scenario.initial();
            }
            armedAt = now;
            if (!scenario.steps().isEmpty()) {
                narrator.accept("scenario " + scenario.name() + ": armed; the story starts");
            }
        }
        long elapsed = Math.max(0, now - armedAt);
        for (Scenario.Step step : scenario.stepsBetween(toldUpTo, elapsed)) {
            narrator.accept("scenario " + scenario.name() + " " + Scenario.at(step.atMs()) + ": " + step.says());
        }
        toldUpTo = Math.max(toldUpTo, elapsed);
        Scenario.RolloutStart rollout = scenario.rollout();
        if (rollout != null && !rolloutStarted && elapsed >= rollout.atMs()) {
            rolloutStarted = true;
            rolloutStarter.accept(rollout.plan());
        }
        return scenario.conditionsAt(elapsed);
    }

    /** When the story started (epoch ms), or -1 before arming. */
    public synchronized long armedAt() {
        return armedAt;
    }
}
