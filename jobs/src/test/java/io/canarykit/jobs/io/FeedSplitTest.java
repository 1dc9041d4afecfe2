package io.canarykit.jobs.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class FeedSplitTest {

    private static RawInput record(String topic, long offset) {
        return new RawInput(topic, 0, offset, -1, ("{\"n\":" + offset + "}").getBytes(StandardCharsets.UTF_8));
    }

    private static List<Long> offsets(List<StreamRecord<RawInput>> records) {
        return records == null ? List.of() : records.stream().map(r -> r.getValue().offset).toList();
    }

    @Test
    void eachFeedGetsItsOwnRecordsInTheOrderTheyCame() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawInput, RawInput> h =
                ProcessFunctionTestHarnesses.forProcessFunction(new FeedSplit())) {
            h.processElement(record("kit.market", 1), 10);
            h.processElement(record("kit.orders", 2), 11);
            h.processElement(record("kit.features", 3), 12);
            h.processElement(record("kit.market", 4), 13);
            h.processElement(record("kit.orders", 5), 14);

            assertThat(h.extractOutputValues()).extracting(r -> r.offset).containsExactly(1L, 4L);
            assertThat(offsets(List.copyOf(h.getSideOutput(FeedSplit.FEATURES)))).containsExactly(3L);
            assertThat(offsets(List.copyOf(h.getSideOutput(FeedSplit.ORDERS)))).containsExactly(2L, 5L);
        }
    }

    @Test
    void aRecordPassesAsItCame() throws Exception {
        RawInput quote = record("kit.market", 9);
        try (OneInputStreamOperatorTestHarness<RawInput, RawInput> h =
                ProcessFunctionTestHarnesses.forProcessFunction(new FeedSplit())) {
            h.processElement(quote, 10);

            assertThat(h.extractOutputValues()).singleElement().isEqualTo(quote);
        }
    }

    @Test
    void aTopicTheSourceDoesNotReadIsAWiringFault() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawInput, RawInput> h =
                ProcessFunctionTestHarnesses.forProcessFunction(new FeedSplit())) {
            assertThatThrownBy(() -> h.processElement(record("kit.control", 1), 10))
                    .hasMessageContaining("kit.control").hasMessageContaining("kit.market, kit.features, kit.orders");
        }
    }
}
