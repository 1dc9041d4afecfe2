package io.canarykit.admin.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.admin.json.ApiJson;
import io.canarykit.admin.ledger.Ledger;
import io.canarykit.admin.ledger.UtcDay;
import io.canarykit.admin.testing.ZipFiles;
import io.canarykit.config.KitConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily report streamed from a real ledger file: every row of the day in order, digests that match
 * the files, one snapshot, writers never held up, and a download that ends stops the reading.
 */
class DailyReportStreamTest {

    private static final LocalDate DAY = LocalDate.of(2026, 3, 2);
    /** Enough fills that each file crosses several of the hand-off's chunks. */
    private static final int FILLS = 6_000;

    /** A fill as the test wrote it, to compare the report's line with. */
    private record Fill(String orderId, String symbol, long ts, String side, String modelId, double qty, double px,
            double fee, double notional) {}

    @TempDir
    Path dir;

    private Ledger ledger;
    private DailyReport reports;
    private final List<Fill> written = new ArrayList<>();

    @BeforeEach
    void open() {
        ledger = Ledger.open("jdbc:sqlite:" + dir.resolve("kit.db"));
        reports = new DailyReport(ledger, KitConfig.defaults(), () -> UtcDay.start(DAY.plusDays(1)) + 1_000);
        Random random = new Random(302);
        long start = UtcDay.start(DAY);
        for (int i = 0; i < FILLS; i++) {
            // Some order ids hold what CSV quotes; a model id a line break.
            String orderId = i % 997 == 0 ? "o," + i + " \"x\"" : "o-" + i;
            String model = i % 1_499 == 0 ? "challenger\nb" : "champion_20260101";
            double px = 100 * (1 + random.nextGaussian() * 1e-3);
            double qty = 0.01 + random.nextInt(100) / 700.0;
            written.add(new Fill(orderId, "S" + i % 7, start + 10_000L * i + random.nextInt(9_000),
                    random.nextBoolean() ? "buy" : "sell", model, qty, px, qty * px * 1e-4, qty * px));
        }
        // Another day's fill, which the report leaves out.
        written.forEach(this::insert);
        insert(new Fill("o-next", "S1", UtcDay.start(DAY.plusDays(1)) + 5, "buy", "champion_20260101", 1, 2, 0, 2));
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    @Test
    void streamsEveryFillOfTheDayInTimeOrderWithTheDigestsOfWhatItWrote() throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        reports.write(DAY, zip);
        Map<String, byte[]> files = ZipFiles.unzip(zip.toByteArray());

        List<CSVRecord> rows = csv(files.get("fills.csv"));
        assertThat(rows.get(0).values()).containsExactly("order_id", "symbol", "ts", "side", "account", "model_id",
                "canary", "shadow", "fill_qty", "fill_px", "fee", "notional");
        List<Fill> expected = written.stream().sorted((a, b) -> Long.compare(a.ts(), b.ts())).toList();
        assertThat(rows).hasSize(expected.size() + 1);
        for (int i = 0; i < expected.size(); i++) {
            Fill fill = expected.get(i);
            CSVRecord row = rows.get(i + 1);
            assertThat(List.of(row.get(0), row.get(1), row.get(2), row.get(3), row.get(5)))
                    .containsExactly(fill.orderId(), fill.symbol(), Long.toString(fill.ts()), fill.side(), fill.modelId());
            assertThat(List.of(Double.parseDouble(row.get(8)), Double.parseDouble(row.get(9)),
                    Double.parseDouble(row.get(10)), Double.parseDouble(row.get(11))))
                    .containsExactly(fill.qty(), fill.px(), fill.fee(), fill.notional());
        }

        JsonNode metadata = ApiJson.MAPPER.readTree(files.get("metadata.json"));
        assertThat(metadata.path("row_counts").path("fills.csv").asLong()).isEqualTo(FILLS);
        for (String file : List.of("orders.csv", "fills.csv", "pnl.csv", "tca.csv", "decisions.csv")) {
            assertThat(metadata.path("sha256").path(file).asText()).as(file).isEqualTo(sha256(files.get(file)));
        }
    }

    @Test
    void readsOneSnapshotWhileAWriterGoesOn() throws Exception {
        CountDownLatch firstBytes = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        OutputStream held = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                firstBytes.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                zip.write(b, off, len);
            }
        };
        CompletableFuture<Void> report = CompletableFuture.runAsync(() -> {
            try {
                reports.write(DAY, held);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(firstBytes.await(30, TimeUnit.SECONDS)).as("the report started writing").isTrue();
        // The report is mid-way through its read; the ledger's own connection still commits.
        CompletableFuture.runAsync(() -> insert(new Fill("o-late", "S2", UtcDay.start(DAY) + 1, "buy",
                "champion_20260101", 1, 100, 0.01, 100))).get(30, TimeUnit.SECONDS);
        release.countDown();
        report.get(60, TimeUnit.SECONDS);

        assertThat(csv(ZipFiles.unzip(zip.toByteArray()).get("fills.csv"))).as("the snapshot from before the write")
                .hasSize(FILLS + 1);
        assertThat(csv(ZipFiles.unzip(reports.build(DAY).orElseThrow()).get("fills.csv"))).as("a later report")
                .hasSize(FILLS + 2);
    }

    @Test
    void aDownloadThatEndsStopsTheReadingAndFreesTheLedger() throws Exception {
        OutputStream cut = new OutputStream() {
            private long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > 100_000) {
                    throw new IOException("Broken pipe");
                }
            }
        };
        assertThatThrownBy(() -> reports.write(DAY, cut)).isInstanceOf(IOException.class).hasMessage("Broken pipe");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (readerAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(readerAlive()).as("the reading thread ended").isFalse();
        insert(new Fill("o-after", "S3", UtcDay.start(DAY) + 2, "sell", "champion_20260101", 1, 100, 0.01, 100));
        assertThat(csv(ZipFiles.unzip(reports.build(DAY).orElseThrow()).get("fills.csv"))).hasSize(FILLS + 2);
    }

    @Test
    void theBulkOfTheDayIsReadInTheOrderOfAnIndexWithoutASortOrAScan() {
        assertThat(DailyReport.slicedQueries()).hasSize(3);
        for (CsvQuery query : DailyReport.slicedQueries()) {
            List<String> plan = ledger.read(c -> {
                List<String> steps = new ArrayList<>();
                try (PreparedStatement q = c.prepareStatement("EXPLAIN QUERY PLAN " + query.plainSql());
                        java.sql.ResultSet rows = q.executeQuery()) {
                    while (rows.next()) {
                        steps.add(rows.getString("detail"));
                    }
                }
                return steps;
            });
            assertThat(plan).as(query.plainSql()).isNotEmpty()
                    .noneMatch(step -> step.startsWith("SCAN") || step.contains("TEMP B-TREE"));
        }
    }

    @Test
    void aDayBeforeTheLedgerOrAfterTodayIsNotCovered() {
        assertThat(reports.covers(DAY)).isTrue();
        assertThat(reports.covers(DAY.plusDays(2))).as("after today").isFalse();
        assertThat(reports.build(LocalDate.of(1990, 1, 1))).isEmpty();
    }

    private void insert(Fill fill) {
        ledger.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO fills(fill_key, order_id, symbol, ts, day, side, account, model_id, canary,
                                      fill_qty, fill_px, fee, notional)
                    VALUES (?,?,?,?,?,?,'main',?,0,?,?,?,?)""")) {
                s.setString(1, fill.orderId() + "@" + fill.ts());
                s.setString(2, fill.orderId());
                s.setString(3, fill.symbol());
                s.setLong(4, fill.ts());
                s.setString(5, UtcDay.of(fill.ts()));
                s.setString(6, fill.side());
                s.setString(7, fill.modelId());
                s.setDouble(8, fill.qty());
                s.setDouble(9, fill.px());
                s.setDouble(10, fill.fee());
                s.setDouble(11, fill.notional());
                s.executeUpdate();
            }
            return null;
        });
    }

    private static boolean readerAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("kit-report-reader") && t.isAlive());
    }

    private static List<CSVRecord> csv(byte[] bytes) throws IOException {
        return CSVFormat.RFC4180.parse(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8))
                .getRecords();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
