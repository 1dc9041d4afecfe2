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

    @Override
    void close();
}
