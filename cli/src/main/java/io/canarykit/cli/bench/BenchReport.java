package io.canarykit.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures of one bench run as the table people read and as the JSON line programs read. */
public final class BenchReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The machine the figures were measured on. */
    public record Machine(int cores, String java, String flink) {

        public static Machine current(String flinkVersion) {
            return new Machine(Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), flinkVersion);
        }
    }

    private final Machine machine;
    private final List<FigureSpec> figures;
    private final Measurements measured;

    public BenchReport(Machine machine, List<FigureSpec> figures, Measurements measured) {
        this.machine = machine;
        this.figures = List.copyOf(figures);
        this.measured = measured;
    }

    /** Whether {@code spec}'s goal holds: true or false, or null without a goal or a value. */
    public Boolean holds(FigureSpec spec) {
        if (spec.goal() == null) {
            return null;
        }
        return measured.value(spec.key()).map(v -> spec.goal().heldBy(v)).orElse(null);
    }

    /** One row a figure: its name, goal, value and verdict, under a line naming the machine. */
    public String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"figure", "goal", "measured", "holds"});
        for (FigureSpec spec : figures) {
            String goal = spec.goal() == null ? "" : spec.goal().describe(spec.unit().format(spec.goal().bound()));
            String value = measured.value(spec.key()).map(v -> spec.unit().format(v)).orElse("n/a");
            Boolean holds = holds(spec);
            rows.add(new String[] {spec.label() + " (" + spec.key() + ")", goal, value,
                    holds == null ? (spec.goal() == null ? "" : "n/a") : holds ? "yes" : "NO"});
        }
        int[] widths = new int[4];
        for (String[] row : rows) {
            for (int i = 0; i < 4; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "machine: %d cores, %s, Flink %s%n",
                machine.cores(), machine.java(), machine.flink()));
        for (String[] row : rows) {
            out.append(String.format(Locale.ROOT, "%-" + widths[0] + "s  %-" + widths[1] + "s  %" + widths[2] + "s  %s",
                    row[0], row[1], row[2], row[3]).stripTrailing()).append(System.lineSeparator());
        }
        return out.toString();
    }

    /** Every figure's key with its value, or null when it has none, and the machine. */
    public ObjectNode json() {
        ObjectNode root = JSON.createObjectNode();
        for (FigureSpec spec : figures) {
            measured.value(spec.key()).ifPresentOrElse(v -> root.put(spec.key(), v), () -> root.putNull(spec.key()));
        }
        ObjectNode m = root.putObject("machine");
        m.put("cores", machine.cores());
        m.put("java", machine.java());
        m.put("flink", machine.flink());
        return root;
    }

    /** The reasons of the figures without a value, one line each, for stderr. */
    public List<String> missingReasons() {
        List<String> lines = new ArrayList<>();
        for (FigureSpec spec : figures) {
            if (measured.value(spec.key()).isEmpty()) {
                lines.add(spec.key() + ": " + measured.whyMissing(spec.key()).orElse("not measured"));
            }
        }
        return lines;
    }
}
