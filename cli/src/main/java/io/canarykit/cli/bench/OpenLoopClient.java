package io.canarykit.cli.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A small open-loop HTTP client: it sends GETs on {@link OpenLoopSchedule}'s timetable without waiting
 * for answers, and records each latency from the moment the request was due.
 */
public final class OpenLoopClient {

    /** What one run gave: latencies in microseconds, and the requests that failed or got no 200. */
    public record Result(Histogram micros, long sent, long failed, String firstFailure) {}

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;

    public OpenLoopClient(HttpClient http) {
        this.http = http;
    }

    /**
     * Sends {@code count} requests at {@code schedule}'s rate, request i to {@code uris.get(i % size)},
     * then waits for every answer.
     */
    public Result run(OpenLoopSchedule schedule, List<URI> uris, long count) throws InterruptedException {
        Histogram micros = new ConcurrentHistogram(LatencySummary.microsHistogram().getHighestTrackableValue(), 3);
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        CompletableFuture<?>[] pending = new CompletableFuture<?>[(int) count];
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + schedule.dueNanos(i);
            waitUntil(due);
            HttpRequest request = HttpRequest.newBuilder(uris.get(i % uris.size())).timeout(REQUEST_TIMEOUT).GET().build();
            pending[i] = http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, error) -> {
                long done = System.nanoTime();
                if (error != null || response.statusCode() != 200) {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, error != null ? error.toString() : "HTTP " + response.statusCode());
                } else {
                    micros.recordValue(OpenLoopSchedule.latencyMicros(due, done));
                }
                return null;
            });
        }
        try {
            CompletableFuture.allOf(pending).get(REQUEST_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // Each request's own outcome is already counted; a straggler past the timeout counts as failed below.
        }
        long answered = micros.getTotalCount() + failed.get();
        return new Result(micros, count, failed.get() + Math.max(0, count - answered), firstFailure.get());
    }

    private static void waitUntil(long dueNanos) {
        long left;
        while ((left = dueNanos - System.nanoTime()) > 0) {
            // Park for most of the gap, then spin the last stretch: parking overshoots by tens of microseconds.
            if (left > 200_000) {
                LockSupport.parkNanos(left - 100_000);
            } else {
                Thread.onSpinWait();
            }
        }
    }
}
