package io.canarykit.operators.flink.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class PendingEventsTest {

    /**
     * Holds each input ("key,ts,name") until the watermark passes its ts, then writes "key ts name"; an
     * input "key,ts,beat" instead registers a timer of its own at ts, written "key ts beat" when it fires,
     * as the job's heartbeats share the key's timers with the held events.
     */
    static final class Holder extends KeyedProcessFunction<String, String, String> {
        private transient PendingEvents<String> pending;

        @Override
        public void open(OpenContext openContext) {
            pending = PendingEvents.register(getRuntimeContext(), "pending", Types.STRING);
        }

        @Override
        public void processElement(String in, Context ctx, Collector<String> out) {
            String[] parts = in.split(",");
            long ts = Long.parseLong(parts[1]);
            if (parts[2].equals("beat")) {
                ctx.timerService().registerEventTimeTimer(ts);
            } else {
                pending.hold(ts, parts[2], ctx.timerService());
            }
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
            List<String> released = pending.release(timestamp, ctx.timerService());
            String at = ctx.getCurrentKey() + " " + timestamp + " ";
            if (released.isEmpty()) {
                out.collect(at + "beat");
            }
            released.forEach(name -> out.collect(at + name));
        }
    }

    /** The buffer as it was kept before its times were: the map, and a timer per timestamp. */
    static final class LegacyHolder extends KeyedProcessFunction<String, String, String> {
        private transient MapState<Long, List<String>> byTs;

        @Override
        public void open(OpenContext openContext) {
            byTs = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending", Types.LONG, Types.LIST(Types.STRING)));
        }

        @Override
        public void processElement(String in, Context ctx, Collector<String> out) throws Exception {
            String[] parts = in.split(",");
            long ts = Long.parseLong(parts[1]);
            ctx.timerService().registerEventTimeTimer(ts);
            List<String> held = byTs.get(ts);
            held = held == null ? new ArrayList<>() : new ArrayList<>(held);
            held.add(parts[2]);
            byTs.put(ts, held);
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, String, String> harness(
            KeyedProcessFunction<String, String, String> function, StateBackend backend) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function),
                in -> in.split(",")[0], Types.STRING);
        h.setStateBackend(backend);
        return h;
    }

    @Test
    void eventsInTimeOrderNeedOneTimerAtATime() throws Exception {
        try (var h = harness(new Holder(), new HashMapStateBackend())) {
            h.open();
            for (long ts = 1; ts <= 1_000; ts++) {
                h.processElement("A," + ts + ",e" + ts, 0);
            }
            assertThat(h.numEventTimeTimers()).as("a timer per timestamp before").isEqualTo(1);
            h.processWatermark(1_000);
            List<String> out = h.extractOutputValues();
            assertThat(out).hasSize(1_000);
            assertThat(out.get(0)).isEqualTo("A 1 e1");
            assertThat(out.get(999)).isEqualTo("A 1000 e1000");
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void releasesInTimeOrderAroundTheKeysOtherTimersAcrossARestoreOnBothBackends() throws Exception {
        assertReleasesInOrder(new HashMapStateBackend(), 11);
        assertReleasesInOrder(new EmbeddedRocksDBStateBackend(), 12);
    }

    /**
     * Random inputs over three keys, some behind the newest, some sharing a time, and beats; the
     * output must be what sorting the inputs gives: by time, a beat before nothing else at its time
     * is written only when no event is held there, events at one time in arrival order.
     */
    private static void assertReleasesInOrder(StateBackend backend, long seed) throws Exception {
        Random random = new Random(seed);
        List<String[]> inputs = new ArrayList<>();
        long newest = 100;
        for (int i = 0; i < 400; i++) {
            String key = "K" + random.nextInt(3);
            long ts = random.nextInt(4) == 0 ? newest - random.nextInt(50) : newest + random.nextInt(5);
            newest = Math.max(newest, ts);
            String name = random.nextInt(10) == 0 ? "beat" : "e" + i;
            inputs.add(new String[] {key, String.valueOf(ts), name});
        }
        List<String> expected = new ArrayList<>();
        for (String key : List.of("K0", "K1", "K2")) {
            List<String[]> mine = inputs.stream().filter(in -> in[0].equals(key)).toList();
            mine.stream().mapToLong(in -> Long.parseLong(in[1])).distinct().sorted().forEach(ts -> {
                List<String> events = mine.stream().filter(in -> Long.parseLong(in[1]) == ts && !in[2].equals("beat"))
                        .map(in -> key + " " + ts + " " + in[2]).toList();
                expected.addAll(events.isEmpty() ? List.of(key + " " + ts + " beat") : events);
            });
        }

        OperatorSubtaskState snapshot;
        List<String> out = new ArrayList<>();
        int half = inputs.size() / 2;
        try (var h = harness(new Holder(), backend)) {
            h.open();
            for (String[] in : inputs.subList(0, half)) {
                h.processElement(String.join(",", in), Long.parseLong(in[1]));
            }
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness(new Holder(), backend)) {
            h.initializeState(snapshot);
            h.open();
            for (String[] in : inputs.subList(half, inputs.size())) {
                h.processElement(String.join(",", in), Long.parseLong(in[1]));
            }
            h.processWatermark(Long.MAX_VALUE);
            out.addAll(h.extractOutputValues());
        }
        // Keys are independent, so only each key's own order is compared.
        for (String key : List.of("K0", "K1", "K2")) {
            assertThat(out.stream().filter(line -> line.startsWith(key + " ")).toList()).as(key)
                    .containsExactlyElementsOf(expected.stream().filter(line -> line.startsWith(key + " ")).toList());
        }
    }

    @Test
    void stateHeldBeforeTheTimesWereKeptIsReleasedInOrderWithNewEvents() throws Exception {
        OperatorSubtaskState legacy;
        try (var h = harness(new LegacyHolder(), new HashMapStateBackend())) {
            h.open();
            h.processElement("A,30,old30", 0);
            h.processElement("A,10,old10", 0);
            h.processElement("A,20,old20a", 0);
            h.processElement("A,20,old20b", 0);
            legacy = h.snapshot(1, 1);
        }
        try (var h = harness(new Holder(), new HashMapStateBackend())) {
            h.initializeState(legacy);
            h.open();
            h.processElement("A,15,new15", 0);
            h.processElement("A,20,new20", 0);
            h.processElement("A,40,new40", 0);
            h.processWatermark(Long.MAX_VALUE);
            assertThat(h.extractOutputValues()).containsExactly(
                    "A 10 old10", "A 15 new15", "A 20 old20a", "A 20 old20b", "A 20 new20", "A 30 old30", "A 40 new40");
        }
    }
}
