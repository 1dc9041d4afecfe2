package io.canarykit.schema.codec;

import static io.canarykit.schema.codec.Samples.assertRejected;
import static io.canarykit.schema.codec.Samples.market;
import static io.canarykit.schema.codec.Samples.with;
import static io.canarykit.schema.codec.Samples.without;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.schema.Feed;
import io.canarykit.schema.MarketQuote;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MarketDecodingTest {

    @Test
    void decodesEveryFieldOfAQuote() {
        MarketQuote q = InputDecoder.market(Samples.bytes(market())).value();

        assertThat(q).isEqualTo(new MarketQuote(1_700_000_000_000L, "BTC-USD", Feed.PRIMARY, 100.5, 100.7, 2.0, 3.5));
        // mid = (100.5 + 100.7) / 2 = 100.6
        assertThat(q.mid()).isCloseTo(100.6, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void leavesAbsentOrNullSizesNull() {
        MarketQuote withoutBidSize = InputDecoder.market(without(market(), "bid_size")).value();
        MarketQuote nullAskSize = InputDecoder.market(with(market(), "ask_size", "null")).value();

        assertThat(withoutBidSize.bidSize()).isNull();
        assertThat(nullAskSize.askSize()).isNull();
    }

    @Test
    void acceptsALockedMarketWhereBidEqualsAsk() {
        assertThat(InputDecoder.market(with(market(), "bid", "100.7")).isAccepted()).isTrue();
    }

    @Test
    void rejectsBidAboveAsk() {
        assertRejected(InputDecoder.market(with(market(), "bid", "100.8")), RejectReason.BID_ABOVE_ASK,
                "bid 100.8 is above ask 100.7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ts", "symbol", "feed", "bid", "ask"})
    void rejectsAMissingRequiredField(String field) {
        assertRejected(InputDecoder.market(without(market(), field)), RejectReason.MISSING_FIELD,
                "field '" + field + "' is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ts", "symbol", "feed", "bid", "ask"})
    void treatsNullInARequiredFieldAsMissing(String field) {
        assertRejected(InputDecoder.market(with(market(), field, "null")), RejectReason.MISSING_FIELD,
                "field '" + field + "' is required, got null");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bid      | \"100.5\"   | field 'bid' must be a number, got string",
        "ask      | [100.7]     | field 'ask' must be a number, got array",
        "bid_size | true        | field 'bid_size' must be a number, got boolean",
        "symbol   | 42          | field 'symbol' must be a string, got number",
        "feed     | {}          | field 'feed' must be a string, got object"})
    void rejectsAWrongTypeNamingFieldExpectedAndActual(String field, String raw, String detail) {
        assertRejected(InputDecoder.market(with(market(), field, raw)), RejectReason.WRONG_TYPE, detail);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bid      | NaN",
        "ask      | Infinity",
        "ask_size | -Infinity",
        "bid_size | 1e400",
        "ask      | 1e400"})
    void rejectsNonFiniteNumbers(String field, String raw) {
        assertRejected(InputDecoder.market(with(market(), field, raw)), RejectReason.NON_FINITE,
                "field '" + field + "' must be a finite number");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"bid | -1", "ask | -0.01", "bid_size | -2", "ask_size | -0.5"})
    void rejectsNegativePricesAndSizes(String field, String raw) {
        assertRejected(InputDecoder.market(with(market(), field, raw)), RejectReason.NEGATIVE,
                "field '" + field + "' must not be negative, got " + raw);
    }

    @Test
    void rejectsAnEmptyBookOfZeroBidAndAsk() {
        // Such a quote once passed decoding, reached the risk budget as a mid of 0 and stopped the job.
        byte[] emptyBook = Samples.utf8(
                "{\"ts\": 1700000000000, \"symbol\": \"BTCUSDT\", \"feed\": \"primary\", \"bid\": 0, \"ask\": 0}");

        assertRejected(InputDecoder.market(emptyBook), RejectReason.INVALID_VALUE,
                "field 'bid' must be a price above 0, got 0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"bid | 0", "bid | 0.0", "bid | -0.0", "bid | 0e5", "ask | 0"})
    void rejectsAZeroPriceOnEitherSide(String field, String raw) {
        assertRejected(InputDecoder.market(with(market(), field, raw)), RejectReason.INVALID_VALUE,
                "field '" + field + "' must be a price above 0, got 0");
    }

    @Test
    void acceptsZeroSizesSinceAQuoteMayShowNoDepth() {
        assertThat(InputDecoder.market(with(market(), "bid_size", "0")).isAccepted()).isTrue();
    }

    @Test
    void rejectsAnUnknownFeedListingTheAllowedWords() {
        assertRejected(InputDecoder.market(with(market(), "feed", "\"tertiary\"")), RejectReason.UNKNOWN_ENUM,
                "field 'feed' must be one of [primary, reference], got 'tertiary'");
    }

    @Test
    void feedWordsAreCaseSensitive() {
        assertRejected(InputDecoder.market(with(market(), "feed", "\"PRIMARY\"")), RejectReason.UNKNOWN_ENUM);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"   \""})
    void rejectsAnEmptySymbol(String raw) {
        assertRejected(InputDecoder.market(with(market(), "symbol", raw)), RejectReason.INVALID_VALUE,
                "field 'symbol' must not be empty");
    }

    @Test
    void ignoresUnknownFields() {
        Decoded<MarketQuote> withExtras = InputDecoder.market(with(market(), "venue", "{\"name\": [1, NaN, \"x\"]}"));

        assertThat(withExtras.value()).isEqualTo(InputDecoder.market(Samples.bytes(market())).value());
    }
}
