package io.canarykit.schema.codec;

import static io.canarykit.schema.codec.Samples.assertRejected;
import static io.canarykit.schema.codec.Samples.control;
import static io.canarykit.schema.codec.Samples.with;
import static io.canarykit.schema.codec.Samples.without;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ControlDecodingTest {

    @Test
    void decodesACommandWithANumberArgument() {
        ControlCommand c = InputDecoder.control(Samples.bytes(control())).value();

        assertThat(c).isEqualTo(new ControlCommand("c-1", 1_700_000_000_000L, "ops@desk", ControlType.CANARY_SHARE,
                Map.of("pct", "0.05")));
        assertThat(c.numberArg("pct")).contains(0.05);
    }

    @Test
    void turnsScalarArgumentsIntoTheirTextAndNestedOnesIntoTheirJson() {
        byte[] raw = with(control(), "args", """
                {"model_id": "m2", "n": 5, "on": true, "limits": {"max": [1, 2]}, "list": ["a"], "gone": null}""");

        ControlCommand c = InputDecoder.control(raw).value();

        assertThat(c.args()).containsOnly(
                Map.entry("model_id", "m2"),
                Map.entry("n", "5"),
                Map.entry("on", "true"),
                Map.entry("limits", "{\"max\":[1,2]}"),
                Map.entry("list", "[\"a\"]"));
    }

    @Test
    void treatsAbsentOrNullArgsAsNone() {
        assertThat(InputDecoder.control(without(control(), "args")).value().args()).isEmpty();
        assertThat(InputDecoder.control(with(control(), "args", "null")).value().args()).isEmpty();
    }

    @Test
    void rejectsArgsThatAreNotAnObject() {
        assertRejected(InputDecoder.control(with(control(), "args", "[\"pct\", 0.05]")), RejectReason.WRONG_TYPE,
                "field 'args' must be an object, got array");
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "ts", "actor", "type"})
    void rejectsAMissingRequiredField(String field) {
        assertRejected(InputDecoder.control(without(control(), field)), RejectReason.MISSING_FIELD,
                "field '" + field + "' is required");
    }

    @Test
    void rejectsAnUnknownCommandListingEveryCommand() {
        assertRejected(InputDecoder.control(with(control(), "type", "\"reboot\"")), RejectReason.UNKNOWN_ENUM,
                "field 'type' must be one of [arm, disarm, kill, unkill, risk_reset, pin, unpin, canary_share,"
                        + " promote, rollback, set_limits, preflight, refresh, rollout_start, rollout_pause, rollout_resume,"
                        + " rollout_abort], got 'reboot'");
    }

    @Test
    void rejectsAnEmptyId() {
        assertRejected(InputDecoder.control(with(control(), "id", "\"\"")), RejectReason.INVALID_VALUE,
                "field 'id' must not be empty");
    }

    @Test
    void acceptsAnEmptyActorSoAKillIsNeverLostOverAnAuditLabel() {
        ControlCommand c = InputDecoder.control(with(control(), "actor", "\"\"")).value();

        assertThat(c.actor()).isEmpty();
    }

    @Test
    void rejectsAnActorThatIsNotAString() {
        assertRejected(InputDecoder.control(with(control(), "actor", "7")), RejectReason.WRONG_TYPE,
                "field 'actor' must be a string, got number");
    }

    @Test
    void ignoresUnknownFields() {
        ControlCommand plain = InputDecoder.control(Samples.bytes(control())).value();

        assertThat(InputDecoder.control(with(control(), "source_ip", "\"10.0.0.1\"")).value()).isEqualTo(plain);
    }
}
