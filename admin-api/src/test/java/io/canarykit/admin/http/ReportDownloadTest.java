package io.canarykit.admin.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.canarykit.admin.ledger.Ledger;
import io.canarykit.admin.ledger.UtcDay;
import io.canarykit.admin.report.DailyReport;
import io.canarykit.admin.testing.CapturedLog;
import io.canarykit.admin.testing.ZipFiles;
import io.canarykit.config.KitConfig;
import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily report's download through a real Jetty, as {@code curl} sees it: a ledger that fails to
 * read after the first bytes went out breaks the transfer instead of ending it with a JSON error
 * glued to half a ZIP; a failure before any byte went out is the usual JSON answer; a client that
 * hangs up is one quiet line in the log, not an error with its stack.
 */
class ReportDownloadTest {

    private static final LocalDate DAY = LocalDate.of(2026, 3, 2);
    /** About 2 MB of fills.csv: far more than Jetty buffers before it commits the response. */
    private static final int FILLS = 20_000;

    @TempDir
    Path dir;

    private Path file;
    private Ledger ledger;
    private Javalin app;

    @BeforeEach
    void start() throws Exception {
        file = dir.resolve("kit.db");
        ledger = Ledger.open("jdbc:sqlite:" + file);
        writeFills();
        DailyReport reports = new DailyReport(ledger, KitConfig.defaults(), () -> UtcDay.start(DAY.plusDays(1)) + 1_000);
        ReportController report = new ReportController(reports);
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            ErrorHandling.install(cfg.routes);
            cfg.routes.get("/api/kit/report/{date}", report::byDate);
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
        ledger.close();
    }

    @Test
    void servesTheWholeReportWhenNothingFails() throws Exception {
        HttpURLConnection http = get();
        assertThat(http.getResponseCode()).isEqualTo(200);
        assertThat(http.getHeaderField("Content-Disposition")).contains("canary-kit-report-2026-03-02.zip");
        byte[] body;
        try (InputStream in = http.getInputStream()) {
            body = in.readAllBytes();
        }
        Map<String, byte[]> files = ZipFiles.unzip(body);
        assertThat(new String(files.get("fills.csv"), StandardCharsets.UTF_8).lines().count()).isEqualTo(FILLS + 1);
    }

    @Test
    void aReadThatFailsAfterTheFirstBytesWentOutBreaksTheTransfer() throws Exception {
        corruptLastLeafPagesOf("fills", 0.3);
        try (CapturedLog log = CapturedLog.start()) {
            HttpURLConnection http = get();
            assertThat(http.getResponseCode()).as("the status went out with the first bytes").isEqualTo(200);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            IOException broken = null;
            try (InputStream in = http.getInputStream()) {
                in.transferTo(received);
            } catch (IOException e) {
                broken = e;
            }
            assertThat(broken).as("the transfer ends without its last chunk, as a failed download").isNotNull();
            assertThat(received.size()).as("bytes of the ZIP before the failure").isGreaterThan(64 * 1024);
            assertThat(received.toString(StandardCharsets.ISO_8859_1)).doesNotContain("\"error\"");
            assertThat(log.lines()).anySatisfy(line -> {
                assertThat(line.level()).isEqualTo(Level.ERROR);
                assertThat(line.message()).contains("report of 2026-03-02").contains("broke off");
            });
        }
    }

    @Test
    void curlCallsABrokenOffDownloadAFailure() throws Exception {
        Path curl = Path.of("/usr/bin/curl");
        assumeTrue(Files.isExecutable(curl), "curl is not installed");
        corruptLastLeafPagesOf("fills", 0.3);
        Process run = new ProcessBuilder(curl.toString(), "-sS", "-o", dir.resolve("report.zip").toString(),
                "http://127.0.0.1:" + app.port() + "/api/kit/report/" + DAY).redirectErrorStream(true).start();
        String said = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // 18: "partial file", the transfer ended before the response did.
        assertThat(run.exitValue()).as("curl's exit code; it said: %s", said).isEqualTo(18);
    }

    @Test
    void aReadThatFailsBeforeAnyByteWentOutAnswersWithJson() throws Exception {
        corruptLastLeafPagesOf("fills", 1.0);
        HttpURLConnection http = get();
        assertThat(http.getResponseCode()).isEqualTo(503);
        assertThat(http.getContentType()).startsWith("application/json");
        assertThat(http.getHeaderField("Content-Disposition")).as("no file to save").isNull();
        try (InputStream in = http.getErrorStream()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("\"unavailable\"");
        }
    }

    @Test
    void aClientThatHangsUpIsOneQuietLine() throws Exception {
        try (CapturedLog log = CapturedLog.start()) {
            try (Socket socket = new Socket("127.0.0.1", app.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("GET /api/kit/report/" + DAY + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] first = in.readNBytes(16 * 1024);
                assertThat(new String(first, 0, 15, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200 OK");
                // A reset rather than a polite close: the server's next write fails at once.
                socket.setSoLinger(true, 0);
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (readerAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(readerAlive()).as("the report's readers stopped").isFalse();
            Thread.sleep(200);
            assertThat(log.lines()).singleElement().satisfies(line -> {
                assertThat(line.level()).isEqualTo(Level.WARN);
                assertThat(line.message()).contains("the client left before the end of the report of 2026-03-02");
                assertThat(line.thrown()).as("a stack trace").isNull();
            });
        }
    }

    private HttpURLConnection get() throws IOException {
        HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + app.port() + "/api/kit/report/" + DAY)
                .toURL().openConnection();
        http.setReadTimeout(30_000);
        return http;
    }

    private void writeFills() {
        Random random = new Random(7);
        long start = UtcDay.start(DAY);
        ledger.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO fills(fill_key, order_id, symbol, ts, day, side, account, model_id, canary,
                                      fill_qty, fill_px, fee, notional)
                    VALUES (?,?,?,?,?,?,'main','champion_20260101',0,?,?,?,?)""")) {
                for (int i = 0; i < FILLS; i++) {
                    long ts = start + 4_000L * i + random.nextInt(3_000);
                    double px = 100 * (1 + random.nextGaussian() * 1e-3);
                    double qty = 0.01 + random.nextInt(100) / 700.0;
                    s.setString(1, "o-" + i + "@" + ts);
                    s.setString(2, "o-" + i);
                    s.setString(3, "S" + i % 7);
                    s.setLong(4, ts);
                    s.setString(5, UtcDay.of(ts));
                    s.setString(6, i % 2 == 0 ? "buy" : "sell");
                    s.setDouble(7, qty);
                    s.setDouble(8, px);
                    s.setDouble(9, qty * px * 1e-4);
                    s.setDouble(10, qty * px);
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    /**
     * Overwrites the last {@code share} of a table's leaf pages on disk, as a failing disk would: the
     * rows written last (the day's latest, read last) can no longer be read.
     */
    private void corruptLastLeafPagesOf(String table, double share) throws Exception {
        ledger.transaction(c -> {
            try (var s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            return null;
        });
        List<Integer> pages = new ArrayList<>();
        int pageSize;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (ResultSet r = c.createStatement().executeQuery(
                    "SELECT pageno FROM dbstat WHERE name = '" + table + "' AND pagetype = 'leaf' ORDER BY pageno")) {
                while (r.next()) {
                    pages.add(r.getInt(1));
                }
            }
            try (ResultSet r = c.createStatement().executeQuery("PRAGMA page_size")) {
                pageSize = r.getInt(1);
            }
        }
        assertThat(pages).hasSizeGreaterThan(20);
        byte[] garbage = new byte[pageSize];
        java.util.Arrays.fill(garbage, (byte) 0x5A);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            for (int page : pages.subList((int) (pages.size() * (1 - share)), pages.size())) {
                raf.seek((long) (page - 1) * pageSize);
                raf.write(garbage);
            }
        }
    }

    private static boolean readerAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("kit-report-reader") && t.isAlive());
    }
}
