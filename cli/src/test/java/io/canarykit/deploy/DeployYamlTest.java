package io.canarykit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every YAML file under deploy/ parses, and every container image names a fixed version. */
class DeployYamlTest {

    // registry/name:tag, where the tag is a version: it starts with a digit or v+digit.
    private static final Pattern PINNED = Pattern.compile("[a-z0-9./_-]+:v?[0-9][A-Za-z0-9._-]*");

    @Test
    void parsesEveryYamlFileIntoNonEmptyDocuments() {
        List<Path> files = DeployTree.yamlFiles();
        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
        for (Path f : files) {
            List<JsonNode> docs = DeployTree.documents(f);
            assertThat(docs).as(f.toString()).isNotEmpty();
            assertThat(docs).as(f.toString()).allMatch(d -> d.isObject() && d.size() > 0);
        }
    }

    @Test
    void pinsTheTagOfEveryImage() {
        List<String> images = new ArrayList<>();
        for (Path f : DeployTree.yamlFiles()) {
            DeployTree.documents(f).forEach(d -> DeployTree.valuesOf(d, "image", v -> images.add(v.asText())));
        }
        assertThat(images).hasSizeGreaterThanOrEqualTo(9);
        assertThat(images).allSatisfy(image -> {
            assertThat(image).as("image %s", image).matches(PINNED);
            assertThat(image).doesNotContain(":latest").doesNotContain("${");
        });
    }

    @Test
    void recognisesUnpinnedImages() {
        assertThat("flink:latest").doesNotMatch(PINNED);
        assertThat("grafana/grafana").doesNotMatch(PINNED);
        assertThat("prom/prometheus:main").doesNotMatch(PINNED);
        assertThat("prom/prometheus:v2.53.2").matches(PINNED);
        assertThat("flink:2.2.1-scala_2.12-java17").matches(PINNED);
    }
}
