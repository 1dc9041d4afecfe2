package io.canarykit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.admin.SidecarOptions;
import io.canarykit.jobs.CheckpointAlignment;
import io.canarykit.jobs.StateBackendConfig;
import io.canarykit.jobs.GatingJobOptions;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** deploy/compose/docker-compose.yml runs the whole stack, wired with the code's ports and the built jars. */
class ComposeStackTest {

    private static final String COMPOSE = "deploy/compose/docker-compose.yml";

    private static JsonNode services() {
        return DeployTree.documents(COMPOSE).get(0).path("services");
    }

    @Test
    void holdsEveryServiceOfTheStack() {
        List<String> names = new ArrayList<>();
        services().fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder(
                "kafka", "jobmanager", "taskmanager", "submit", "sidecar", "prometheus", "grafana");
    }

    @Test
    void runsTheFlinkProcessesOnRocksDbWithTheReporterPort() {
        for (String process : List.of("jobmanager", "taskmanager")) {
            String props = services().path(process).path("environment").path("FLINK_PROPERTIES").asText();
            assertThat(props).as(process)
                    .contains("state.backend.type: rocksdb")
                    .contains("execution.checkpointing.incremental: true")
                    .contains("execution.checkpointing.savepoint-dir: ")
                    .contains("metrics.reporter.prom.port: 9249");
        }
    }

    @Test
    void logsStateChangesOnTheSharedStateVolumeInBothFlinkProcesses() {
        for (String service : new String[] {"jobmanager", "taskmanager"}) {
            String props = services().path(service).path("environment").path("FLINK_PROPERTIES").asText();
            StateBackendConfig.changelogSettings("file:///flink-state/changelog")
                    .forEach((key, value) -> assertThat(props).as(service).contains(key + ": " + value));
        }
    }

    @Test
    void boundsHowLongACheckpointHoldsTheGatesInputsOnTheTaskManager() {
        String props = services().path("taskmanager").path("environment").path("FLINK_PROPERTIES").asText();
        CheckpointAlignment.settings().forEach((key, value) -> assertThat(props).contains(key + ": " + value));
    }

    @Test
    void submitsTheShadedJarWithFlagsTheJobKnows() throws Exception {
        JsonNode submit = services().path("submit");
        List<String> command = DeployTree.texts(submit.path("command"));
        assertThat(command.subList(0, 2)).containsExactly("flink", "run");
        int jar = command.indexOf("/opt/canary-kit/canary-kit-job.jar");
        assertThat(jar).isPositive();
        assertThat(DeployTree.texts(submit.path("volumes")))
                .contains("../../jobs/target/jobs-" + projectVersion() + "-job.jar:/opt/canary-kit/canary-kit-job.jar:ro");

        List<String> jobArgs = new ArrayList<>(command.subList(jar + 1, command.size()));
        jobArgs.set(jobArgs.indexOf("--reference") + 1, DeployTree.file("deploy/compose/reference").toString());
        String bootstrap = submit.path("environment").path("KAFKA_BOOTSTRAP").asText();
        GatingJobOptions options = GatingJobOptions.parse(jobArgs.toArray(String[]::new), Map.of("KAFKA_BOOTSTRAP", bootstrap));
        assertThat(options.kit().kafkaBootstrap()).isEqualTo("kafka:29092");
        assertThat(options.profiles()).hasSize(2);
        assertThat(options.champion()).isEqualTo("champion-v1");
    }

    @Test
    void pointsTheJobAndTheSidecarAtTheBrokersInternalListener() {
        String listeners = services().path("kafka").path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText();
        for (String service : List.of("submit", "sidecar")) {
            String bootstrap = services().path(service).path("environment").path("KAFKA_BOOTSTRAP").asText();
            assertThat(listeners).as(service).contains("://" + bootstrap);
        }
    }

    @Test
    void servesTheSidecarOnItsPort() {
        JsonNode sidecar = services().path("sidecar");
        List<String> command = DeployTree.texts(sidecar.path("command"));
        String port = String.valueOf(SidecarOptions.DEFAULT_PORT);
        assertThat(command).contains("sidecar");
        assertThat(command.get(command.indexOf("--port") + 1)).isEqualTo(port);
        assertThat(command.get(command.indexOf("--bind") + 1)).isEqualTo("0.0.0.0");
        assertThat(DeployTree.texts(sidecar.path("ports"))).contains(port + ":" + port);
        assertThat(DeployTree.texts(sidecar.path("volumes"))).contains("../../cli/target/kit.jar:/opt/canary-kit/kit.jar:ro");
    }

    @Test
    void scrapesBothFlinkProcessesAndTheSidecarAndLoadsTheRules() {
        JsonNode prometheus = DeployTree.documents("deploy/compose/prometheus.yml").get(0);
        List<String> targets = new ArrayList<>();
        prometheus.path("scrape_configs").forEach(job ->
                job.path("static_configs").forEach(c -> targets.addAll(DeployTree.texts(c.path("targets")))));
        assertThat(targets).containsExactlyInAnyOrder(
                "jobmanager:9249", "taskmanager:9249", "sidecar:" + SidecarOptions.DEFAULT_PORT);

        // Rule files are read from deploy/prometheus, mounted at /etc/prometheus/rules.
        assertThat(DeployTree.texts(services().path("prometheus").path("volumes")))
                .contains("../prometheus:/etc/prometheus/rules:ro");
        for (String rules : DeployTree.texts(prometheus.path("rule_files"))) {
            assertThat(rules).startsWith("/etc/prometheus/rules/");
            String name = rules.substring("/etc/prometheus/rules/".length());
            assertThat(DeployTree.file("deploy/prometheus/" + name)).as(rules).isRegularFile();
        }
    }

    @Test
    void provisionsGrafanaWithThePrometheusSourceAndTheBoards() {
        JsonNode source = DeployTree.documents("grafana/provisioning/datasources/prometheus.yml").get(0)
                .path("datasources").get(0);
        assertThat(source.path("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(DeployTree.texts(services().path("prometheus").path("ports"))).contains("9090:9090");

        JsonNode provider = DeployTree.documents("grafana/provisioning/dashboards/canary-kit.yml").get(0)
                .path("providers").get(0);
        String boards = provider.path("options").path("path").asText();
        assertThat(DeployTree.texts(services().path("grafana").path("volumes")))
                .contains("../../grafana:" + boards + ":ro", "../../grafana/provisioning:/etc/grafana/provisioning:ro");

        JsonNode board = DeployTree.json("grafana/canary-kit-tca.json");
        assertThat(board.path("panels").size()).isPositive();
        board.path("panels").forEach(panel -> {
            if ("row".equals(panel.path("type").asText())) {
                return;
            }
            assertThat(panel.path("datasource").path("uid").asText()).isEqualTo(source.path("uid").asText());
            assertThat(panel.path("targets").get(0).path("expr").asText()).isNotBlank();
        });
    }

    /** The version of the build, from the root pom, which names the shaded jar. */
    private static String projectVersion() throws Exception {
        String pom = Files.readString(DeployTree.file("pom.xml"));
        int artifact = pom.indexOf("<artifactId>canary-kit</artifactId>");
        int start = pom.indexOf("<version>", artifact) + "<version>".length();
        return pom.substring(start, pom.indexOf("</version>", start));
    }
}
