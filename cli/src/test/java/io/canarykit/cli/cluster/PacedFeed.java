package io.canarykit.cli.cluster;

import io.canarykit.cli.demo.broker.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Sends recorded lines to their topic partitions, spread evenly over a wall-clock duration, on its own thread. */
final class PacedFeed implements AutoCloseable {

    private final List<DrillRecording.Line> lines;
    private final long durationNanos;
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Thread thread;

    private PacedFeed(String bootstrap, List<DrillRecording.Line> lines, Duration duration) {
        this.lines = lines;
        this.durationNanos = duration.toNanos();
        this.producer = KafkaClients.producer(bootstrap, "all");
        this.thread = new Thread(this::run, "drill-feed");
        thread.setDaemon(true);
    }

    /** Starts sending {@code lines} in order, the last one about {@code duration} from now. */
    static PacedFeed start(String bootstrap, List<DrillRecording.Line> lines, Duration duration) {
        PacedFeed feed = new PacedFeed(bootstrap, lines, duration);
        feed.thread.start();
        return feed;
    }

    int sent() {
        return sent.get();
    }

    int total() {
        return lines.size();
    }

    /** Waits until every line is acknowledged by the broker. */
    void await(Duration timeout) throws Exception {
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            throw new IllegalStateException("the feed sent " + sent() + " of " + total() + " lines in " + timeout);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        producer.close(Duration.ofSeconds(5));
    }

    private void run() {
        long start = System.nanoTime();
        try {
            for (int i = 0; i < lines.size(); i++) {
                long due = start + durationNanos * i / lines.size();
                long wait = due - System.nanoTime();
                if (wait > 1_000_000) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                DrillRecording.Line l = lines.get(i);
                producer.send(new ProducerRecord<>(l.topic(), l.partition(), l.key(), l.json().getBytes(StandardCharsets.UTF_8)));
                sent.incrementAndGet();
            }
            producer.flush();
        } catch (Exception e) {
            failure.set(e);
        }
    }
}
