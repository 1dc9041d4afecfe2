package io.canarykit.jobs.decode;

import io.canarykit.config.KitConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.jobs.io.RawInput;
import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.codec.InputDecoder;
import io.canarykit.schema.codec.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class DecodeInputTest {

    private static final long NOW = 1_767_225_600_000L;

    private static RawInput quoteAt(long ts) {
        String json = "{\"ts\":" + ts + ",\"symbol\":\"BTCUSDT\",\"feed\":\"primary\",\"bid\":100.0,\"ask\":100.02}";
        return new RawInput("kit.market", 0, 7, -1, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void liveAQuoteMoreThanTheSkewAheadOfTheClockGoesToTheDlqAsFutureTs() throws Exception {
        DecodeInput<MarketQuote> decode = new DecodeInput<>(InputDecoder::market, KitConfig.defaults().dlqMaxRawBytes(),
                new ClockSkewCheck<>(MarketQuote::ts, 1_000));
        try (OneInputStreamOperatorTestHarness<RawInput, MarketQuote> h = ProcessFunctionTestHarnesses.forProcessFunction(decode)) {
            h.setProcessingTime(NOW);
            h.processElement(quoteAt(NOW + 1_000), NOW);   // exactly the skew allowed: taken
            h.processElement(quoteAt(NOW + 1_001), NOW);   // 1 ms beyond it: refused
            h.processElement(quoteAt(NOW - 60_000), NOW);  // behind the clock: taken (staleness judges it)

            assertThat(h.extractOutputValues()).extracting(MarketQuote::ts).containsExactly(NOW + 1_000, NOW - 60_000);
            List<DlqRecord> dlq = h.getSideOutput(DecodeInput.DLQ).stream().map(StreamRecord::getValue).toList();
            assertThat(dlq).singleElement().satisfies(d -> {
                assertThat(d.reason()).isEqualTo(RejectReason.FUTURE_TS.wire());
                assertThat(d.detail()).contains("1001 ms ahead").contains("MAX_CLOCK_SKEW_MS");
                assertThat(d.topic()).isEqualTo("kit.market");
                assertThat(d.offset()).isEqualTo(7L);
            });
        }
    }

    @Test
    void withoutAClockCheckEveryValidQuotePasses() throws Exception {
        DecodeInput<MarketQuote> decode = new DecodeInput<>(InputDecoder::market, KitConfig.defaults().dlqMaxRawBytes());
        try (OneInputStreamOperatorTestHarness<RawInput, MarketQuote> h = ProcessFunctionTestHarnesses.forProcessFunction(decode)) {
            h.setProcessingTime(NOW);
            h.processElement(quoteAt(NOW + 3_600_000), NOW);

            assertThat(h.extractOutputValues()).hasSize(1);
            assertThat(h.getSideOutput(DecodeInput.DLQ)).isNullOrEmpty();
        }
    }

    @Test
    void theCheckDoesNotOverflowOnTheLargestTimestamp() {
        ClockSkewCheck<Long> check = new ClockSkewCheck<>(ts -> ts, 1_000);

        assertThat(check.check(Long.MAX_VALUE, NOW)).isNotNull();
        assertThat(check.check(NOW, NOW)).isNull();
        assertThatThrownBy(() -> new ClockSkewCheck<Long>(ts -> ts, -1)).hasMessageContaining("maxSkewMs");
    }
}
