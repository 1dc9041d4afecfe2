package io.canarykit.admin.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.admin.report.CsvQuery.Column;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** SQLite renders rows as CSV lines that a CSV parser reads back to the values stored. */
class CsvQueryTest {

    private static final CsvQuery QUERY = new CsvQuery(List.of(Column.text("name"), Column.number("price"),
            Column.number("qty"), Column.text("note")), "t", "rowid", "qty IS NOT ?", "rowid");

    @Test
    void textsWithCommasQuotesAndLineBreaksComeBackWhole() throws Exception {
        List<String> texts = Arrays.asList("plain", "with,comma", "say \"hi\"", "two\nlines", "carriage\rreturn",
                "\"", ",", "", null, "ünïcødé €", "crlf\r\n", " spaced ");
        try (Connection c = table()) {
            for (String name : texts) {
                for (String note : Arrays.asList("quiet", name)) {
                    insert(c, name, 1.5, 2L, note);
                }
            }
            List<CSVRecord> rows = parse(lines(c));
            assertThat(rows).hasSize(texts.size() * 2);
            for (int i = 0; i < texts.size(); i++) {
                String expected = texts.get(i) == null ? "" : texts.get(i);
                CSVRecord quietNote = rows.get(2 * i);
                CSVRecord sameNote = rows.get(2 * i + 1);
                assertThat(quietNote.values()).as("row of %s", expected).containsExactly(expected, "1.5", "2", "quiet");
                assertThat(sameNote.values()).as("row of %s twice", expected).containsExactly(expected, "1.5", "2", expected);
            }
        }
    }

    @Test
    void realsReadBackAsTheSameDoubles() throws Exception {
        Random random = new Random(20261206);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            double value = switch (i % 4) {
                case 0 -> Double.longBitsToDouble(random.nextLong());
                case 1 -> random.nextGaussian() * 100;
                case 2 -> Math.round(random.nextDouble() * 1e6) / 1e4;
                default -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
            };
            values.add(Double.isFinite(value) ? value : i);
        }
        values.addAll(List.of(0.0, 58.0, 0.1 + 0.2, 1e-300, -1e300, Double.MIN_VALUE, Double.MAX_VALUE));
        try (Connection c = table()) {
            for (double value : values) {
                insert(c, "x", value, 7L, null);
            }
            List<CSVRecord> rows = parse(lines(c));
            for (int i = 0; i < values.size(); i++) {
                double parsed = Double.parseDouble(rows.get(i).get(1));
                assertThat(Double.doubleToLongBits(parsed)).as("%s read back from %s", values.get(i), rows.get(i).get(1))
                        .isEqualTo(Double.doubleToLongBits(values.get(i)));
            }
        }
    }

    @Test
    void nullsAreEmptyFieldsAndIntegersStayWhole() throws Exception {
        try (Connection c = table()) {
            insert(c, null, null, 1_796_428_800_059L, null);
            insert(c, "a", -0.25, null, "b");
            assertThat(lines(c)).containsExactly(",,1796428800059,", "a,-0.25,,b");
        }
    }

    @Test
    void aLineIsPlainOnlyWithOneFieldPerColumnAndNothingToQuote() {
        byte[] line = "17,a,1.5,2,b".getBytes(StandardCharsets.UTF_8);
        assertThat(CsvQuery.isPlainCsv(line, 3, 4)).isTrue();
        assertThat(CsvQuery.isPlainCsv(line, 3, 5)).as("a comma inside a text").isFalse();
        assertThat(CsvQuery.isPlainCsv("1,a\"b,2".getBytes(StandardCharsets.UTF_8), 2, 2)).isFalse();
        assertThat(CsvQuery.isPlainCsv("1,a\nb,2".getBytes(StandardCharsets.UTF_8), 2, 2)).isFalse();
        assertThat(CsvQuery.isPlainCsv("1,a\rb,2".getBytes(StandardCharsets.UTF_8), 2, 2)).isFalse();
        assertThat(QUERY.header()).isEqualTo("name,price,qty,note");
    }

    @Test
    void refusesLabelsThatWouldNeedQuotesAndQueriesWithoutColumns() {
        assertThatThrownBy(() -> Column.text("two words")).hasMessageContaining("plain lowercase name");
        assertThatThrownBy(() -> new CsvQuery(List.of(), "t", "rowid", "1", "rowid"))
                .hasMessageContaining("at least one column");
    }

    private static Connection table() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (name TEXT, price REAL, qty INTEGER, note TEXT)");
        }
        return c;
    }

    private static void insert(Connection c, String name, Double price, Long qty, String note) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?)")) {
            s.setObject(1, name);
            s.setObject(2, price);
            s.setObject(3, qty);
            s.setObject(4, note);
            s.executeUpdate();
        }
    }

    private static List<String> lines(Connection c) throws SQLException {
        List<String> lines = new ArrayList<>();
        // A filter that keeps every row: its parameter matches no qty.
        long rows = QUERY.run(c, List.of(-1L),
                (bytes, offset, length) -> lines.add(new String(bytes, offset, length, StandardCharsets.UTF_8)));
        assertThat(rows).isEqualTo(lines.size());
        return lines;
    }

    private static List<CSVRecord> parse(List<String> lines) throws IOException {
        String csv = String.join("\r\n", lines) + "\r\n";
        return CSVFormat.RFC4180.parse(new StringReader(csv)).getRecords();
    }
}
