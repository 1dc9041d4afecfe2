package io.canarykit.admin.testing;

import io.canarykit.jobs.testing.KafkaTestBroker;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Kafka broker for a test class, started before its first test and stopped after its
 * last: register it as a static field with {@code @RegisterExtension}.
 */
public final class BrokerPerClass implements BeforeAllCallback, AfterAllCallback {

    private KafkaTestBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        broker = KafkaTestBroker.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /** The class's broker; only between its first test and its last. */
    public KafkaTestBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("the broker runs only while the test class does");
        }
        return broker;
    }
}
