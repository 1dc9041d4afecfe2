package io.canarykit.admin.control;

import io.canarykit.schema.ControlCommand;

/** Sends operator commands to the job on {@code kit.control}. */
public interface ControlPublisher extends AutoCloseable {

    /**
     * Publishes {@code command} and returns once the broker has acknowledged it.
     *
     * @throws BrokerUnavailableException when the broker did not acknowledge it in time
     */
    void publish(ControlCommand command);

    @Override
    void close();
}
