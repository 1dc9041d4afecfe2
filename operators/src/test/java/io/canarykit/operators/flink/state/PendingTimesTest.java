package io.canarykit.operators.flink.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.TreeSet;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class PendingTimesTest {

    @Test
    void answersTheEarliestAndSaysWhenAnAddBecomesIt() {
        PendingTimes times = new PendingTimes();
        assertThat(times.earliest()).isEqualTo(PendingTimes.NONE);

        assertThat(times.add(10)).isTrue();
        assertThat(times.add(30)).isFalse();
        assertThat(times.add(20)).isFalse();
        assertThat(times.add(5)).isTrue();
        assertThat(times.toArray()).containsExactly(5, 10, 20, 30);

        assertThat(times.remove(5)).isTrue();
        assertThat(times.earliest()).isEqualTo(10);
        assertThat(times.remove(20)).as("one from the middle").isTrue();
        assertThat(times.remove(20)).isFalse();
        assertThat(times.toArray()).containsExactly(10, 30);
        assertThat(times.add(10 + 1)).isFalse();
        assertThatThrownBy(() -> times.add(30)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void matchesASortedSetOverRandomAddsAndRemovesMostlyInOrder() throws Exception {
        Random random = new Random(7);
        for (int run = 0; run < 200; run++) {
            PendingTimes times = new PendingTimes();
            TreeSet<Long> model = new TreeSet<>();
            long clock = 0;
            for (int step = 0; step < 300; step++) {
                int op = random.nextInt(10);
                if (op < 6) {
                    // Mostly ahead of everything, sometimes a little behind: as events arrive.
                    long ts = random.nextInt(5) == 0 ? clock - random.nextInt(20) : clock + random.nextInt(3);
                    clock = Math.max(clock, ts);
                    if (!model.contains(ts)) {
                        boolean earliest = model.isEmpty() || ts < model.first();
                        model.add(ts);
                        assertThat(times.add(ts)).isEqualTo(earliest);
                    }
                } else if (op < 9) {
                    if (!model.isEmpty()) {
                        long first = model.pollFirst();
                        assertThat(times.remove(first)).isTrue();
                    }
                } else {
                    long any = clock - random.nextInt(30);
                    assertThat(times.remove(any)).isEqualTo(model.remove(any));
                }
                assertThat(times.toArray()).containsExactly(model.stream().mapToLong(Long::longValue).toArray());
                assertThat(times.earliest()).isEqualTo(model.isEmpty() ? PendingTimes.NONE : model.first());
                assertThat(roundTrip(times)).isEqualTo(times);
            }
        }
    }

    private static PendingTimes roundTrip(PendingTimes times) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        PendingTimesSerializer.INSTANCE.serialize(times, out);
        // Only the times held are written: a count and a long each.
        assertThat(out.length()).isEqualTo(Integer.BYTES + times.size() * Long.BYTES);
        return PendingTimesSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
