package io.canarykit.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.client.JobInitializationException;
import org.junit.jupiter.api.Test;

class RestoreCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void aJobRunsOnlyWhenEveryVertexRuns() throws Exception {
        assertThat(RestoreCheck.allRunning(json("{'state':'RUNNING','vertices':[{'status':'RUNNING'},{'status':'RUNNING'}]}")))
                .isTrue();
        assertThat(RestoreCheck.allRunning(json("{'state':'RUNNING','vertices':[{'status':'RUNNING'},{'status':'INITIALIZING'}]}")))
                .isFalse();
        assertThat(RestoreCheck.allRunning(json("{'state':'INITIALIZING','vertices':[]}"))).isFalse();
    }

    @Test
    void namesTheRootCauseOfTheFirstFailure() throws Exception {
        JsonNode history = json("[{'exceptionName':'org.apache.flink.runtime.JobException','stacktrace':"
                + "'org.apache.flink.runtime.JobException: Recovery is suppressed\\n\\tat x.y(Z.java:1)\\n"
                + "Caused by: java.lang.Exception: Exception while creating StreamOperatorStateContext.\\n"
                + "Caused by: org.apache.flink.util.StateMigrationException: The new state serializer is incompatible.\\n\\tat a.b(C.java:2)'}]");

        assertThat(RestoreCheck.failure(json("{'state':'RUNNING'}"), history))
                .contains("org.apache.flink.util.StateMigrationException: The new state serializer is incompatible.");
    }

    @Test
    void treatsAFailingOrRestartingJobAsFailedAndARunningOneAsNot() throws Exception {
        JsonNode none = json("[]");
        assertThat(RestoreCheck.failure(json("{'state':'RESTARTING'}"), none)).contains("the job is RESTARTING");
        assertThat(RestoreCheck.failure(json("{'state':'FAILED'}"), none)).isPresent();
        assertThat(RestoreCheck.failure(json("{'state':'RUNNING'}"), none)).isEmpty();
        assertThat(RestoreCheck.failure(json("{'state':'INITIALIZING'}"), json("{}"))).isEmpty();
    }

    @Test
    void theErrorNamesTheSnapshotAndSaysToStartFresh() {
        IllegalStateException e = RestoreCheck.notRestored(Path.of("/data/checkpoints/abc/chk-4"), "boom");

        assertThat(e).hasMessageContaining("/data/checkpoints/abc/chk-4").hasMessageContaining("boom")
                .hasMessageContaining("--fresh");
    }

    @Test
    void blamesTheSnapshotOnlyWhenTheJobMasterFailedToStart() {
        Exception initialization = new RuntimeException("Failed to execute job",
                new RuntimeException(new JobInitializationException(new JobID(), "Could not start the JobMaster.",
                        new java.io.EOFException())));
        Exception portInUse = new RuntimeException("Failed to execute job", new java.net.BindException("Address already in use"));

        assertThat(RestoreCheck.failedToInitialize(initialization)).isTrue();
        assertThat(RestoreCheck.failedToInitialize(portInUse)).isFalse();
        assertThat(JobSnapshots.rootMessage(initialization)).isEqualTo("EOFException");
    }
}
