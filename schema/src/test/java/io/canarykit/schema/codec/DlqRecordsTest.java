package io.canarykit.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.Topics;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DlqRecordsTest {

    @Test
    void carriesTheTopicReasonDetailTimeAndTheRawBytesInBase64() {
        byte[] raw = Samples.utf8("{\"ts\": 1, \"symbol\": \"S\", \"feed\": \"primary\", \"bid\": 2, \"ask\": 1}");
        Decoded.Rejected<MarketQuote> rejected = (Decoded.Rejected<MarketQuote>) InputDecoder.market(raw);

        DlqRecord dlq = DlqRecords.of(Topics.MARKET, raw, rejected, 1_700_000_000_123L, 4, 77L);

        assertThat(dlq).isEqualTo(new DlqRecord(1_700_000_000_123L, "kit.market", "bid_above_ask",
                "bid 2.0 is above ask 1.0", Base64.getEncoder().encodeToString(raw), 4, 77L));
        assertThat(Base64.getDecoder().decode(dlq.rawBase64())).isEqualTo(raw);
    }

    @Test
    void keepsBytesThatAreNotUtf8ExactlyAsTheyCame() {
        byte[] raw = {'{', (byte) 0xC3, 0x28, '}'};
        Decoded.Rejected<?> rejected = (Decoded.Rejected<?>) InputDecoder.order(raw);

        DlqRecord dlq = DlqRecords.of(Topics.ORDERS, raw, rejected, 9);

        assertThat(dlq.reason()).isEqualTo("invalid_utf8");
        assertThat(Base64.getDecoder().decode(dlq.rawBase64())).isEqualTo(raw);
        assertThat(dlq.partition()).isNull();
        assertThat(dlq.offset()).isNull();
    }

    @Test
    void recordsAMissingValueAsEmptyBytes() {
        Decoded.Rejected<?> rejected = (Decoded.Rejected<?>) InputDecoder.features(null);

        assertThat(DlqRecords.of(Topics.FEATURES, null, rejected, 9).rawBase64()).isEmpty();
    }

    @Test
    void namesTheArgumentItCannotUse() {
        Decoded.Rejected<?> rejected = (Decoded.Rejected<?>) InputDecoder.control(new byte[0]);

        assertThatThrownBy(() -> DlqRecords.of(" ", new byte[0], rejected, 1)).hasMessageContaining("topic");
        assertThatThrownBy(() -> DlqRecords.of(Topics.CONTROL, new byte[0], null, 1)).hasMessageContaining("rejection");
        assertThatThrownBy(() -> DlqRecords.of(Topics.CONTROL, new byte[0], rejected, -1)).hasMessageContaining("ts");
    }
}
