package io.canarykit.operators.flink.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class PendingQueueTest {

    private static final PendingQueueSerializer<String> STRINGS = new PendingQueueSerializer<>(StringSerializer.INSTANCE);

    @Test
    void keepsTimesInOrderAndEachTimesEventsInArrivalOrder() {
        PendingQueue<String> queue = new PendingQueue<>();
        assertThat(queue.earliest()).isEqualTo(PendingQueue.NONE);
        assertThat(queue.remove(10)).isEmpty();

        assertThat(queue.add(10, "a")).as("the first time is the earliest").isTrue();
        assertThat(queue.add(30, "b")).isFalse();
        assertThat(queue.add(10, "c")).as("a time already held").isFalse();
        assertThat(queue.add(20, "d")).as("between two").isFalse();
        assertThat(queue.add(5, "e")).as("before the earliest").isTrue();
        assertThat(queue.add(30, "f")).isFalse();
        assertThat(queue.add(20, "g")).isFalse();
        assertThat(queue.times()).containsExactly(5, 10, 20, 30);
        assertThat(queue.size()).isEqualTo(4);

        assertThat(queue.remove(7)).as("a time not held").isEmpty();
        assertThat(queue.remove(40)).as("after the newest").isEmpty();
        assertThat(queue.remove(20)).as("one from the middle").containsExactly("d", "g");
        assertThat(queue.earliest()).isEqualTo(5);
        assertThat(queue.remove(5)).containsExactly("e");
        assertThat(queue.earliest()).isEqualTo(10);
        assertThat(queue.remove(10)).containsExactly("a", "c");
        assertThat(queue.remove(10)).as("released already").isEmpty();
        assertThat(queue.remove(30)).containsExactly("b", "f");
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.earliest()).isEqualTo(PendingQueue.NONE);

        assertThat(queue.add(50, "h")).as("an emptied queue takes times again").isTrue();
        assertThat(queue.times()).containsExactly(50);
        assertThatThrownBy(() -> queue.add(60, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aReleasedListIsTheCallersAndTheQueueDoesNotChangeIt() {
        PendingQueue<String> queue = new PendingQueue<>();
        queue.add(10, "a");
        queue.add(10, "b");
        List<String> released = queue.remove(10);
        queue.add(10, "c");
        assertThat(released).containsExactly("a", "b");
        assertThatThrownBy(() -> released.add("d")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(queue.remove(10)).containsExactly("c");
    }

    /**
     * Random adds, most at or just after the newest time (so many share one), some behind it, and
     * releases, most of the earliest time, some of any time, against a sorted map of lists; the queue
     * and its serialized copy must hold what the map holds after every step.
     */
    @Test
    void matchesASortedMapOfListsOverRandomAddsAndReleases() throws Exception {
        Random random = new Random(23);
        for (int run = 0; run < 200; run++) {
            PendingQueue<String> queue = new PendingQueue<>();
            TreeMap<Long, List<String>> model = new TreeMap<>();
            long newest = 1_000;
            // Runs of adds and of releases, so that the queue grows, empties and grows again.
            int addsPerRelease = 1 + random.nextInt(4);
            for (int step = 0; step < 400; step++) {
                if (step % 50 == 0) {
                    addsPerRelease = 1 + random.nextInt(4);
                }
                int op = random.nextInt(addsPerRelease + 1);
                if (op > 0) {
                    long ts = random.nextInt(6) == 0 ? newest - random.nextInt(40) : newest + random.nextInt(3);
                    newest = Math.max(newest, ts);
                    String event = "e" + step;
                    boolean earliest = !model.containsKey(ts) && (model.isEmpty() || ts < model.firstKey());
                    model.computeIfAbsent(ts, t -> new ArrayList<>()).add(event);
                    assertThat(queue.add(ts, event)).as("run %d step %d: add %d", run, step, ts).isEqualTo(earliest);
                } else if (random.nextInt(4) > 0) {
                    if (!model.isEmpty()) {
                        Map.Entry<Long, List<String>> first = model.pollFirstEntry();
                        assertThat(queue.remove(first.getKey())).containsExactlyElementsOf(first.getValue());
                    }
                } else {
                    long any = newest - random.nextInt(50);
                    List<String> held = model.remove(any);
                    assertThat(queue.remove(any)).containsExactlyElementsOf(held == null ? List.of() : held);
                }
                assertMatches(queue, model);
                PendingQueue<String> read = roundTrip(STRINGS, queue);
                assertMatches(read, model);
                assertThat(read).isEqualTo(queue).hasSameHashCodeAs(queue);
            }
        }
    }

    @Test
    void writesTheTimesAndEventsHeldAndNeverTheRoomAroundThem() throws Exception {
        var serializer = new PendingQueueSerializer<>(LongSerializer.INSTANCE);
        PendingQueue<Long> queue = new PendingQueue<>();
        for (long ts = 1; ts <= 100; ts++) {
            queue.add(ts, ts);
            queue.add(ts, -ts);
        }
        for (long ts = 1; ts <= 97; ts++) {
            queue.remove(ts);
        }
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(queue, out);
        // A count, then per time the time, a count and two events of 8 bytes.
        assertThat(out.length()).isEqualTo(Integer.BYTES + 3 * (Long.BYTES + Integer.BYTES + 2 * Long.BYTES));
        PendingQueue<Long> read = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(read.times()).containsExactly(98, 99, 100);
        assertThat(read.remove(99)).containsExactly(99L, -99L);

        DataOutputSerializer copied = new DataOutputSerializer(64);
        serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
        assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());

        DataOutputSerializer empty = new DataOutputSerializer(8);
        serializer.serialize(new PendingQueue<>(), empty);
        assertThat(empty.length()).isEqualTo(Integer.BYTES);
    }

    @Test
    void refusesBytesThatAreNotAQueue() {
        assertThatThrownBy(() -> readLongs(out -> {
            out.writeInt(-1);
        })).hasMessageContaining("negative count");
        assertThatThrownBy(() -> readLongs(out -> {
            out.writeInt(2);
            out.writeLong(20);
            out.writeInt(1);
            out.writeLong(1);
            out.writeLong(10);
            out.writeInt(1);
            out.writeLong(2);
        })).hasMessageContaining("must rise strictly");
        assertThatThrownBy(() -> readLongs(out -> {
            out.writeInt(1);
            out.writeLong(20);
            out.writeInt(0);
        })).hasMessageContaining("with 0 events");
    }

    @Test
    void aCopyIsIndependentOfTheQueueItCopies() {
        PendingQueue<String> queue = new PendingQueue<>();
        queue.add(10, "a");
        queue.add(10, "b");
        queue.add(20, "c");
        PendingQueue<String> copy = STRINGS.copy(queue);
        assertThat(copy).isEqualTo(queue).isNotSameAs(queue);
        copy.add(10, "d");
        copy.add(5, "e");
        copy.remove(20);
        assertThat(queue.times()).containsExactly(10, 20);
        assertThat(queue.remove(10)).containsExactly("a", "b");
        assertThat(copy.remove(10)).containsExactly("a", "b", "d");
        assertThat(STRINGS.copy(null)).isNull();
    }

    @Test
    void theTypeGivesTheSerializerOfItsEvents() {
        TypeSerializer<PendingQueue<String>> serializer =
                PendingQueueSerializer.typeOf(Types.STRING).createSerializer(new SerializerConfigImpl());
        assertThat(serializer).isEqualTo(STRINGS).hasSameHashCodeAs(STRINGS);
        assertThat(serializer).isNotEqualTo(new PendingQueueSerializer<>(LongSerializer.INSTANCE));
        assertThat(PendingQueueSerializer.typeOf(Types.STRING)).isEqualTo(PendingQueueSerializer.typeOf(Types.STRING))
                .isNotEqualTo(PendingQueueSerializer.typeOf(Types.LONG));
        assertThat(STRINGS.duplicate()).as("stateless events: the same serializer").isSameAs(STRINGS);
    }

    /**
     * The snapshot written with a checkpoint restores the serializer, and a new serializer is
     * compatible with it as it is while its events' serializer is; not with another type's events,
     * nor with another serializer's snapshot.
     */
    @Test
    void theSnapshotRestoresTheSerializerAndSaysWhatItCanRead() throws Exception {
        TypeSerializerSnapshot<PendingQueue<String>> read = writtenAndRead(STRINGS.snapshotConfiguration());
        assertThat(read).isInstanceOf(PendingQueueSerializer.Snapshot.class);
        assertThat(read.restoreSerializer()).isEqualTo(STRINGS);

        PendingQueueSerializer<String> fresh = new PendingQueueSerializer<>(StringSerializer.INSTANCE);
        assertThat(fresh.snapshotConfiguration().resolveSchemaCompatibility(read).isCompatibleAsIs()).isTrue();

        PendingQueue<String> queue = new PendingQueue<>();
        queue.add(10, "a");
        queue.add(10, "b");
        queue.add(12, "c");
        @SuppressWarnings("unchecked")
        PendingQueueSerializer<String> restored = (PendingQueueSerializer<String>) read.restoreSerializer();
        assertThat(roundTrip(restored, queue)).isEqualTo(queue);

        @SuppressWarnings({"unchecked", "rawtypes"})
        TypeSerializerSchemaCompatibility<PendingQueue<Long>> longs = new PendingQueueSerializer<>(LongSerializer.INSTANCE)
                .snapshotConfiguration().resolveSchemaCompatibility((TypeSerializerSnapshot) read);
        assertThat(longs.isIncompatible()).as("events of another type").isTrue();

        @SuppressWarnings({"unchecked", "rawtypes"})
        TypeSerializerSchemaCompatibility<PendingQueue<String>> times = fresh.snapshotConfiguration()
                .resolveSchemaCompatibility((TypeSerializerSnapshot) PendingTimesSerializer.INSTANCE.snapshotConfiguration());
        assertThat(times.isIncompatible()).as("another serializer's snapshot").isTrue();
    }

    private static void assertMatches(PendingQueue<String> queue, TreeMap<Long, List<String>> model) {
        assertThat(queue.times()).containsExactly(model.keySet().stream().mapToLong(Long::longValue).toArray());
        assertThat(queue.size()).isEqualTo(model.size());
        assertThat(queue.earliest()).isEqualTo(model.isEmpty() ? PendingQueue.NONE : model.firstKey());
        int i = 0;
        for (Map.Entry<Long, List<String>> e : model.entrySet()) {
            assertThat(queue.timeAt(i)).isEqualTo(e.getKey());
            assertThat(queue.eventsAt(i)).containsExactlyElementsOf(e.getValue());
            i++;
        }
    }

    private static <T> PendingQueue<T> roundTrip(PendingQueueSerializer<T> serializer, PendingQueue<T> queue)
            throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(queue, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    private static <T> TypeSerializerSnapshot<T> writtenAndRead(TypeSerializerSnapshot<T> snapshot) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        return TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), PendingQueueTest.class.getClassLoader());
    }

    private interface Writing {
        void write(DataOutputSerializer out) throws Exception;
    }

    private static PendingQueue<Long> readLongs(Writing writing) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        writing.write(out);
        return new PendingQueueSerializer<>(LongSerializer.INSTANCE).deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
