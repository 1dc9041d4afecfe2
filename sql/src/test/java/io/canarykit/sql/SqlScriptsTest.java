package io.canarykit.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.TcaRecord;
import io.canarykit.schema.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.Column;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every statement of tables.sql and queries/ goes through Flink's own parser, validator and planner
 * with the Kafka connector and the JSON format, and every table matches its topic's record.
 */
class SqlScriptsTest {

    private static final Path TABLES = Path.of("tables.sql");
    private static final Path QUERIES = Path.of("queries");
    private static final Pattern TOPIC = Pattern.compile("'topic'\\s*=\\s*'([^']+)'");
    /** Each table, its topic and the record its values are. */
    private static final Map<String, Class<?>> RECORD_OF_TABLE = new LinkedHashMap<>();
    private static final Map<String, String> TOPIC_OF_TABLE = new LinkedHashMap<>();

    static {
        table("kit_market", Topics.MARKET, MarketQuote.class);
        table("kit_features", Topics.FEATURES, FeatureVector.class);
        table("kit_orders", Topics.ORDERS, OrderEvent.class);
        table("kit_control", Topics.CONTROL, ControlCommand.class);
        table("kit_gate_decisions", Topics.GATE_DECISIONS, GateDecision.class);
        table("kit_kpis", Topics.KPIS, KpiRecord.class);
        table("kit_tca", Topics.TCA, TcaRecord.class);
        table("kit_dlq", Topics.DLQ, DlqRecord.class);
    }

    private static TableEnvironment tables;

    private static void table(String name, String topic, Class<?> record) {
        TOPIC_OF_TABLE.put(name, topic);
        RECORD_OF_TABLE.put(name, record);
    }

    @BeforeAll
    static void createTables() throws IOException {
        tables = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        for (String statement : statements(Files.readString(TABLES))) {
            tables.executeSql(statement);
        }
    }

    @Test
    void declaresOneTableForEveryTopicOfTheContract() throws IOException {
        assertThat(Set.of(tables.listTables())).containsExactlyInAnyOrderElementsOf(TOPIC_OF_TABLE.keySet());
        Matcher m = TOPIC.matcher(Files.readString(TABLES));
        List<String> topics = new ArrayList<>();
        while (m.find()) {
            topics.add(m.group(1));
        }
        assertThat(topics).containsExactlyInAnyOrderElementsOf(TOPIC_OF_TABLE.values());
    }

    @Test
    void everyTableReadsTheTopicOfItsRecord() {
        for (String table : TOPIC_OF_TABLE.keySet()) {
            String ddl = tables.executeSql("SHOW CREATE TABLE " + table).collect().next().getField(0).toString();
            assertThat(ddl).as(table).contains("'topic' = '" + TOPIC_OF_TABLE.get(table) + "'");
        }
    }

    @Test
    void everyColumnIsAFieldOfTheRecordAsItIsWritten() {
        for (var entry : RECORD_OF_TABLE.entrySet()) {
            Set<String> fields = jsonFields(entry.getValue());
            List<String> columns = physicalColumns(entry.getKey());
            assertThat(fields).as("fields of %s that %s reads", entry.getValue().getSimpleName(), entry.getKey())
                    .containsAll(columns);
        }
    }

    @Test
    void tablesOfFactsReadEveryFieldOfTheirRecord() {
        // The decisions table leaves out only the KPI record a decision carries: kit_kpis has it.
        for (var entry : RECORD_OF_TABLE.entrySet()) {
            Set<String> missing = jsonFields(entry.getValue());
            missing.removeAll(physicalColumns(entry.getKey()));
            Set<String> expected = entry.getKey().equals("kit_gate_decisions") ? Set.of("kpis") : Set.of();
            if (entry.getKey().equals("kit_kpis")) {
                // Window lengths and sample counts are per-window detail the SQL views do not need.
                expected = Set.of("windows", "samples");
            }
            assertThat(missing).as("fields of %s no column reads", entry.getKey()).isEqualTo(expected);
        }
    }

    static Stream<Path> queries() throws IOException {
        try (Stream<Path> files = Files.list(QUERIES)) {
            return files.filter(p -> p.toString().endsWith(".sql")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("queries")
    void everyQueryPlansAgainstTheTables(Path query) throws IOException {
        List<String> statements = statements(Files.readString(query));
        assertThat(statements).as("%s holds one query", query).hasSize(1);
        assertThatCode(() -> tables.explainSql(statements.get(0))).as("%s", query).doesNotThrowAnyException();
        assertThat(Files.readString(query)).as("%s says what it answers", query).startsWith("-- ");
    }

    @Test
    void aQueryOverAColumnNoTableHasDoesNotPlan() {
        // The check above can fail: the planner refuses a wrong column name.
        assertThatCode(() -> tables.explainSql("SELECT slippage FROM kit_tca")).hasMessageContaining("slippage");
    }

    /** The statements of a script: comments dropped, split at each semicolon that ends a line. */
    static List<String> statements(String script) {
        String withoutComments = script.lines()
                .filter(line -> !line.stripLeading().startsWith("--"))
                .collect(Collectors.joining("\n"));
        List<String> out = new ArrayList<>();
        for (String part : withoutComments.split(";\\s*(\\n|$)")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }

    private static List<String> physicalColumns(String table) {
        return tables.from(table).getResolvedSchema().getColumns().stream()
                .filter(Column::isPhysical)
                .map(Column::getName)
                .toList();
    }

    private static Set<String> jsonFields(Class<?> record) {
        ObjectMapper mapper = new ObjectMapper();
        return mapper.getSerializationConfig().introspect(mapper.constructType(record)).findProperties().stream()
                .map(BeanPropertyDefinition::getName)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
