package io.canarykit.admin.report;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A query whose rows SQLite renders as RFC 4180 CSV lines. A report of a million fills has tens of
 * millions of values; read one by one through JDBC each cost about 140 ns of JNI, more than SQLite
 * takes to format it, so a row crosses into Java once, as the bytes of its line.
 *
 * <p>SQLite writes each row's plain line ({@code printf}), its fields joined by commas, after its
 * rowid. A line whose commas are its separators alone and that holds no quote or line break is the
 * row's CSV line as it stands: nearly every line. Any other row has a text that needs quotes, and is
 * read again by its rowid with each field quoted as RFC 4180 asks. Checking every text for quotes in
 * SQLite instead added a third to its time.
 */
final class CsvQuery {

    /** How a column's value becomes a field. */
    enum Kind {
        /** Text; quoted (its quotes doubled) when it holds a comma, a quote or a line break. */
        TEXT,
        /**
         * A number as SQLite writes it: integers in full, reals in the shortest text that reads back as
         * the same double (SQLite 3.47 and newer).
         */
        NUMBER
    }

    /** One column of a line: its header label, the SQL expression of its value, and its kind. */
    record Column(String label, String expression, Kind kind) {

        Column {
            if (!label.matches("[a-z][a-z0-9_]*")) {
                throw new IllegalArgumentException("a column label is a plain lowercase name, got " + label);
            }
        }

        static Column text(String name) {
            return new Column(name, name, Kind.TEXT);
        }

        static Column number(String name) {
            return new Column(name, name, Kind.NUMBER);
        }

        /** The field's SQL quoted when its text needs it; NULL gives an empty field. */
        String quotedField() {
            String value = "(" + expression + ")";
            if (kind == Kind.NUMBER) {
                return "COALESCE(CAST(" + value + " AS TEXT), '')";
            }
            return "CASE WHEN instr(" + value + ", ',') OR instr(" + value + ", '\"')"
                    + " OR instr(" + value + ", char(10)) OR instr(" + value + ", char(13))"
                    + " THEN '\"' || replace(" + value + ", '\"', '\"\"') || '\"' ELSE COALESCE(" + value + ", '') END";
        }
    }

    /** Where each line goes: {@code length} bytes of {@code bytes} from {@code offset}, without a line break. */
    @FunctionalInterface
    interface LineSink {
        void line(byte[] bytes, int offset, int length);
    }

    private final List<Column> columns;
    private final String plainSql;
    private final String quotedSql;

    /**
     * A query of {@code columns} over {@code source} (a table, with an alias if the columns use one),
     * whose rowid is {@code rowid}, filtered by {@code where} and listed in {@code order}.
     */
    CsvQuery(List<Column> columns, String source, String rowid, String where, String order) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a CSV query needs at least one column");
        }
        this.columns = List.copyOf(columns);
        // printf's %s writes a NULL as nothing and a value as CAST AS TEXT does, in one pass over the row.
        String format = "'%s" + ",%s".repeat(columns.size()) + "'";
        String values = columns.stream().map(c -> "(" + c.expression() + ")").collect(Collectors.joining(", "));
        String quoted = columns.stream().map(Column::quotedField).collect(Collectors.joining(" || ',' || "));
        this.plainSql = "SELECT printf(" + format + ", " + rowid + ", " + values + ") FROM " + source + " WHERE " + where
                + " ORDER BY " + order;
        this.quotedSql = "SELECT " + quoted + " FROM " + source + " WHERE " + rowid + " = ?";
    }

    /** The SQL of the rows' plain lines. */
    String plainSql() {
        return plainSql;
    }

    /** The header line, without its line break. */
    String header() {
        return columns.stream().map(Column::label).collect(Collectors.joining(","));
    }

    /** Hands every row's line to {@code sink} in order, {@code parameters} bound to the filter; returns the rows. */
    long run(Connection c, List<?> parameters, LineSink sink) throws SQLException {
        try (PreparedStatement plain = c.prepareStatement(plainSql)) {
            for (int i = 0; i < parameters.size(); i++) {
                plain.setObject(i + 1, parameters.get(i));
            }
            long rows = 0;
            try (ResultSet lines = plain.executeQuery()) {
                while (lines.next()) {
                    byte[] line = lines.getBytes(1);
                    int start = indexOf(line, (byte) ',', 0) + 1;
                    if (isPlainCsv(line, start, columns.size())) {
                        sink.line(line, start, line.length - start);
                    } else {
                        byte[] quoted = quoted(c, Long.parseLong(new String(line, 0, start - 1, StandardCharsets.US_ASCII)));
                        sink.line(quoted, 0, quoted.length);
                    }
                    rows++;
                }
            }
            return rows;
        }
    }

    /** Whether the line from {@code start} has exactly {@code fields} fields and nothing that needs quotes. */
    static boolean isPlainCsv(byte[] line, int start, int fields) {
        int commas = 0;
        for (int i = start; i < line.length; i++) {
            byte b = line[i];
            if (b == ',') {
                commas++;
            } else if (b == '"' || b == '\n' || b == '\r') {
                return false;
            }
        }
        return commas == fields - 1;
    }

    private byte[] quoted(Connection c, long rowid) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(quotedSql)) {
            q.setLong(1, rowid);
            try (ResultSet row = q.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("row " + rowid + " vanished within one read transaction");
                }
                return row.getBytes(1);
            }
        }
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        throw new IllegalStateException("a line without its rowid: " + new String(bytes, StandardCharsets.UTF_8));
    }
}
