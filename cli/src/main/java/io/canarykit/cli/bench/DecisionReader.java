package io.canarykit.cli.bench;

import io.canarykit.cli.demo.broker.KafkaClients;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.Topics;
import io.canarykit.schema.codec.Decoded;
import io.canarykit.schema.codec.JsonCodec;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * A consumer of {@code kit.gate-decisions} as an engine reads it, from the topic's start, handing each
 * decision to a listener with the moment the consumer saw it. It uses the clients' default fetch
 * settings: {@code fetch.min.bytes=1} answers a poll as soon as one record is there, so
 * {@code fetch.max.wait.ms} (500) only bounds an empty poll.
 */
final class DecisionReader implements AutoCloseable {

    /** Hears each decision the consumer sees, with {@link System#nanoTime()} when its poll returned. */
    interface Listener {
        void seen(GateDecision decision, long seenNanos);
    }

    private final String bootstrap;
    private final Listener listener;
    private final Predicate<String> wanted;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong decisions = new AtomicLong();
    private Thread thread;

    /** Reads every decision. */
    DecisionReader(String bootstrap, Listener listener) {
        this(bootstrap, listener, symbol -> true);
    }

    /**
     * Reads the decisions whose key (the symbol) {@code wanted} accepts, asked per record before it is
     * decoded: the reader shares the machine with the job it measures, and decoding every symbol's
     * decisions to follow a few of them took a core's worth of time from it.
     */
    DecisionReader(String bootstrap, Listener listener, Predicate<String> wanted) {
        this.bootstrap = bootstrap;
        this.listener = listener;
        this.wanted = wanted;
    }

    DecisionReader start() {
        running.set(true);
        thread = new Thread(this::read, "bench-decisions");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Decisions seen so far. */
    long decisions() {
        return decisions.get();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        if (thread != null) {
            thread.join(10_000);
        }
    }

    private void read() {
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.fromTheStart(bootstrap, Topics.GATE_DECISIONS)) {
            while (running.get()) {
                ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(100));
                long seen = System.nanoTime();
                for (ConsumerRecord<String, byte[]> r : batch) {
                    // The topic is compacted: every decision has its symbol as its key.
                    if (!wanted.test(r.key())) {
                        continue;
                    }
                    Decoded<GateDecision> d = JsonCodec.decode(r.value(), GateDecision.class);
                    if (d.isAccepted()) {
                        decisions.incrementAndGet();
                        listener.seen(d.value(), seen);
                    }
                }
            }
        } catch (RuntimeException e) {
            if (running.get()) {
                System.err.println("bench: stopped reading decisions: " + e);
            }
        }
    }
}
