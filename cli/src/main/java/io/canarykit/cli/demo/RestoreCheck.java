package io.canarykit.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.cli.cluster.FlinkRest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.client.JobInitializationException;

/**
 * Watches a job that starts from a snapshot until every task runs, which in Flink means each has
 * restored its state, and turns a failure before that into an error that says how to start over.
 */
final class RestoreCheck {

    private static final List<String> FAILED_STATES = List.of("FAILING", "FAILED", "RESTARTING", "CANCELED", "CANCELLING");

    private RestoreCheck() {
    }

    /**
     * Returns once every task of the job runs; throws when the job failed first. A job that is
     * still starting at the timeout is let be, with a warning.
     *
     * @throws IllegalStateException naming the snapshot and the cause, and advising {@code --fresh}
     */
    static void await(JobClient job, FlinkRest rest, Path snapshot, Duration timeout) throws InterruptedException {
        String id = job.getJobID().toHexString();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (job.getJobExecutionResult().isDone()) {
                throw notRestored(snapshot, endedBecause(job));
            }
            try {
                JsonNode details = rest.job(id);
                Optional<String> failure = failure(details, rest.exceptionHistory(id));
                if (failure.isPresent()) {
                    throw notRestored(snapshot, failure.get());
                }
                if (allRunning(details)) {
                    return;
                }
            } catch (IOException notAnsweringYet) {
                // The REST endpoint comes up with the cluster; asked again below.
            }
            Thread.sleep(200);
        }
        System.err.println("kit demo: the job is still starting from " + snapshot + " after " + timeout.toSeconds() + " s");
    }

    /** Whether the job and each of its vertices run. */
    static boolean allRunning(JsonNode job) {
        JsonNode vertices = job.path("vertices");
        if (!"RUNNING".equals(job.path("state").asText()) || !vertices.isArray() || vertices.isEmpty()) {
            return false;
        }
        for (JsonNode v : vertices) {
            if (!"RUNNING".equals(v.path("status").asText())) {
                return false;
            }
        }
        return true;
    }

    /** Why the job failed, from its state and its exception history, or empty while it has not. */
    static Optional<String> failure(JsonNode job, JsonNode exceptionHistory) {
        if (exceptionHistory.isArray() && !exceptionHistory.isEmpty()) {
            JsonNode first = exceptionHistory.get(exceptionHistory.size() - 1);
            return Optional.of(rootCause(first.path("stacktrace").asText(first.path("exceptionName").asText())));
        }
        String state = job.path("state").asText();
        return FAILED_STATES.contains(state) ? Optional.of("the job is " + state) : Optional.empty();
    }

    /** The last {@code Caused by:} line of a stack trace, else its first line: the cause that says what went wrong. */
    static String rootCause(String stacktrace) {
        String cause = stacktrace.lines().findFirst().orElse(stacktrace);
        for (String line : stacktrace.lines().toList()) {
            if (line.startsWith("Caused by: ")) {
                cause = line.substring("Caused by: ".length());
            }
        }
        return cause.strip();
    }

    /**
     * Whether a failed submission failed while the job master started, which is where it reads the
     * snapshot; a cluster that could not start at all (a port in use) fails before that.
     */
    static boolean failedToInitialize(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JobInitializationException) {
                return true;
            }
        }
        return false;
    }

    static IllegalStateException notRestored(Path snapshot, String cause) {
        return new IllegalStateException("the job could not restore its state from " + snapshot + ": " + cause
                + ". The state may come from another version of Canary Kit; start with --fresh to begin again"
                + " (it deletes the data directory: the broker's topics, the job's state and the database).");
    }

    private static String endedBecause(JobClient job) throws InterruptedException {
        try {
            job.getJobExecutionResult().get();
            return "the job ended";
        } catch (ExecutionException e) {
            return JobSnapshots.rootMessage(e);
        }
    }
}
