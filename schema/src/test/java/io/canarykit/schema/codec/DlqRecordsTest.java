package io.canarykit.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.Topics;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DlqRecordsTest {

    @Test
    void carriesTheTopicReasonDetailTimeAndTheRawBytesInBase64() {
        byte[] raw = Samples.utf8("{\"ts\": 1, \"symbol\": \"S\", \"feed\": \"primary\", \"bid\": 2, \"ask\": 1}");
        Decoded.Rejected<MarketQuote> rejected = (Decoded.Rejected<MarketQuote>) InputDecoder.market(raw);

        DlqRecord dlq = DlqRecords.of(Topics.MARKET, raw, rejected, 1_700_000_000_123L, 4, 77L, 65_536);

        assertThat(dlq).isEqualTo(new DlqRecord(1_700_000_000_123L, "kit.market", "bid_above_ask",
                "bid 2.0 is above ask 1.0", Base64.getEncoder().encodeToString(raw), raw.length, false, 4, 77L));
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

        DlqRecord dlq = DlqRecords.of(Topics.FEATURES, null, rejected, 9);

        assertThat(dlq.reason()).isEqualTo("empty");
        assertThat(dlq.rawBase64()).isEmpty();
        assertThat(dlq.rawSize()).isZero();
        assertThat(dlq.rawTruncated()).isFalse();
    }

    @Test
    void keepsOnlyTheFirstBytesOfAnOversizedRecordAndSaysHowLargeItWas() {
        // A 999,991-byte line once made a DLQ record larger than the producer would send, and the job looped.
        byte[] raw = new byte[999_991];
        Arrays.fill(raw, (byte) 'x');
        raw[0] = '{';
        Decoded.Rejected<?> rejected = (Decoded.Rejected<?>) InputDecoder.market(raw);

        DlqRecord dlq = DlqRecords.of(Topics.MARKET, raw, rejected, 9, 0, 3L, 65_536);

        assertThat(dlq.reason()).isEqualTo("invalid_json");
        assertThat(dlq.rawSize()).isEqualTo(999_991);
        assertThat(dlq.rawTruncated()).isTrue();
        assertThat(Base64.getDecoder().decode(dlq.rawBase64())).isEqualTo(Arrays.copyOf(raw, 65_536));
    }

    @Test
    void keepsARecordOfExactlyTheBoundWhole() {
        byte[] raw = new byte[1_000];
        Decoded.Rejected<?> rejected = (Decoded.Rejected<?>) InputDecoder.market(raw);

        DlqRecord dlq = DlqRecords.of(Topics.MARKET, raw, rejected, 9, null, null, 1_000);

        assertThat(dlq.rawTruncated()).isFalse();
        assertThat(Base64.getDecoder().decode(dlq.rawBase64())).hasSize(1_000);
    }

    @Test
    void encodedRecordAtTheBoundFitsTheSizeItPromisesProducers() {
        byte[] raw = new byte[200_000];
        Arrays.fill(raw, (byte) '\\');
        String longDetail = "\u0001".repeat(50_000);

        DlqRecord dlq = DlqRecords.of(Topics.MARKET, raw, RejectReason.PROCESSING_ERROR, longDetail, 9,
                Integer.MAX_VALUE, Long.MAX_VALUE, 65_536);
        byte[] encoded = JsonCodec.encode(dlq);

        // 65,536 bytes are 87,384 characters of base64; the detail is cut to 1,000 characters.
        assertThat(dlq.rawBase64()).hasSize(87_384);
        assertThat(dlq.detail()).hasSize(1_003);
        assertThat(encoded.length).isLessThanOrEqualTo(DlqRecords.maxEncodedBytes(65_536));
        assertThat(DlqRecords.maxEncodedBytes(65_536)).isEqualTo(87_384 + 16_384);
    }

    @Test
    void keepsNoRawBytesWhenTheBoundIsZero() {
        byte[] raw = Samples.utf8("nope");
        Decoded.Rejected<?> rejected = (Decoded.Rejected<?>) InputDecoder.market(raw);

        DlqRecord dlq = DlqRecords.of(Topics.MARKET, raw, rejected, 9, null, null, 0);

        assertThat(dlq.rawBase64()).isEmpty();
        assertThat(dlq.rawSize()).isEqualTo(4);
        assertThat(dlq.rawTruncated()).isTrue();
    }

    @Test
    void namesTheArgumentItCannotUse() {
        Decoded.Rejected<?> rejected = (Decoded.Rejected<?>) InputDecoder.control(new byte[0]);

        assertThatThrownBy(() -> DlqRecords.of(" ", new byte[0], rejected, 1)).hasMessageContaining("topic");
        assertThatThrownBy(() -> DlqRecords.of(Topics.CONTROL, new byte[0], null, 1)).hasMessageContaining("rejection");
        assertThatThrownBy(() -> DlqRecords.of(Topics.CONTROL, new byte[0], rejected, -1)).hasMessageContaining("ts");
        assertThatThrownBy(() -> DlqRecords.of(Topics.CONTROL, new byte[0], rejected, 1, null, null, -1))
                .hasMessageContaining("maxRawBytes");
    }
}
