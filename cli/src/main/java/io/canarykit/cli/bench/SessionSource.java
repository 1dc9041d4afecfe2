package io.canarykit.cli.bench;

import io.canarykit.jobs.io.RawInput;
import io.canarykit.schema.Topics;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A bounded source of one stream of a {@link DeskSession}, read from memory: subtask k of p emits, in
 * time order, the records of the symbols whose index is k modulo p.
 *
 * <p>Splitting by symbol rather than by range keeps both subtasks at the same event time, as two
 * Kafka partitions keyed by symbol would be; ranges of one time-ordered sequence would put one
 * subtask minutes ahead and hold its records back until the other catches up. Each subtask knows its
 * symbols from its index, so there are no splits to hand out.
 */
final class SessionSource implements Source<RawInput, SessionSource.NoSplit, Void> {

    private static final long serialVersionUID = 1L;

    /** Which of the session's streams a source reads. */
    enum Stream {
        MARKET(Topics.MARKET),
        FEATURES(Topics.FEATURES),
        ORDERS(Topics.ORDERS),
        /** The session carries no operator commands: an empty stream, as replay reads without a control file. */
        CONTROL(Topics.CONTROL);

        private final String topic;

        Stream(String topic) {
            this.topic = topic;
        }

        List<byte[]> of(DeskSession.Share share) {
            return switch (this) {
                case MARKET -> share.market();
                case FEATURES -> share.features();
                case ORDERS -> share.orders();
                case CONTROL -> List.of();
            };
        }
    }

    /** When the job running now first read a record, on {@link System#nanoTime()}'s scale; the jobs run one at a time. */
    private static final AtomicLong FIRST_READ = new AtomicLong(Long.MAX_VALUE);

    private final DeskSession session;
    private final Stream stream;

    SessionSource(DeskSession session, Stream stream) {
        this.session = session;
        this.stream = stream;
    }

    /** Forgets the last job's first read, before the next job starts. */
    static void resetFirstRead() {
        FIRST_READ.set(Long.MAX_VALUE);
    }

    /**
     * When the job first read a record, or empty if it read none. The readers run in this JVM, on the
     * mini-cluster, so their clock is the caller's.
     */
    static OptionalLong firstRead() {
        long nanos = FIRST_READ.get();
        return nanos == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(nanos);
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<RawInput, NoSplit> createReader(SourceReaderContext context) {
        return new Reader(stream, session.share(context.getIndexOfSubtask(), context.currentParallelism()),
                context.getIndexOfSubtask());
    }

    @Override
    public SplitEnumerator<NoSplit, Void> createEnumerator(SplitEnumeratorContext<NoSplit> context) {
        return new NoSplits();
    }

    @Override
    public SplitEnumerator<NoSplit, Void> restoreEnumerator(SplitEnumeratorContext<NoSplit> context, Void checkpoint) {
        return new NoSplits();
    }

    @Override
    public SimpleVersionedSerializer<NoSplit> getSplitSerializer() {
        return new NothingSerializer<>(new NoSplit());
    }

    @Override
    public SimpleVersionedSerializer<Void> getEnumeratorCheckpointSerializer() {
        return new NothingSerializer<>(null);
    }

    /** The split type Flink's API asks for; never handed out, since each reader knows its share. */
    static final class NoSplit implements SourceSplit {
        @Override
        public String splitId() {
            return "none";
        }
    }

    /** Reads one subtask's records from memory, one per poll. */
    private static final class Reader implements SourceReader<RawInput, NoSplit> {
        private static final CompletableFuture<Void> ALWAYS = CompletableFuture.completedFuture(null);

        private final String topic;
        private final List<byte[]> records;
        private final int partition;
        private int next;

        Reader(Stream stream, DeskSession.Share share, int partition) {
            this.topic = stream.topic;
            this.records = stream.of(share);
            this.partition = partition;
        }

        @Override
        public void start() {}

        @Override
        public InputStatus pollNext(ReaderOutput<RawInput> output) {
            if (next >= records.size()) {
                return InputStatus.END_OF_INPUT;
            }
            if (next == 0) {
                FIRST_READ.accumulateAndGet(System.nanoTime(), Math::min);
            }
            // No broker timestamp: a rejected record's DLQ time is then the job's clock, as for files.
            output.collect(new RawInput(topic, partition, next, -1, records.get(next)));
            next++;
            return next < records.size() ? InputStatus.MORE_AVAILABLE : InputStatus.END_OF_INPUT;
        }

        @Override
        public List<NoSplit> snapshotState(long checkpointId) {
            return List.of();
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return ALWAYS;
        }

        @Override
        public void addSplits(List<NoSplit> splits) {}

        @Override
        public void notifyNoMoreSplits() {}

        @Override
        public void close() {}
    }

    /**
     * Hands out nothing. It does not even signal that no split will come: a reader with an empty share
     * may have finished before such an event arrives, and Flink fails a job for an event sent to a
     * finished task.
     */
    private static final class NoSplits implements SplitEnumerator<NoSplit, Void> {

        @Override
        public void start() {}

        @Override
        public void handleSplitRequest(int subtaskId, String requesterHostname) {}

        @Override
        public void addSplitsBack(List<NoSplit> splits, int subtaskId) {}

        @Override
        public void addReader(int subtaskId) {}

        @Override
        public Void snapshotState(long checkpointId) {
            return null;
        }

        @Override
        public void close() {}
    }

    /** Serializes a value that carries nothing: zero bytes, read back as the one value. */
    private record NothingSerializer<T>(T value) implements SimpleVersionedSerializer<T> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(T ignored) {
            return new byte[0];
        }

        @Override
        public T deserialize(int version, byte[] serialized) {
            return value;
        }
    }
}
