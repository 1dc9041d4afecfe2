package io.canarykit.cli.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A small open-loop HTTP client: requests fall due on {@link OpenLoopSchedule}'s timetable whatever
 * the answers do, queue for one of a fixed set of keep-alive connections, and each latency counts from
 * the moment the request was due, so time spent queued behind a slow answer is charged to the server.
 */
public final class OpenLoopClient {

    /** What one run gave: latencies in microseconds, and the requests that failed or got no 200. */
    public record Result(Histogram micros, long sent, long failed, String firstFailure) {

        /** The two runs' requests as one result; {@code earlier} may be null, for none yet. */
        public static Result merge(Result earlier, Result later) {
            if (earlier == null) {
                return later;
            }
            Histogram both = earlier.micros().copy();
            both.add(later.micros());
            return new Result(both, earlier.sent() + later.sent(), earlier.failed() + later.failed(),
                    earlier.firstFailure() != null ? earlier.firstFailure() : later.firstFailure());
        }
    }

    /** Connections the requests share, as many as wrk's {@code -c32}. */
    static final int CONNECTIONS = 32;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final long NO_MORE = -1;

    private final HttpClient http;

    public OpenLoopClient(HttpClient http) {
        this.http = http;
    }

    /**
     * Sends {@code count} requests at {@code perSecond}, from now, request i to {@code uris.get(i % size)},
     * then waits for every answer.
     */
    public Result run(double perSecond, List<URI> uris, long count) throws InterruptedException {
        OpenLoopSchedule schedule = new OpenLoopSchedule(System.nanoTime(), perSecond);
        Histogram micros = new ConcurrentHistogram(LatencySummary.microsHistogram().getHighestTrackableValue(), 3);
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        BlockingQueue<long[]> due = new LinkedBlockingQueue<>();
        ExecutorService connections = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            for (int c = 0; c < CONNECTIONS; c++) {
                connections.submit(() -> answer(due, uris, micros, failed, firstFailure));
            }
            for (long i = 0; i < count; i++) {
                long at = schedule.dueNanos(i);
                waitUntil(at);
                due.add(new long[] {i, at});
            }
            for (int c = 0; c < CONNECTIONS; c++) {
                due.add(new long[] {NO_MORE, 0});
            }
            connections.shutdown();
            connections.awaitTermination(REQUEST_TIMEOUT.toSeconds() * 6, TimeUnit.SECONDS);
        } finally {
            connections.shutdownNow();
        }
        long answered = micros.getTotalCount() + failed.get();
        return new Result(micros, count, failed.get() + Math.max(0, count - answered), firstFailure.get());
    }

    private Void answer(BlockingQueue<long[]> due, List<URI> uris, Histogram micros, AtomicLong failed,
            AtomicReference<String> firstFailure) throws InterruptedException {
        while (true) {
            long[] next = due.take();
            if (next[0] == NO_MORE) {
                return null;
            }
            HttpRequest request = HttpRequest.newBuilder(uris.get((int) (next[0] % uris.size())))
                    .timeout(REQUEST_TIMEOUT).GET().build();
            try {
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    micros.recordValue(OpenLoopSchedule.latencyMicros(next[1], System.nanoTime()));
                    continue;
                }
                firstFailure.compareAndSet(null, "HTTP " + response.statusCode());
            } catch (java.io.IOException e) {
                firstFailure.compareAndSet(null, e.toString());
            }
            failed.incrementAndGet();
        }
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
