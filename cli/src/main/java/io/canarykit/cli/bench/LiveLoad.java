package io.canarykit.cli.bench;

import io.canarykit.cli.demo.broker.KafkaClients;
import io.canarykit.cli.demo.desk.ProfileSampler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * An open-loop load on the input topics: a few sender threads, each with its own producer and its
 * share of the symbols, sending the {@link LoadMix} on an {@link OpenLoopSchedule} and stamping every
 * record with the time it is sent, encoded by a {@link LoadEncoder} of its own. It never waits for
 * acknowledgements, so what it achieves is measured, not assumed.
 */
final class LiveLoad implements AutoCloseable {

    /** What the load has sent, at a moment: the count and when. */
    record Mark(long sent, long nanos) {

        /** The rate achieved from {@code earlier} to this mark, in records per second. */
        double rateSince(Mark earlier) {
            return BenchMath.perSecond(sent - earlier.sent, nanos - earlier.nanos);
        }
    }

    /**
     * The senders stand for feed handlers and engines on machines of their own; here they share the
     * job's cores, so they batch as such a sender tuned for throughput would: at 20,000 events/s over
     * three topics of three partitions, 5 ms batches held a handful of records each, and the load's
     * network threads and the broker spent as much on them as the load did encoding. Staleness is
     * measured in seconds, and the probes go on a producer of their own that sends at once.
     */
    static final int LINGER_MS = 20;
    /**
     * The shortest a sender sleeps between sends: what falls due meanwhile goes out together when it
     * wakes. Sleeping until each send's own moment (every 100 µs per sender at 20,000 events/s) woke
     * each sender 10,000 times a second, which cost the shared cores about as much as the gate's
     * thread; the records wait for the producer's {@link #LINGER_MS} batch anyway.
     */
    static final long MIN_SLEEP_NANOS = 1_000_000;

    private final String bootstrap;
    private final List<LoadMix> mixes = new ArrayList<>();
    private final double rate;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final List<Thread> senders = new ArrayList<>();
    private volatile Mark started;

    /**
     * @param probeSymbols symbols whose primary feed the load leaves to a prober
     * @param rate records per second over all symbols, shared evenly by the {@code threads} senders
     */
    LiveLoad(String bootstrap, List<String> symbols, Set<String> probeSymbols, double rate, int threads,
            ProfileSampler champion, ProfileSampler challenger, long seed) {
        if (threads < 1 || threads > symbols.size()) {
            throw new IllegalArgumentException("threads must be within 1.." + symbols.size() + ", got " + threads);
        }
        this.bootstrap = bootstrap;
        this.rate = rate;
        for (int t = 0; t < threads; t++) {
            List<String> share = new ArrayList<>();
            for (int s = t; s < symbols.size(); s += threads) {
                share.add(symbols.get(s));
            }
            mixes.add(new LoadMix(share, probeSymbols, champion, challenger, seed + t));
        }
    }

    /** Starts every sender, each on its own schedule from now. */
    LiveLoad start() {
        running.set(true);
        long start = System.nanoTime();
        started = new Mark(0, start);
        for (int t = 0; t < mixes.size(); t++) {
            LoadMix mix = mixes.get(t);
            OpenLoopSchedule schedule = new OpenLoopSchedule(start, rate / mixes.size());
            String name = "bench-load-" + t;
            Thread sender = new Thread(() -> send(name, mix, schedule), name);
            sender.setDaemon(true);
            senders.add(sender);
            sender.start();
        }
        return this;
    }

    /** The start: nothing sent yet. */
    Mark started() {
        return started;
    }

    /** What has been sent so far. */
    Mark mark() {
        return new Mark(sent.get(), System.nanoTime());
    }

    /** Sends the broker did not acknowledge. */
    long failed() {
        return failed.get();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread sender : senders) {
            sender.join(10_000);
        }
        senders.clear();
    }

    private void send(String name, LoadMix mix, OpenLoopSchedule schedule) {
        // Named as its sender, so its network thread is known for the bench's own and not the job's.
        KafkaProducer<String, byte[]> producer = KafkaClients.producer(bootstrap, "1", name, LINGER_MS);
        LoadEncoder encoder = new LoadEncoder();
        try {
            long n = 0;
            while (running.get()) {
                long now = System.nanoTime();
                long due = schedule.dueBy(now);
                if (n >= due) {
                    LockSupport.parkNanos(Math.max(schedule.dueNanos(n) - now, MIN_SLEEP_NANOS));
                    continue;
                }
                // Behind schedule, it catches up at once: an open load does not forgive a stall.
                for (; n < due && running.get(); n++) {
                    Object record = mix.next(System.currentTimeMillis());
                    producer.send(new ProducerRecord<>(LoadMix.topicOf(record), LoadMix.symbolOf(record),
                            encoder.encode(record)), (meta, e) -> {
                                if (e != null) {
                                    failed.incrementAndGet();
                                }
                            });
                    sent.incrementAndGet();
                }
            }
        } catch (RuntimeException e) {
            if (running.get()) {
                System.err.println("bench: a load sender stopped: " + e);
            }
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
