package io.canarykit.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.canarykit.jobs.testing.KafkaTestBroker;
import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.Side;
import io.canarykit.schema.TcaRecord;
import io.canarykit.schema.Topics;
import io.canarykit.schema.codec.JsonCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The queries run for real: records on a KRaft broker, the tables of tables.sql pointed at it and
 * read to the end of each topic, and each query's answer checked against numbers worked by hand.
 */
class SqlOverKafkaITCase {

    private static final long HOUR_START = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    private static KafkaTestBroker kafka;
    private static TableEnvironment tables;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaTestBroker.start();
        fill("f1", "champion-v1", false, false, 60_000, 1_000, 0.10, 1.0, 50, markouts(2.0, -4.0, 10.0));
        fill("f2", "champion-v1", false, false, 120_000, 3_000, 0.30, 2.0, 150, markouts(4.0, null, 20.0));
        fill("f3", "challenger-v2", true, false, 180_000, 500, 0.05, 4.0, 80, markouts(-1.0, -2.0, -3.0));
        // A paper fill of the challenger's shadow order: a row of its own.
        fill("f4", "challenger-v2", true, true, 240_000, 2_000, 0.20, 6.0, 60, markouts(1.0, 2.0, 3.0));
        for (int i = 0; i < 2; i++) {
            kafka.send(Topics.DLQ, "kit.market", JsonCodec.encode(new DlqRecord(HOUR_START + 10_000 + i, Topics.MARKET,
                    "invalid_json", "unexpected end of input", "e30=", 2, false, 0, (long) i)));
        }
        tables = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        for (String statement : SqlScriptsTest.statements(boundedAt(kafka.bootstrap(), Files.readString(Path.of("tables.sql"))))) {
            tables.executeSql(statement);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void tcaHourlyByModelSumsEachModelsFillsAndWeighsSlippageByNotional() throws Exception {
        List<Row> rows = run("queries/tca_hourly_by_model.sql");

        assertThat(rows).hasSize(3);
        rows.sort(Comparator.comparing((Row r) -> (String) r.getField("model_id"))
                .thenComparing(r -> (Boolean) r.getField("shadow")));
        Row challenger = rows.get(0);
        Row challengerPaper = rows.get(1);
        Row champion = rows.get(2);
        assertThat(champion.getField("model_id")).isEqualTo("champion-v1");
        assertThat(champion.getField("shadow")).isEqualTo(false);
        assertThat(champion.getField("fills")).isEqualTo(2L);
        assertThat((Double) champion.getField("notional")).isCloseTo(4_000.0, within(1e-9));
        assertThat((Double) champion.getField("fees")).isCloseTo(0.40, within(1e-9));
        // (1.0 * 1000 + 2.0 * 3000) / 4000 = 1.75 bps
        assertThat((Double) champion.getField("slippage_bps_notional_weighted")).isCloseTo(1.75, within(1e-9));
        assertThat((Double) champion.getField("avg_place_ms")).isCloseTo(100.0, within(1e-9));
        assertThat(challenger.getField("canary")).isEqualTo(true);
        assertThat(challenger.getField("shadow")).isEqualTo(false);
        assertThat(challenger.getField("fills")).isEqualTo(1L);
        assertThat((Double) challenger.getField("slippage_bps_notional_weighted")).isCloseTo(4.0, within(1e-9));
        // Each fill once, by its final record: champion 1 s (2 + 4) / 2 = 3, 5 s -4 alone (f2's is unknown),
        // 60 s (10 + 20) / 2 = 15; challenger -1, -2, -3.
        assertThat((Double) champion.getField("markout_1s_bps_avg")).isCloseTo(3.0, within(1e-9));
        assertThat((Double) champion.getField("markout_5s_bps_avg")).isCloseTo(-4.0, within(1e-9));
        assertThat((Double) champion.getField("markout_60s_bps_avg")).isCloseTo(15.0, within(1e-9));
        assertThat((Double) challenger.getField("markout_60s_bps_avg")).isCloseTo(-3.0, within(1e-9));
        // f4 alone: 2,000 of notional at 6 bps, markouts 1, 2, 3.
        assertThat(challengerPaper.getField("model_id")).isEqualTo("challenger-v2");
        assertThat(challengerPaper.getField("shadow")).isEqualTo(true);
        assertThat(challengerPaper.getField("fills")).isEqualTo(1L);
        assertThat((Double) challengerPaper.getField("notional")).isCloseTo(2_000.0, within(1e-9));
        assertThat((Double) challengerPaper.getField("slippage_bps_notional_weighted")).isCloseTo(6.0, within(1e-9));
        assertThat((Double) challengerPaper.getField("markout_5s_bps_avg")).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void dlqByReasonCountsRejectedInputPerTopicAndReason() throws Exception {
        List<Row> rows = run("queries/dlq_by_reason.sql");

        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.getField("topic")).isEqualTo(Topics.MARKET);
            assertThat(r.getField("reason")).isEqualTo("invalid_json");
            assertThat(r.getField("records")).isEqualTo(2L);
        });
    }

    private static List<Row> run(String file) throws Exception {
        String query = SqlScriptsTest.statements(Files.readString(Path.of(file))).get(0);
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tables.executeSql(query).collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    /** A fill as the job sends it: first with its markouts unknown, then final with them. */
    private static void fill(String id, String model, boolean canary, boolean shadow, long offsetMs, double notional,
            double fee, double slippageBps, double placeMs, Map<String, Double> markouts) throws Exception {
        TcaRecord r = new TcaRecord(id, "BTCUSDT", HOUR_START + offsetMs, Side.BUY, model, canary, 0.01, notional / 0.01,
                notional / 0.01, notional, fee, slippageBps, placeMs, markouts(null, null, null), false, shadow);
        kafka.send(Topics.TCA, "BTCUSDT", JsonCodec.encode(r));
        kafka.send(Topics.TCA, "BTCUSDT", JsonCodec.encode(r.withMarkouts(markouts, true)));
    }

    private static Map<String, Double> markouts(Double oneSecond, Double fiveSeconds, Double oneMinute) {
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        m.put("1s", oneSecond);
        m.put("5s", fiveSeconds);
        m.put("60s", oneMinute);
        return m;
    }

    /** The shipped tables, pointed at this broker and read up to each topic's end, so a query finishes. */
    private static String boundedAt(String bootstrap, String script) {
        return script.replace("'localhost:9092'", "'" + bootstrap + "'")
                .replace("'scan.startup.mode' = 'earliest-offset',",
                        "'scan.startup.mode' = 'earliest-offset',\n  'scan.bounded.mode' = 'latest-offset',");
    }
}
