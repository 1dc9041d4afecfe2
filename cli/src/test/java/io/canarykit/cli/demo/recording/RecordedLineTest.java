package io.canarykit.cli.demo.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.schema.Topics;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordedLineTest {

    private static RecordedLine parse(String topic, String line) {
        return RecordedLine.parse(topic, line.getBytes(StandardCharsets.UTF_8), 42);
    }

    @Test
    void readsTheTsAndKeysByTheSymbol() {
        RecordedLine line = parse(Topics.MARKET, "{\"ts\":1000,\"symbol\":\"BTCUSDT\",\"bid\":1,\"ask\":2}");

        assertThat(line.stamped()).isTrue();
        assertThat(line.ts()).isEqualTo(1000);
        assertThat(line.key()).isEqualTo("BTCUSDT");
        assertThat(line.topic()).isEqualTo(Topics.MARKET);
    }

    @Test
    void keysControlRecordsGlobalAsTheSidecarDoes() {
        RecordedLine line = parse(Topics.CONTROL, "{\"id\":\"c1\",\"ts\":5,\"actor\":\"op\",\"type\":\"arm\",\"args\":{\"symbol\":\"X\"}}");

        assertThat(line.key()).isEqualTo("global");
        assertThat(line.ts()).isEqualTo(5);
    }

    @Test
    void replacesOnlyTheTsValueAndKeepsEveryOtherByte() {
        String recorded = "{ \"symbol\" : \"ÉTH\", \"nested\": {\"ts\": 7}, \"ts\" :  1000 , \"bid\": 1.50e0 }";
        RecordedLine line = parse(Topics.MARKET, recorded);

        String shifted = new String(line.withTs(1_767_225_600_000L), StandardCharsets.UTF_8);

        assertThat(shifted).isEqualTo(
                "{ \"symbol\" : \"ÉTH\", \"nested\": {\"ts\": 7}, \"ts\" :  1767225600000 , \"bid\": 1.50e0 }");
    }

    @Test
    void countsIntegralDecimalTimestampsAsTheJobDoes() {
        assertThat(parse(Topics.MARKET, "{\"ts\":1.7e3}").ts()).isEqualTo(1700);
        assertThat(parse(Topics.MARKET, "{\"ts\":1700.0}").ts()).isEqualTo(1700);
        assertThat(new String(parse(Topics.MARKET, "{\"ts\":1.7e3,\"x\":1}").withTs(9), StandardCharsets.UTF_8))
                .isEqualTo("{\"ts\":9,\"x\":1}");
    }

    @Test
    void leavesLinesTheJobWouldRejectUnstampedInThePlaceOfTheLineBefore() {
        String[] rejected = {
            "not json",
            "{\"ts\":1000,\"symbol\":\"A\"",
            "{\"ts\":1000} {\"ts\":2000}",
            "[1000]",
            "{\"symbol\":\"A\"}",
            "{\"ts\":\"1000\",\"symbol\":\"A\"}",
            "{\"ts\":-5,\"symbol\":\"A\"}",
            "{\"ts\":1000.5,\"symbol\":\"A\"}",
            "{\"ts\":1e400,\"symbol\":\"A\"}",
            "{\"ts\":99999999999999999999999,\"symbol\":\"A\"}",
            "{\"ts\":1000,\"ts\":2000,\"symbol\":\"A\"}",
        };
        for (String text : rejected) {
            RecordedLine line = parse(Topics.MARKET, text);
            assertThat(line.stamped()).as(text).isFalse();
            assertThat(line.ts()).as(text).isEqualTo(42);
            assertThat(line.withTs(7)).as(text).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void keepsTheSymbolAsKeyWhenOnlyTheTsIsUnusable() {
        assertThat(parse(Topics.ORDERS, "{\"ts\":-1,\"symbol\":\"SOLUSDT\"}").key()).isEqualTo("SOLUSDT");
    }

    @Test
    void sendsBytesThatAreNotUtf8AsTheyAre() {
        byte[] bytes = {'{', '"', 't', 's', '"', ':', '1', ',', '"', 's', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        RecordedLine line = RecordedLine.parse(Topics.MARKET, bytes, 3);

        assertThat(line.stamped()).isFalse();
        assertThat(line.bytes()).isEqualTo(bytes);
    }
}
