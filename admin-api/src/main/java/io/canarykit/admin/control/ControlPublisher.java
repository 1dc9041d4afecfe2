package io.canarykit.admin.control;

import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ReferenceProfile;

/** Sends operator commands to the job on {@code kit.control}, and models' reference profiles on {@code kit.reference}. */
public interface ControlPublisher extends AutoCloseable {

    /**
     * Publishes {@code command} and returns once the broker has acknowledged it.
     *
     * @throws BrokerUnavailableException when the broker did not acknowledge it in time
     */
    void publish(ControlCommand command);

    /**
     * Publishes {@code profile}, keyed by its model, and returns once the broker has acknowledged it.
     *
     * @throws BrokerUnavailableException when the broker did not acknowledge it in time
     */
    void publish(ReferenceProfile profile);

    /**
     * Readies the way to the topics ahead of the first command (their metadata, the broker's
     * connection), sending nothing; may block while the broker is away, and never throws.
     */
    default void prepare() {}

    @Override
    void close();
}
