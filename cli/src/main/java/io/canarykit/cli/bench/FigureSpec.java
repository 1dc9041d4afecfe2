package io.canarykit.cli.bench;

/**
 * One figure a section reports.
 *
 * @param key the key of {@code kit bench --json}
 * @param label what the table calls it
 * @param unit how its value is written: {@link Unit}
 * @param goal what it should be, or null for a figure shown for context only
 */
public record FigureSpec(String key, String label, Unit unit, Goal goal) {

    /** How a figure's value is written. */
    public enum Unit {
        EVENTS_PER_SECOND("%,.0f", "events/s"),
        REQUESTS_PER_SECOND("%,.0f", "req/s"),
        MILLISECONDS("%,.1f", "ms"),
        MICROSECONDS("%,.2f", "µs"),
        SECONDS("%,.1f", "s"),
        MILLISECONDS_PER_SECOND("%,.1f", "ms/s"),
        RATIO("%.3f", ""),
        COUNT("%,.0f", "");

        private final String format;
        private final String suffix;

        Unit(String format, String suffix) {
            this.format = format;
            this.suffix = suffix;
        }

        /** {@code value} with its unit, e.g. {@code 1,234 events/s}. */
        public String format(double value) {
            String number = String.format(java.util.Locale.ROOT, format, value);
            return suffix.isEmpty() ? number : number + " " + suffix;
        }
    }

    public static FigureSpec of(String key, String label, Unit unit, Goal goal) {
        return new FigureSpec(key, label, unit, goal);
    }

    public static FigureSpec context(String key, String label, Unit unit) {
        return new FigureSpec(key, label, unit, null);
    }
}
