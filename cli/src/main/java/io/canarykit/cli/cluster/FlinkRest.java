package io.canarykit.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The calls of Flink's REST API that `kit cluster` makes. */
public final class FlinkRest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public FlinkRest(String base) {
        this.base = base;
    }

    /** The number of registered TaskManagers, or 0 when the JobManager does not answer. */
    public int taskManagerCount() {
        try {
            return get("/overview").path("taskmanagers").asInt();
        } catch (IOException | InterruptedException notYet) {
            return 0;
        }
    }

    /** One line per TaskManager: its id, slots and heartbeat. */
    public List<String> taskManagers() throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        for (JsonNode tm : get("/taskmanagers").path("taskmanagers")) {
            lines.add(tm.path("id").asText() + " slots " + tm.path("freeSlots").asInt() + " free of "
                    + tm.path("slotsNumber").asInt());
        }
        return lines;
    }

    /** Uploads a job jar and returns the id the cluster gave it. */
    public String upload(Path jar) throws IOException, InterruptedException {
        String boundary = "kit-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode answer = send(HttpRequest.newBuilder(URI.create(base + "/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        String file = answer.path("filename").asText();
        return file.substring(file.lastIndexOf('/') + 1);
    }

    /**
     * Runs an uploaded jar with its program arguments, from a savepoint when one is given, which the
     * job then claims (Flink deletes it once later checkpoints no longer need it); returns the job id.
     */
    public String run(String jarId, List<String> args, String savepoint) throws IOException, InterruptedException {
        return run(jarId, args, savepoint, null);
    }

    /**
     * Runs an uploaded jar as {@link #run(String, List, String)} does, with {@code parallelism}
     * tasks per operator, or the cluster's default when null.
     */
    public String run(String jarId, List<String> args, String savepoint, Integer parallelism)
            throws IOException, InterruptedException {
        return run(jarId, args, savepoint, parallelism, false);
    }

    /**
     * As {@link #run(String, List, String, Integer)}; with {@code allowNonRestoredState}, state in the
     * savepoint that no operator of the job claims is left behind instead of failing the start.
     */
    public String run(String jarId, List<String> args, String savepoint, Integer parallelism,
            boolean allowNonRestoredState) throws IOException, InterruptedException {
        return post("/jars/" + jarId + "/run", runRequest(args, savepoint, parallelism, allowNonRestoredState))
                .path("jobid").asText();
    }

    /** The body of {@code POST /jars/:jarid/run}. */
    static ObjectNode runRequest(List<String> args, String savepoint, Integer parallelism,
            boolean allowNonRestoredState) {
        if (allowNonRestoredState && savepoint == null) {
            throw new IllegalArgumentException("allowNonRestoredState only applies to a start from a savepoint");
        }
        ObjectNode request = JSON.createObjectNode();
        args.forEach(request.putArray("programArgsList")::add);
        if (savepoint != null) {
            request.put("savepointPath", savepoint);
            // The job's checkpoints are a state changelog, which cannot start with the full checkpoint
            // that Flink's default NO_CLAIM mode takes (StateBackendConfig.changelogSettings).
            request.put("claimMode", "CLAIM");
            request.put("allowNonRestoredState", allowNonRestoredState);
        }
        if (parallelism != null) {
            request.put("parallelism", parallelism);
        }
        return request;
    }

    /** The id and state of the newest job that has not finished, if any. */
    public Optional<JsonNode> currentJob() throws IOException, InterruptedException {
        JsonNode newest = null;
        for (JsonNode job : get("/jobs/overview").path("jobs")) {
            String state = job.path("state").asText();
            boolean ended = state.equals("FINISHED") || state.equals("CANCELED") || state.equals("FAILED");
            if (!ended && (newest == null || job.path("start-time").asLong() > newest.path("start-time").asLong())) {
                newest = job;
            }
        }
        return Optional.ofNullable(newest);
    }

    /** The job's details: its state and each vertex's status. */
    public JsonNode job(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId);
    }

    /** The failures the job has had since it started. */
    public JsonNode exceptionHistory(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries");
    }

    /** The job's last completed checkpoint (id, end time, external path), if it has one. */
    public Optional<JsonNode> lastCheckpoint(String jobId) throws IOException, InterruptedException {
        JsonNode completed = get("/jobs/" + jobId + "/checkpoints").path("latest").path("completed");
        return completed.isMissingNode() || completed.isNull() ? Optional.empty() : Optional.of(completed);
    }

    /** The job's checkpoint statistics: counts, the recent history (newest first), the latest of each kind. */
    public JsonNode checkpoints(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId + "/checkpoints");
    }

    /**
     * One checkpoint's statistics for one vertex: its subtasks' synchronous and asynchronous parts,
     * alignment and start delay, each summarised ({@code summary.checkpoint_duration.sync.max} ...).
     */
    public JsonNode checkpointOfVertex(String jobId, long checkpointId, String vertexId)
            throws IOException, InterruptedException {
        return get("/jobs/" + jobId + "/checkpoints/details/" + checkpointId + "/subtasks/" + vertexId);
    }

    /** The checkpoint or savepoint the job last restored from (id, is_savepoint, external_path), if it restored. */
    public Optional<JsonNode> restoredFrom(String jobId) throws IOException, InterruptedException {
        JsonNode restored = get("/jobs/" + jobId + "/checkpoints").path("latest").path("restored");
        return restored.isMissingNode() || restored.isNull() ? Optional.empty() : Optional.of(restored);
    }

    /**
     * The job's vertices, each with its id, name (its chained operators' names joined by arrows) and
     * parallelism.
     */
    public JsonNode vertices(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId).path("vertices");
    }

    /** Cancels a job, without a savepoint. */
    public void cancel(String jobId) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()));
    }

    /** The job's state: CREATED, RUNNING, RESTARTING, FINISHED and so on. */
    public String jobState(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** True when the job runs and every one of its tasks runs too, not only scheduled. */
    public boolean allTasksRunning(String jobId) throws IOException, InterruptedException {
        JsonNode job = get("/jobs/" + jobId);
        if (!job.path("state").asText().equals("RUNNING")) {
            return false;
        }
        for (JsonNode vertex : job.path("vertices")) {
            if (!vertex.path("status").asText().equals("RUNNING")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Stops the job with a savepoint in {@code dir} and returns the savepoint's path. A job that is
     * still restarting refuses savepoints, so a refusal is retried until the timeout.
     */
    public String stopWithSavepoint(String jobId, Path dir, Duration timeout) throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode();
        request.put("targetDirectory", dir.toUri().toString());
        request.put("drain", false);
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastFailure = "none";
        while (System.nanoTime() < deadline) {
            String trigger = post("/jobs/" + jobId + "/stop", request).path("request-id").asText();
            JsonNode op = awaitOperation("/jobs/" + jobId + "/savepoints/" + trigger, deadline);
            if (op == null) {
                break;
            }
            if (!op.has("failure-cause")) {
                return op.path("location").asText();
            }
            String trace = op.path("failure-cause").path("stack-trace").asText();
            lastFailure = trace.lines().findFirst().orElse(trace);
            Thread.sleep(1000);
        }
        throw new IOException("no savepoint after " + timeout.toSeconds() + " s; last failure: " + lastFailure);
    }

    private JsonNode awaitOperation(String path, long deadline) throws IOException, InterruptedException {
        while (System.nanoTime() < deadline) {
            JsonNode status = get(path);
            if (status.path("status").path("id").asText().equals("COMPLETED")) {
                return status.path("operation");
            }
            Thread.sleep(200);
        }
        return null;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("Flink REST " + response.request().uri().getPath() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
