package io.canarykit.config;

import io.canarykit.schema.TextValues;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

// A key's variable is its constant name, except a per-symbol family such as SLIPPAGE_SLO_BPS_PER_SYMBOL,
// which stands for the variables SLIPPAGE_SLO_BPS_<SYMBOL> and is held as a map from symbol to value.
/**
 * Every Canary Kit setting, declared once with its type, default, allowed values, whether
 * {@code set_limits} may change it, and its meaning. Adding a setting is one line here; {@link KitConfig}
 * holds every key's value, {@link ConfigLoader} checks it, and the class that uses it reads it.
 */
public enum ConfigKey {
    PROFILE(Spec.of(Type.PROFILE, "paper"),
            "Settings profile: paper (simulated) or live (real money)."),
    ENABLE_LIVE_TRADING(Spec.of(Type.BOOLEAN, "false"),
            "Switch for real-money trading; allowed only with PROFILE=live."),
    ENABLE_ONLINE_LEARNING(Spec.of(Type.BOOLEAN, "false"),
            "Lets models update themselves while trading; preflight fails when it is on in live."),
    RISK_PER_TRADE_PCT(Spec.of(Type.DOUBLE, "0.0015").in(ValueRange.aboveUpTo(0, 0.05)),
            "Fraction of start-of-day equity one trade may put at risk at full size (the decision's max_risk_per_trade)."),
    MAX_OPEN_POSITIONS(Spec.of(Type.INT, "2").in(ValueRange.closed(1, 1_000)).settable(),
            "Open positions at which symbols without a position turn reduce_only."),
    MAX_TRADES_PER_DAY(Spec.of(Type.INT, "8").in(ValueRange.closed(1, 100_000)).settable(),
            "Trades per UTC day that use up the whole daily budget."),
    MAX_DAILY_DRAWDOWN_PCT(Spec.of(Type.DOUBLE, "0.01").in(ValueRange.aboveUpTo(0, 0.5)).settable(),
            "Daily drawdown, as a fraction of start-of-day equity, that uses up the whole daily budget."),
    CANARY_NOTIONAL_CAP(Spec.of(Type.DOUBLE, "0.25").in(ValueRange.closed(0, 0.25)).settable(),
            "Largest share of today's fill notional the challenger may take before its share drops to 0."),
    CHALLENGER_SHARE(Spec.of(Type.DOUBLE, "0").in(ValueRange.closed(0, 0.25)),
            "Share of orders routed to the challenger at start; 0 until an operator ramps it."),
    SLIPPAGE_SLO_BPS(Spec.of(Type.DOUBLE, "5").in(ValueRange.closed(0, 1_000)).settable(),
            "Slippage, in basis points of cost, above which a symbol halts (slo_slippage)."),
    SLIPPAGE_SLO_BPS_PER_SYMBOL(Spec.perSymbolOf("SLIPPAGE_SLO_BPS").in(ValueRange.closed(0, 1_000)).settable(),
            "Per-symbol slippage SLO in basis points, used instead of SLIPPAGE_SLO_BPS for that symbol."),
    MAX_ORDER_NOTIONAL(Spec.of(Type.DOUBLE, "25000").in(ValueRange.aboveUpTo(0, 1e12)).settable(),
            "Notional one order may carry at full size (the decision's max_order_notional, scaled by size_multiplier)."),
    MAX_ORDER_NOTIONAL_PER_SYMBOL(Spec.perSymbolOf("MAX_ORDER_NOTIONAL").in(ValueRange.aboveUpTo(0, 1e12)).settable(),
            "Per-symbol order notional cap, used instead of MAX_ORDER_NOTIONAL for that symbol."),
    ACCOUNT_EQUITY(Spec.of(Type.DOUBLE, "100000").in(ValueRange.aboveUpTo(0, 1e12)).settable(),
            "Account equity at the start of the day, before realised and unrealised PnL."),
    KAFKA_BOOTSTRAP(Spec.of(Type.TEXT, "localhost:9092")
                    .format("[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*", "host:port[,host:port...]"),
            "Kafka bootstrap servers."),
    KIT_DB_URL(Spec.of(Type.TEXT, "jdbc:sqlite:./data/kit.db").format("jdbc:\\S+", "a JDBC URL (jdbc:...) without spaces"),
            "JDBC URL of the sidecar's database (audit log, reports)."),
    KIT_ADMIN_TOKEN(Spec.of(Type.SECRET, null).format("\\S+", "text without spaces (empty means unset)"),
            "Bearer token required by every mutating /api/kit call; unset allows them without one; required when PROFILE=live."),
    PSI_WINDOW_MS(Spec.of(Type.LONG, "1800000").in(Ranges.WINDOW_MS),
            "Window of the psi drift signal, in milliseconds."),
    PSI_MIN_SAMPLES(Spec.of(Type.INT, "100").in(Ranges.SAMPLES),
            "Values a feature needs in the window before it has a psi."),
    PSI_WARN(Spec.of(Type.DOUBLE, "0.2").in(ValueRange.aboveUpTo(0, 10)).settable(),
            "psi above which the size is halved (psi_warn); must not exceed PSI_HALT."),
    PSI_HALT(Spec.of(Type.DOUBLE, "0.3").in(ValueRange.aboveUpTo(0, 10)).settable(),
            "psi above which a symbol halts, and the challenger's share drops to 0."),
    MISSING_WINDOW_MS(Spec.of(Type.LONG, "300000").in(Ranges.WINDOW_MS),
            "Window of features_missing_ratio, in milliseconds."),
    FEATURES_MISSING_MAX(Spec.of(Type.DOUBLE, "0.01").in(ValueRange.closed(0, 1)).settable(),
            "features_missing_ratio above which a symbol halts."),
    SLO_WINDOW_MS(Spec.of(Type.LONG, "900000").in(Ranges.WINDOW_MS),
            "Window of p95_place_ms, error_rate and slippage_bps, in milliseconds."),
    SLO_MIN_SAMPLES(Spec.of(Type.INT, "20").in(Ranges.SAMPLES).settable(),
            "Acked or placed orders an SLO gate needs in its window before it can fire."),
    SLO_ERROR_RATE_MAX(Spec.of(Type.DOUBLE, "0.01").in(ValueRange.aboveUpTo(0, 1)).settable(),
            "error_rate at or above which a symbol halts (slo_error_rate)."),
    SLO_P95_PLACE_MS_MAX(Spec.of(Type.DOUBLE, "300").in(ValueRange.aboveUpTo(0, 60_000)).settable(),
            "p95_place_ms at or above which a symbol halts (slo_p95_place_ms)."),
    STALE_MAX_SECONDS(Spec.of(Type.DOUBLE, "1").in(ValueRange.aboveUpTo(0, 3_600)).settable(),
            "data_stale_seconds above which a symbol halts (stale)."),
    DISLOCATION_MAX_BPS(Spec.of(Type.DOUBLE, "5").in(ValueRange.aboveUpTo(0, 10_000)).settable(),
            "feed_dislocation_bps above which a symbol halts (dislocation)."),
    FEED_FRESHNESS_MS(Spec.of(Type.LONG, "1000").in(Ranges.TIMEOUT_MS),
            "Age beyond which a feed's latest quote no longer counts for feed_dislocation_bps."),
    FEATURES_STALE_MS(Spec.of(Type.LONG, "60000").in(ValueRange.closed(1_000, 3_600_000)),
            "Time without a feature vector of the model in use after which a symbol halts (features_stale)."),
    REQUIRE_REFERENCE_FEED(Spec.of(Type.BOOLEAN, "true"),
            "Halts a symbol whose reference feed has no fresh quote (reference_stale); false turns the check off."),
    MAX_CLOCK_SKEW_MS(Spec.of(Type.LONG, "1000").in(ValueRange.closed(0, 60_000)),
            "Live: a quote stamped more than this ahead of the job's clock goes to kit.dlq as future_ts."),
    ORPHAN_TIMEOUT_MS(Spec.of(Type.LONG, "5000").in(Ranges.TIMEOUT_MS),
            "Time a placed order may wait for an answer from the venue before it counts as an orphan."),
    DECISION_HEARTBEAT_MS(Spec.of(Type.LONG, "5000").in(Ranges.TIMEOUT_MS).settable(),
            "Interval at which an unchanged gate decision is sent again; must be below DECISION_TTL_MS."),
    DECISION_TTL_MS(Spec.of(Type.LONG, "15000").in(Ranges.TIMEOUT_MS).settable(),
            "Lifetime of a gate decision (valid_until = ts + this); engines halt on an expired one."),
    KPI_INTERVAL_MS(Spec.of(Type.LONG, "1000").in(ValueRange.closed(100, 60_000)).settable(),
            "Shortest time between two KPI records of a symbol whose decision has not changed; a change sends one at once."),
    OUT_OF_ORDERNESS_MS(Spec.of(Type.LONG, "500").in(ValueRange.closed(0, 60_000)),
            "How far event time waits for out-of-order events with --clock event; live, events are applied"
                    + " on arrival and this only bounds the watermark."),
    DLQ_MAX_RAW_BYTES(Spec.of(Type.INT, "65536").in(ValueRange.closed(0, 8_388_608)),
            "Raw bytes of a rejected record kept on kit.dlq; a longer record keeps its first bytes and raw_size."),
    PROMETHEUS_URL(Spec.of(Type.OPTIONAL_TEXT, null).format("https?://[^\\s/]+(/\\S*)?", "an http:// or https:// URL (unset means none)"),
            "Prometheus that evaluates the alert rules; the sidecar reads the firing alerts from it.");

    /** What a key's value is, and the Java type of its {@link KitConfig} component. */
    public enum Type {
        BOOLEAN("true or false", boolean.class),
        INT("an integer", int.class),
        LONG("an integer", long.class),
        DOUBLE("a number", double.class),
        PROFILE("paper or live", Profile.class),
        TEXT("text", String.class),
        SECRET("text", String.class),
        /** Text whose empty value means unset, such as a URL of something optional. */
        OPTIONAL_TEXT("text", String.class),
        DOUBLE_PER_SYMBOL("a number", Map.class);

        private final String kind;
        private final Class<?> componentType;

        Type(String kind, Class<?> componentType) {
            this.kind = kind;
            this.componentType = componentType;
        }

        /** How the expected kind of value reads in a message, e.g. "an integer". */
        public String kind() {
            return kind;
        }

        /** Whether an empty value leaves the key unset rather than being an error. */
        public boolean emptyMeansUnset() {
            return this == SECRET || this == OPTIONAL_TEXT;
        }

        /** The Java type of the component that holds a key of this type. */
        public Class<?> componentType() {
            return componentType;
        }

        /** The typed value of {@code text}, or empty when it is not of this type (per symbol: one number). */
        Optional<Object> parse(String text) {
            return switch (this) {
                case BOOLEAN -> TextValues.trueOrFalse(text).map(Object.class::cast);
                case INT -> TextValues.integer(text)
                        .filter(v -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE)
                        .map(Long::intValue);
                case LONG -> TextValues.integer(text).map(Object.class::cast);
                case DOUBLE, DOUBLE_PER_SYMBOL -> TextValues.decimal(text).map(Object.class::cast);
                case PROFILE -> Optional.ofNullable(parseProfile(text));
                case TEXT, SECRET, OPTIONAL_TEXT -> Optional.ofNullable(text);
            };
        }

        private static Profile parseProfile(String text) {
            for (Profile profile : Profile.values()) {
                if (profile.wire().equalsIgnoreCase(text)) {
                    return profile;
                }
            }
            return null;
        }
    }

    private static final Pattern SYMBOL_SUFFIX = Pattern.compile("[A-Z0-9][A-Z0-9_]*");

    private final Spec spec;
    private final String description;
    private final String componentName;

    ConfigKey(Spec spec, String description) {
        this.spec = spec;
        this.description = description;
        this.componentName = camelCase(name());
    }

    /** The type of the value. */
    public Type type() {
        return spec.type;
    }

    /** The default as it would be written in a {@code .env} file, or empty when unset by default. */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(spec.defaultValue);
    }

    /** The numbers allowed, or empty for a key that is not numeric. */
    public Optional<ValueRange> range() {
        return Optional.ofNullable(spec.range);
    }

    /** One line on what the key does. */
    public String description() {
        return description;
    }

    /** Whether an operator's {@code set_limits} command may change it while the job runs. */
    public boolean settable() {
        return spec.settable;
    }

    /** The environment variable, or {@code <KEY>_<SYMBOL>} for a per-symbol family. */
    public String variable() {
        return isPerSymbol() ? symbolPrefix() + "<SYMBOL>" : name();
    }

    /** True for a per-symbol family such as {@code SLIPPAGE_SLO_BPS_<SYMBOL>}. */
    public boolean isPerSymbol() {
        return spec.type == Type.DOUBLE_PER_SYMBOL;
    }

    /** What every variable of a per-symbol family starts with, e.g. {@code SLIPPAGE_SLO_BPS_}. */
    public String symbolPrefix() {
        if (!isPerSymbol()) {
            throw new IllegalStateException(name() + " is not a per-symbol family");
        }
        return spec.familyOf + "_";
    }

    /** The key a per-symbol family overrides for its symbols, e.g. {@code SLIPPAGE_SLO_BPS}. */
    public ConfigKey overrides() {
        if (!isPerSymbol()) {
            throw new IllegalStateException(name() + " is not a per-symbol family");
        }
        return valueOf(spec.familyOf);
    }

    /** The per-symbol family that overrides this key for single symbols, or empty when none does. */
    public Optional<ConfigKey> perSymbolFamily() {
        for (ConfigKey key : values()) {
            if (key.isPerSymbol() && key.spec.familyOf.equals(name())) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    /** The name of the {@link KitConfig} value that holds this key: its name in camelCase. */
    public String componentName() {
        return componentName;
    }

    /**
     * {@code value} when this key's range allows it, for a value that reaches a class other than
     * through the loader (a saved state read back); otherwise an {@link IllegalArgumentException}
     * naming the variable and its range, so the range stands here only.
     */
    public double requireAllowed(double value) {
        if (spec.range != null && !spec.range.contains(value)) {
            String got = Double.isFinite(value) ? ValueRange.plain(value) : String.valueOf(value);
            throw new IllegalArgumentException(variable() + " must be " + allowed() + ", got " + got);
        }
        return value;
    }

    /** The allowed values as a message puts them, e.g. "an integer in [1, 1000]". */
    public String allowed() {
        if (spec.range != null) {
            return spec.type.kind() + " in " + spec.range;
        }
        return spec.formatDescription != null ? spec.formatDescription : spec.type.kind();
    }

    /**
     * The key whose variable is {@code variable}, a per-symbol family's for {@code <KEY>_<SYMBOL>};
     * a key's own name wins over a family whose prefix it starts with.
     */
    public static Optional<ConfigKey> byVariable(String variable) {
        ConfigKey family = null;
        for (ConfigKey key : values()) {
            if (!key.isPerSymbol() && key.name().equals(variable)) {
                return Optional.of(key);
            }
            if (key.isPerSymbol() && variable.startsWith(key.symbolPrefix())
                    && (family == null || key.symbolPrefix().length() > family.symbolPrefix().length())) {
                family = key;
            }
        }
        return Optional.ofNullable(family);
    }

    /** The key held by the {@link KitConfig} value named {@code componentName}, if any. */
    public static Optional<ConfigKey> byComponentName(String componentName) {
        for (ConfigKey key : values()) {
            if (key.componentName.equals(componentName)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    /** True when {@code suffix} may follow a family's prefix: upper-case letters, digits and _, not starting with _. */
    static boolean isSymbolSuffix(String suffix) {
        return SYMBOL_SUFFIX.matcher(suffix).matches();
    }

    /** Why a typed value of this key is not allowed, or empty when it is. */
    Optional<String> rejection(Object value) {
        if (spec.range != null && !spec.range.contains(((Number) value).doubleValue())) {
            return Optional.of("is out of range");
        }
        if (spec.format != null && !spec.format.matcher((String) value).matches()) {
            return Optional.of("is not in the expected format");
        }
        return Optional.empty();
    }

    private static String camelCase(String constant) {
        StringBuilder camel = new StringBuilder();
        for (String word : constant.toLowerCase(Locale.ROOT).split("_")) {
            camel.append(camel.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return camel.toString();
    }

    /** How a key is declared: its type and default, then what narrows it. */
    private static final class Spec {
        private final Type type;
        private final String defaultValue;
        private final String familyOf;
        private ValueRange range;
        private Pattern format;
        private String formatDescription;
        private boolean settable;

        private Spec(Type type, String defaultValue, String familyOf) {
            this.type = type;
            this.defaultValue = defaultValue;
            this.familyOf = familyOf;
        }

        static Spec of(Type type, String defaultValue) {
            return new Spec(type, defaultValue, null);
        }

        /** The family {@code <key>_<SYMBOL>} of numbers that override {@code key} for one symbol each. */
        static Spec perSymbolOf(String key) {
            return new Spec(Type.DOUBLE_PER_SYMBOL, null, key);
        }

        Spec in(ValueRange allowed) {
            range = allowed;
            return this;
        }

        Spec format(String regex, String description) {
            format = Pattern.compile(regex);
            formatDescription = description;
            return this;
        }

        Spec settable() {
            settable = true;
            return this;
        }
    }

    /** Ranges shared by several keys. */
    private static final class Ranges {
        static final ValueRange WINDOW_MS = ValueRange.closed(1, 7L * 24 * 3_600_000);
        static final ValueRange TIMEOUT_MS = ValueRange.closed(1, 3_600_000);
        static final ValueRange SAMPLES = ValueRange.closed(1, 1_000_000);

        private Ranges() {}
    }
}
