package io.canarykit.jobs;

import io.canarykit.operators.flink.GateSettings;

/**
 * What the job graph is built with beyond its sources and sinks.
 *
 * @param gate the gating functions' settings
 * @param idlenessMs how long a quiet input stream may hold event time back; 0 for bounded inputs
 */
public record WorkflowSettings(GateSettings gate, long idlenessMs) {}
