package io.canarykit.jobs.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Opens the shaded job jar built in the package phase and checks what a Flink cluster needs of it. */
class JobJarITCase {

    private static List<String> entries;
    private static Manifest manifest;

    @BeforeAll
    static void openJar() throws IOException {
        // Failsafe passes the path; run from the module directory it is found beside the build.
        String configured = System.getProperty("kit.job.jar");
        Path jar = configured != null ? Path.of(configured) : Path.of("target", "jobs-0.1.0-SNAPSHOT-job.jar");
        assertThat(jar).as("the shaded job jar, built by `mvn package`").isRegularFile();
        try (JarFile file = new JarFile(jar.toFile())) {
            manifest = file.getManifest();
            entries = file.stream().map(ZipEntry::getName).toList();
        }
    }

    @Test
    void namesTheGatingJobAsItsEntryClass() {
        assertThat(manifest).isNotNull();
        assertThat(manifest.getMainAttributes().getValue("Main-Class")).isEqualTo("io.canarykit.jobs.GatingJob");
    }

    @Test
    void bundlesTheKafkaConnectorItsClientAndConnectorBase() {
        assertThat(entries).contains(
                "org/apache/flink/connector/kafka/source/KafkaSource.class",
                "org/apache/flink/connector/kafka/sink/KafkaSink.class",
                "org/apache/flink/connector/base/source/reader/SourceReaderBase.class",
                "org/apache/kafka/clients/consumer/KafkaConsumer.class");
    }

    @Test
    void bundlesTheProjectModules() {
        assertThat(entries).contains(
                "io/canarykit/jobs/GatingJob.class",
                "io/canarykit/jobs/GatingWorkflow.class",
                "io/canarykit/schema/Topics.class");
        assertThat(entries).anyMatch(name -> name.startsWith("io/canarykit/operators/"));
    }

    @Test
    void leavesFlinkItselfAndLoggingToTheCluster() {
        assertThat(entries)
                .filteredOn(name -> name.endsWith(".class"))
                .noneMatch(name -> name.startsWith("org/apache/flink/streaming/api/"))
                .noneMatch(name -> name.startsWith("org/apache/flink/runtime/"))
                .noneMatch(name -> name.startsWith("org/apache/flink/api/common/"))
                .noneMatch(name -> name.startsWith("org/apache/flink/contrib/streaming/state/"))
                .noneMatch(name -> name.startsWith("org/slf4j/"))
                .noneMatch(name -> name.startsWith("org/apache/logging/"))
                .noneMatch(name -> name.startsWith("org/apache/log4j/"));
    }

    @Test
    void carriesNoSignatureFilesThatWouldBreakClassLoading() {
        assertThat(entries).noneMatch(name -> name.matches("META-INF/[^/]+\\.(SF|DSA|RSA)"));
    }

    @Test
    void keepsTheServiceFilesOfTheBundledLibraries() {
        assertThat(entries).contains(
                "META-INF/services/org.apache.kafka.common.config.provider.ConfigProvider",
                "META-INF/services/com.fasterxml.jackson.databind.Module");
    }
}
