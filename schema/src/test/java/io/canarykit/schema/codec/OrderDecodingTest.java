package io.canarykit.schema.codec;

import static io.canarykit.schema.codec.Samples.assertRejected;
import static io.canarykit.schema.codec.Samples.fill;
import static io.canarykit.schema.codec.Samples.order;
import static io.canarykit.schema.codec.Samples.with;
import static io.canarykit.schema.codec.Samples.without;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.OrderEventType;
import io.canarykit.schema.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OrderDecodingTest {

    @Test
    void decodesEveryFieldOfAFill() {
        OrderEvent e = InputDecoder.order(Samples.bytes(fill())).value();

        assertThat(e).isEqualTo(new OrderEvent(1_700_000_000_000L, OrderEventType.FILL, "o-1", "BTC-USD", Side.BUY,
                "main", "champion_20240101", true, 2.0, 100.6, 100.6, 12.0, 1.0, 100.65, 0.01));
        // notional = fill_qty * fill_px = 1.0 * 100.65
        assertThat(e.fillNotional()).isEqualTo(100.65);
    }

    @Test
    void defaultsTheAccountWhenAbsentOrNull() {
        assertThat(InputDecoder.order(without(order(), "account")).value().account())
                .isEqualTo(OrderEvent.DEFAULT_ACCOUNT);
        assertThat(InputDecoder.order(with(order(), "account", "null")).value().account())
                .isEqualTo(OrderEvent.DEFAULT_ACCOUNT);
        assertThat(InputDecoder.order(with(order(), "account", "\"hedge\"")).value().account()).isEqualTo("hedge");
    }

    @Test
    void rejectsAnAccountThatIsPresentButEmpty() {
        assertRejected(InputDecoder.order(with(order(), "account", "\"\"")), RejectReason.INVALID_VALUE,
                "field 'account' must not be empty");
    }

    @Test
    void acceptsAPlacedEventWithOnlyTheRequiredFields() {
        byte[] raw = Samples.utf8("""
                {"ts": 5, "event": "placed", "order_id": "o-9", "symbol": "ETH-USD", "side": "sell",
                 "model_id": "m", "canary": false}""");

        OrderEvent e = InputDecoder.order(raw).value();

        assertThat(e).isEqualTo(new OrderEvent(5, OrderEventType.PLACED, "o-9", "ETH-USD", Side.SELL, "main", "m",
                false, null, null, null, null, null, null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ts", "event", "order_id", "symbol", "side", "model_id", "canary"})
    void rejectsAMissingRequiredField(String field) {
        assertRejected(InputDecoder.order(without(order(), field)), RejectReason.MISSING_FIELD,
                "field '" + field + "' is required");
    }

    @Test
    void readsAShadowOrderOfTheChallengerAndDefaultsToLive() {
        OrderEvent shadow = ((Decoded.Accepted<OrderEvent>) InputDecoder.order(with(order(), "shadow", "true"))).value();
        OrderEvent absent = ((Decoded.Accepted<OrderEvent>) InputDecoder.order(without(order(), "shadow"))).value();
        OrderEvent nulled = ((Decoded.Accepted<OrderEvent>) InputDecoder.order(with(order(), "shadow", "null"))).value();

        assertThat(shadow.shadow()).isTrue();
        assertThat(absent.shadow()).isFalse();
        assertThat(nulled.shadow()).isFalse();
    }

    @Test
    void rejectsAShadowOrderOfTheChampion() {
        assertRejected(InputDecoder.order(with(championOrder(), "shadow", "true")),
                RejectReason.INVALID_VALUE, "field 'shadow' is true on a champion order");
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode championOrder() {
        var champion = order();
        champion.put("canary", false);
        return champion;
    }

    @Test
    void rejectsShadowSentAsAString() {
        assertRejected(InputDecoder.order(with(order(), "shadow", "\"true\"")), RejectReason.WRONG_TYPE,
                "field 'shadow' must be a boolean");
    }

    @Test
    void rejectsCanarySentAsAString() {
        assertRejected(InputDecoder.order(with(order(), "canary", "\"true\"")), RejectReason.WRONG_TYPE,
                "field 'canary' must be a boolean, got string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fill_qty", "fill_px"})
    void rejectsAFillWithoutItsQuantityOrPrice(String field) {
        assertRejected(InputDecoder.order(without(fill(), field)), RejectReason.MISSING_FIELD,
                "field '" + field + "' is required on a fill event");
    }

    @Test
    void rejectsAFillOfZeroQuantity() {
        assertRejected(InputDecoder.order(with(fill(), "fill_qty", "0")), RejectReason.INVALID_VALUE,
                "field 'fill_qty' must be positive on a fill event, got 0.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"qty", "price", "arrival_mid", "place_ms", "fill_qty", "fill_px", "fee"})
    void rejectsANegativeOptionalNumber(String field) {
        assertRejected(InputDecoder.order(with(order(), field, "-1.5")), RejectReason.NEGATIVE,
                "field '" + field + "' must not be negative, got -1.5");
    }

    @ParameterizedTest
    @ValueSource(strings = {"price", "arrival_mid", "fill_px"})
    void rejectsAZeroPrice(String field) {
        assertRejected(InputDecoder.order(with(fill(), field, "0")), RejectReason.INVALID_VALUE,
                "field '" + field + "' must be a price above 0, got 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"qty", "place_ms", "fee"})
    void acceptsZeroForAQuantityATimeOrAFee(String field) {
        assertThat(InputDecoder.order(with(order(), field, "0")).isAccepted()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"qty", "price", "arrival_mid", "place_ms", "fill_qty", "fill_px", "fee"})
    void rejectsANonFiniteOptionalNumber(String field) {
        assertRejected(InputDecoder.order(with(order(), field, "NaN")), RejectReason.NON_FINITE,
                "field '" + field + "' must be a finite number, got NaN");
    }

    @ParameterizedTest
    @ValueSource(strings = {"qty", "price", "arrival_mid", "place_ms", "fill_qty", "fill_px", "fee"})
    void rejectsAnOptionalNumberOfTheWrongType(String field) {
        assertRejected(InputDecoder.order(with(order(), field, "\"1\"")), RejectReason.WRONG_TYPE,
                "field '" + field + "' must be a number, got string");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "event | filled | [placed, acked, rejected, error, fill, canceled]",
        "side  | long   | [buy, sell]"})
    void rejectsAnUnknownWordListingTheAllowedOnes(String field, String word, String allowed) {
        assertRejected(InputDecoder.order(with(order(), field, "\"" + word + "\"")), RejectReason.UNKNOWN_ENUM,
                "field '" + field + "' must be one of " + allowed + ", got '" + word + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"order_id", "symbol", "model_id"})
    void rejectsAnEmptyIdentifier(String field) {
        assertRejected(InputDecoder.order(with(order(), field, "\"\"")), RejectReason.INVALID_VALUE,
                "field '" + field + "' must not be empty");
    }

    @Test
    void ignoresUnknownFields() {
        OrderEvent plain = InputDecoder.order(Samples.bytes(order())).value();

        assertThat(InputDecoder.order(with(order(), "venue_order_id", "[1, 2]")).value()).isEqualTo(plain);
    }
}
