package io.canarykit.admin.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Builds the Prometheus text exposition format, one family at a time. */
public final class MetricsText {

    private final StringBuilder text = new StringBuilder();

    /** Starts a family with its help and type lines. */
    public MetricsText family(String name, String type, String help) {
        text.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", " ")).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** One sample without labels; a null value is left out. */
    public MetricsText sample(String name, Number value) {
        return sample(name, Map.of(), value);
    }

    /** One sample with labels; a null or non-finite value is left out, as Prometheus has no null. */
    public MetricsText sample(String name, Map<String, String> labels, Number value) {
        if (value == null || !Double.isFinite(value.doubleValue())) {
            return this;
        }
        text.append(name);
        if (!labels.isEmpty()) {
            text.append('{');
            boolean first = true;
            for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
                text.append(first ? "" : ",").append(label.getKey()).append("=\"")
                        .append(label.getValue().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                        .append('"');
                first = false;
            }
            text.append('}');
        }
        text.append(' ').append(format(value)).append('\n');
        return this;
    }

    private static String format(Number value) {
        if (value instanceof Long || value instanceof Integer) {
            return value.toString();
        }
        double v = value.doubleValue();
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%.1f", v) : Double.toString(v);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
