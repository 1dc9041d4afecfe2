package io.canarykit.cli.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
    /**
     * The pause after a "not yet". The askers share the sidecar's cores: asking again every 5 ms kept
     * its HTTP threads busier than its ingest (184 samples to 81 in a JFR of the restart), so the
     * check slowed what it timed. It adds at most this much to the figure.
     */
    static final long RETRY_MS = 20;
    private static final int TIMEOUT_MS = 5_000;

    private Rehydration() {}

    /**
     * Returns once every symbol was served its decision. Each asker asks over a kept-alive connection
     * of {@link HttpURLConnection}, synchronous and light: with the JDK's asynchronous
     * {@code HttpClient} four askers took 560 to 1,020 ms to ask 1,000 symbols of a sidecar that had
     * every answer ready, which the figure would have counted as the sidecar's.
     *
     * @throws TimeoutException when some symbol still had none after {@code timeout}
     */
    static void awaitServed(String base, List<String> symbols, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        ExecutorService askers = Executors.newFixedThreadPool(ASKERS);
        try {
            List<Future<Boolean>> shares = new ArrayList<>();
            for (int a = 0; a < ASKERS; a++) {
                List<String> share = new ArrayList<>();
                for (int i = a; i < symbols.size(); i += ASKERS) {
                    share.add(symbols.get(i));
                }
                shares.add(askers.submit(() -> serveAll(base, share, deadline)));
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

    private static boolean serveAll(String base, List<String> symbols, long deadline) throws Exception {
        for (String symbol : symbols) {
            URI uri = URI.create(base + "/api/kit/gates?symbol=" + symbol);
            while (!served(uri)) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(RETRY_MS);
            }
        }
        return true;
    }

    // A 404 (no decision yet) or a refused connection both mean "not yet".
    static boolean served(URI uri) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout(TIMEOUT_MS);
        connection.setReadTimeout(TIMEOUT_MS);
        try {
            int status = connection.getResponseCode();
            // Read to the end either way, so the connection goes back to the pool for the next ask.
            InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream();
            String text = body == null ? "" : readAll(body);
            return status == 200 && text.contains("\"decision\"");
        } catch (java.net.ConnectException notYet) {
            return false;
        }
    }

    private static String readAll(InputStream body) throws IOException {
        try (body) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
