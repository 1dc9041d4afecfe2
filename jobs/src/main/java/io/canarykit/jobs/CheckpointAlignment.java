package io.canarykit.jobs;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * How long a checkpoint may hold the live gate's inputs, and so a command waiting on one of them.
 *
 * <p>Flink takes no unaligned checkpoint on an operator with a broadcast input: every input edge of
 * such an operator is aligned, whatever the job asks. The symbol gate reads commands on a broadcast
 * input, so while it waits for a barrier on one channel, the channels that have brought theirs are
 * held, the commands' among them: a kill switch sent then waits until the gate has worked through
 * every quote queued ahead of the last barrier, seconds when the gate runs behind. Buffer debloating
 * keeps the data in flight on each channel to about {@link #IN_FLIGHT} of processing, which bounds
 * that wait. These are TaskManager settings: a session cluster needs them in its own configuration
 * (the deployment manifests carry them); a mini-cluster (the demo, the bench) takes them from here.
 */
public final class CheckpointAlignment {

    /** The data in flight on a channel, in time to process it, that debloating aims for. */
    public static final Duration IN_FLIGHT = Duration.ofMillis(100);

    private CheckpointAlignment() {}

    /** The TaskManager settings that bound the wait, as a cluster's configuration file spells them. */
    public static Map<String, String> settings() {
        return Map.of(
                "taskmanager.network.memory.buffer-debloat.enabled", "true",
                "taskmanager.network.memory.buffer-debloat.target", IN_FLIGHT.toMillis() + " ms");
    }

    /** Adds {@link #settings()} to {@code conf}. */
    public static Configuration bound(Configuration conf) {
        settings().forEach(conf::setString);
        return conf;
    }
}
