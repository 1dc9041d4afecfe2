package io.canarykit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.cli.bench.BenchSection;
import io.canarykit.cli.bench.BenchSections;
import io.canarykit.cli.bench.FigureSpec;
import io.canarykit.cli.bench.ThroughputBench;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code kit bench --quick --only throughput --json} on a tiny input, as a program reading its last line sees it. */
class BenchThroughputITCase {

    @AfterEach
    void forgetTheTinyInput() {
        System.clearProperty(ThroughputBench.EVENTS_PROPERTY);
    }

    @Test
    void printsEveryThroughputFigureAsANumberAndEveryOtherSectionsAsNull() throws Exception {
        // Four symbols of one block each: the graphs and the report, not the machine's speed, are under test.
        System.setProperty(ThroughputBench.EVENTS_PROPERTY, "120");
        StringWriter out = new StringWriter();
        var kit = KitCommand.commandLine();
        kit.setOut(new PrintWriter(out));

        int code = kit.execute("bench", "--quick", "--only", "throughput", "--json", "--symbols", "4");

        assertThat(code).isZero();
        List<String> lines = out.toString().lines().toList();
        JsonNode json = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        for (BenchSection section : BenchSections.all()) {
            for (FigureSpec figure : section.figures()) {
                JsonNode value = json.get(figure.key());
                assertThat(value).as("key %s", figure.key()).isNotNull();
                if (section instanceof ThroughputBench) {
                    assertThat(value.isNumber()).as("%s is a number, got %s", figure.key(), value).isTrue();
                } else {
                    assertThat(value.isNull()).as("%s of a section not run is null, got %s", figure.key(), value).isTrue();
                }
            }
        }
        assertThat(List.of("throughput_ratio", "throughput_ratio_heap", "gating_eps_per_core", "gating_eps_per_core_heap",
                "passthrough_eps_per_core", "passthrough_eps_per_core_heap", "kpi_records_per_input",
                "decision_records_per_input", "tca_records_per_input"))
                .allSatisfy(key -> assertThat(json.path(key).isNumber()).as("the issue's key %s", key).isTrue());
        assertThat(json.get("machine").get("cores").asInt()).isPositive();
    }
}
