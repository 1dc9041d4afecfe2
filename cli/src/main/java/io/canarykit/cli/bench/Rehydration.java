package io.canarykit.cli.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

/** Waits until a sidecar answers {@code GET /api/kit/gates?symbol=S} with a decision for every symbol. */
final class Rehydration {

    // A few askers at once, so the check itself adds little to the time it measures.
    private static final int ASKERS = 4;
    private static final long RETRY_MS = 5;

    private Rehydration() {}

    /**
     * Returns once every symbol was served its decision.
     *
     * @throws TimeoutException when some symbol still had none after {@code timeout}
     */
    static void awaitServed(HttpClient http, String base, List<String> symbols, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        ExecutorService askers = Executors.newFixedThreadPool(ASKERS);
        try {
            List<Future<Boolean>> shares = new ArrayList<>();
            for (int a = 0; a < ASKERS; a++) {
                List<String> share = new ArrayList<>();
                for (int i = a; i < symbols.size(); i += ASKERS) {
                    share.add(symbols.get(i));
                }
                shares.add(askers.submit(() -> serveAll(http, base, share, deadline)));
            }
            for (Future<Boolean> share : shares) {
                if (!share.get()) {
                    throw new TimeoutException("the sidecar did not serve every one of " + symbols.size()
                            + " symbols within " + timeout.toSeconds() + " s");
                }
            }
        } finally {
            askers.shutdownNow();
        }
    }

    private static boolean serveAll(HttpClient http, String base, List<String> symbols, long deadline)
            throws InterruptedException {
        for (String symbol : symbols) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/kit/gates?symbol=" + symbol))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            while (!served(http, request)) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(RETRY_MS);
            }
        }
        return true;
    }

    // A 404 (no decision yet) or a refused connection both mean "not yet".
    private static boolean served(HttpClient http, HttpRequest request) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"decision\"");
        } catch (IOException notYet) {
            return false;
        }
    }
}
