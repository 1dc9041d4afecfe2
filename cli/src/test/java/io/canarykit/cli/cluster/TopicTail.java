package io.canarykit.cli.cluster;

import io.canarykit.cli.demo.broker.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Reads a topic from its beginning on its own thread and keeps every record with the moment it arrived. */
final class TopicTail implements AutoCloseable {

    /** A record as read, with {@link System#nanoTime()} at its arrival. */
    record Received(long arrivedNanos, int partition, long offset, byte[] value) {}

    private final String bootstrap;
    private final String topic;
    private final List<Received> received = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    private TopicTail(String bootstrap, String topic) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.thread = new Thread(this::run, "tail-" + topic);
        thread.setDaemon(true);
    }

    static TopicTail start(String bootstrap, String topic) {
        TopicTail tail = new TopicTail(bootstrap, topic);
        tail.thread.start();
        return tail;
    }

    /** A copy of what arrived so far, in arrival order. */
    synchronized List<Received> received() {
        return new ArrayList<>(received);
    }

    @Override
    public String toString() {
        return topic;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5_000);
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.fromTheStart(bootstrap, topic)) {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    Received got = new Received(System.nanoTime(), r.partition(), r.offset(), r.value());
                    synchronized (this) {
                        received.add(got);
                    }
                }
            }
        }
    }
}
