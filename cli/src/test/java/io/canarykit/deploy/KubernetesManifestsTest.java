package io.canarykit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.admin.SidecarOptions;
import io.canarykit.jobs.CheckpointAlignment;
import io.canarykit.jobs.StateBackendConfig;
import io.canarykit.jobs.GatingJob;
import io.canarykit.jobs.GatingJobOptions;
import io.canarykit.schema.Topics;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** deploy/k8s holds what the gating job, the sidecar and the topics need, with the code's names and ports. */
class KubernetesManifestsTest {

    private static final String FLINK = "deploy/k8s/flinkdeployment.yaml";
    private static final String SIDECAR = "deploy/k8s/sidecar.yaml";

    @Test
    void runsTheShadedJarWithTheGatingJobAndSavepointUpgrades() {
        JsonNode job = DeployTree.ofKind(FLINK, "FlinkDeployment").path("spec").path("job");
        assertThat(job.path("jarURI").asText()).startsWith("local:///").endsWith(".jar");
        assertThat(job.path("entryClass").asText()).isEqualTo(GatingJob.class.getName());
        assertThat(job.path("parallelism").asInt()).isPositive();
        assertThat(job.path("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(job.path("state").asText()).isEqualTo("running");
    }

    @Test
    void passesOnlyFlagsTheJobKnows() throws Exception {
        List<String> args = DeployTree.texts(DeployTree.ofKind(FLINK, "FlinkDeployment").path("spec").path("job").path("args"));
        // The reference profiles live in a ConfigMap on the cluster; here the compose stack's samples stand in.
        List<String> local = new ArrayList<>(args);
        local.set(local.indexOf("--reference") + 1, DeployTree.file("deploy/compose/reference").toString());
        GatingJobOptions options = GatingJobOptions.parse(local.toArray(String[]::new), Map.of());
        assertThat(options.champion()).isEqualTo("champion-v1");
        assertThat(options.challenger()).isEqualTo("challenger-v2");
        assertThat(options.createTopics()).isFalse();
    }

    @Test
    void keepsStateInRocksDbWithIncrementalCheckpointsOnDurableStorage() {
        JsonNode conf = DeployTree.ofKind(FLINK, "FlinkDeployment").path("spec").path("flinkConfiguration");
        assertThat(conf.path("state.backend.type").asText()).isEqualTo("rocksdb");
        assertThat(conf.path("execution.checkpointing.incremental").asText()).isEqualTo("true");
        for (String key : List.of("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir",
                "high-availability.storageDir")) {
            assertThat(conf.path(key).asText()).as(key).matches("(s3|s3a|gs|hdfs|abfss|oss)://.+");
        }
        assertThat(conf.path("high-availability.type").asText()).isEqualTo("kubernetes");
    }

    @Test
    void logsStateChangesUnderTheDurableStateStorage() {
        JsonNode conf = DeployTree.ofKind(FLINK, "FlinkDeployment").path("spec").path("flinkConfiguration");
        StateBackendConfig.changelogSettings("s3://canary-kit-state/changelog")
                .forEach((key, value) -> assertThat(conf.path(key).asText()).as(key).isEqualTo(value));
    }

    @Test
    void boundsHowLongACheckpointHoldsTheGatesInputs() {
        JsonNode conf = DeployTree.ofKind(FLINK, "FlinkDeployment").path("spec").path("flinkConfiguration");
        CheckpointAlignment.settings().forEach((key, value) -> assertThat(conf.path(key).asText()).as(key).isEqualTo(value));
    }

    @Test
    void exposesThePrometheusReporterToThePodMonitor() {
        JsonNode spec = DeployTree.ofKind(FLINK, "FlinkDeployment").path("spec");
        JsonNode conf = spec.path("flinkConfiguration");
        assertThat(conf.path("metrics.reporter.prom.factory.class").asText())
                .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        int port = conf.path("metrics.reporter.prom.port").asInt();
        assertThat(port).isEqualTo(9249);
        JsonNode container = spec.path("podTemplate").path("spec").path("containers").get(0);
        assertThat(container.path("name").asText()).isEqualTo("flink-main-container");
        JsonNode metricsPort = container.path("ports").get(0);
        assertThat(metricsPort.path("containerPort").asInt()).isEqualTo(port);

        JsonNode monitor = DeployTree.ofKind("deploy/k8s/podmonitor.yaml", "PodMonitor");
        assertThat(monitor.path("spec").path("podMetricsEndpoints").get(0).path("port").asText())
                .isEqualTo(metricsPort.path("name").asText());
        // The operator labels every pod of a FlinkDeployment with app: <its name>.
        assertThat(monitor.path("spec").path("selector").path("matchLabels").path("app").asText())
                .isEqualTo(DeployTree.ofKind(FLINK, "FlinkDeployment").path("metadata").path("name").asText());
    }

    @Test
    void givesBothFlinkProcessesMemoryAndCpu() {
        JsonNode spec = DeployTree.ofKind(FLINK, "FlinkDeployment").path("spec");
        for (String process : List.of("jobManager", "taskManager")) {
            JsonNode resource = spec.path(process).path("resource");
            assertThat(resource.path("memory").asText()).as(process).matches("[0-9]+[mg]");
            assertThat(resource.path("cpu").asDouble()).as(process).isPositive();
        }
    }

    @Test
    void servesTheSidecarOnItsPortWithTheAdminTokenFromTheSecret() {
        int port = SidecarOptions.DEFAULT_PORT;
        JsonNode secret = DeployTree.ofKind(SIDECAR, "Secret");
        assertThat(secret.path("stringData").path("KIT_ADMIN_TOKEN").asText()).isNotBlank();

        JsonNode deployment = DeployTree.ofKind(SIDECAR, "Deployment");
        JsonNode pod = deployment.path("spec").path("template");
        JsonNode container = pod.path("spec").path("containers").get(0);
        List<String> args = DeployTree.texts(container.path("args"));
        assertThat(args.get(0)).isEqualTo("sidecar");
        assertThat(args.get(args.indexOf("--port") + 1)).isEqualTo(String.valueOf(port));
        assertThat(args.get(args.indexOf("--bind") + 1)).isEqualTo("0.0.0.0");
        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(port);

        Map<String, JsonNode> env = new HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        JsonNode tokenRef = env.get("KIT_ADMIN_TOKEN").path("valueFrom").path("secretKeyRef");
        assertThat(tokenRef.path("name").asText()).isEqualTo(secret.path("metadata").path("name").asText());
        assertThat(tokenRef.path("key").asText()).isEqualTo("KIT_ADMIN_TOKEN");
        assertThat(env).containsKeys("KAFKA_BOOTSTRAP", "KIT_DB_URL", "PROFILE");

        JsonNode service = DeployTree.ofKind(SIDECAR, "Service");
        assertThat(service.path("spec").path("ports").get(0).path("port").asInt()).isEqualTo(port);
        service.path("spec").path("selector").fields().forEachRemaining(label ->
                assertThat(pod.path("metadata").path("labels").path(label.getKey()).asText())
                        .isEqualTo(label.getValue().asText()));
        assertThat(service.path("spec").path("selector").size()).isPositive();
    }

    @Test
    void declaresEveryTopicOfTheContract() throws Exception {
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode topic : DeployTree.documents("deploy/k8s/topics.yaml")) {
            assertThat(topic.path("kind").asText()).isEqualTo("KafkaTopic");
            assertThat(topic.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isNotBlank();
            byName.put(topic.path("spec").path("topicName").asText(), topic.path("spec"));
        }
        assertThat(byName.keySet()).containsExactlyInAnyOrderElementsOf(contractTopics());
        assertThat(byName.get(Topics.GATE_DECISIONS).path("config").path("cleanup.policy").asText()).isEqualTo("compact");
        assertThat(byName.get(Topics.CONTROL).path("partitions").asInt()).isEqualTo(1);
        assertThat(byName.get(Topics.REFERENCE).path("config").path("cleanup.policy").asText()).isEqualTo("compact");
        byName.forEach((name, spec) -> assertThat(spec.path("partitions").asInt()).as(name).isPositive());
    }

    /** The topic names in Topics: every public String constant but the control key. */
    static List<String> contractTopics() throws IllegalAccessException {
        List<String> names = new ArrayList<>();
        for (Field f : Topics.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && !f.getName().equals("CONTROL_KEY")) {
                names.add((String) f.get(null));
            }
        }
        assertThat(names).contains(Topics.MARKET, Topics.GATE_DECISIONS, Topics.DLQ);
        return names;
    }
}
