package io.canarykit.cli.demo.desk;

import io.canarykit.cli.demo.broker.KafkaClients;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.Feed;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.Topics;
import io.canarykit.schema.codec.Decoded;
import io.canarykit.schema.codec.JsonCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A simulated desk on live Kafka topics: two quote feeds per symbol on a random walk, model
 * features for the champion and the challenger drawn from their reference profiles, and an
 * {@link ExecutionEngine} that trades by the decisions it reads from {@code kit.gate-decisions}.
 * Each tick runs under the conditions its {@link ScenarioPlayer} gives for that moment.
 */
public final class DeskSimulator implements AutoCloseable {

    /** How often the simulated desk wants to trade each symbol. */
    public static final double ORDERS_PER_SYMBOL_PER_SECOND = 0.15;

    /** Quote and feature events one tick sends per symbol: two quotes, two feature vectors. */
    static final int EVENTS_PER_SYMBOL_TICK = 4;
    /** The slowest tick: quotes must come faster than the one-second freshness limit. */
    static final long MAX_TICK_MS = 500;
    private static final double HALF_SPREAD = 0.5e-4;
    private static final double MISSING_PROBABILITY = 0.001;
    /** Price noise per quarter second, as a fraction of the mid. */
    private static final double NOISE_PER_QUARTER_SECOND = 1e-4;
    /** Size of a trend per quarter second: a fifth of the noise, so it shows over a minute, not a tick. */
    private static final double TREND_PER_QUARTER_SECOND = 0.2e-4;
    /** How long a trend lasts on average. */
    private static final double TREND_LIFETIME_MS = 60_000;

    private final String bootstrap;
    private final List<String> symbols;
    private final long tickMs;
    private final double ordersPerSymbolPerSecond;
    private final ProfileSampler champion;
    private final ProfileSampler challenger;
    private final ExecutionEngine engine;
    private final Random random;
    private final double[] mids;
    private final double[] trends;
    private final double[] effectiveTrends;
    private final ScenarioPlayer player;
    private final DriftMixer[] mixers;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong ordersPlaced = new AtomicLong();
    private ScheduledExecutorService scheduler;
    private KafkaProducer<String, byte[]> producer;
    private Thread decisionReader;

    /**
     * @param rate quote and feature events per second over all symbols; sets the tick
     * @param ordersPerSymbolPerSecond how often the desk wants to trade each symbol
     */
    public DeskSimulator(String bootstrap, List<String> symbols, double rate, double ordersPerSymbolPerSecond,
            ProfileSampler champion, ProfileSampler challenger, ExecutionEngine engine, long seed) {
        this(bootstrap, symbols, rate, ordersPerSymbolPerSecond, champion, challenger, engine, seed,
                ScenarioPlayer.healthy());
    }

    /** A desk that plays a scenario: each tick runs under the conditions the player gives for that moment. */
    public DeskSimulator(String bootstrap, List<String> symbols, double rate, double ordersPerSymbolPerSecond,
            ProfileSampler champion, ProfileSampler challenger, ExecutionEngine engine, long seed,
            ScenarioPlayer player) {
        if (symbols == null || symbols.isEmpty()) {
            throw new IllegalArgumentException("symbols must name at least one symbol, got " + symbols);
        }
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate must be positive, got " + rate);
        }
        if (!(ordersPerSymbolPerSecond >= 0)) {
            throw new IllegalArgumentException("ordersPerSymbolPerSecond must be >= 0, got " + ordersPerSymbolPerSecond);
        }
        this.bootstrap = bootstrap;
        this.symbols = List.copyOf(symbols);
        this.tickMs = tickMs(rate, symbols.size());
        this.ordersPerSymbolPerSecond = ordersPerSymbolPerSecond;
        this.champion = champion;
        this.challenger = challenger;
        this.engine = engine;
        this.random = new Random(seed);
        this.mids = new double[symbols.size()];
        this.trends = new double[symbols.size()];
        this.effectiveTrends = new double[symbols.size()];
        if (player == null) {
            throw new IllegalArgumentException("player is required but not provided.");
        }
        this.player = player;
        this.mixers = driftMixers(this.symbols, player.scenario());
        for (int i = 0; i < mids.length; i++) {
            mids[i] = startingMid(symbols.get(i));
        }
    }

    /** Milliseconds between ticks for a rate, never slower than {@link #MAX_TICK_MS}. */
    public static long tickMs(double rate, int symbolCount) {
        long ms = Math.round(1000.0 * symbolCount * EVENTS_PER_SYMBOL_TICK / rate);
        return Math.max(1, Math.min(MAX_TICK_MS, ms));
    }

    /** The tick in milliseconds. */
    public long tickMs() {
        return tickMs;
    }

    /** Orders placed so far. */
    public long ordersPlaced() {
        return ordersPlaced.get();
    }

    /** The engine, with the decisions it holds. */
    public ExecutionEngine engine() {
        return engine;
    }

    /** Starts reading decisions and sending the market, features and orders. */
    public DeskSimulator start() {
        running.set(true);
        producer = KafkaClients.producer(bootstrap, "1");
        decisionReader = new Thread(this::readDecisions, "desk-decisions");
        decisionReader.setDaemon(true);
        decisionReader.start();
        scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "desk-simulator");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleAtFixedRate(this::tickSafely, 0, tickMs, TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public void close() {
        running.set(false);
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (decisionReader != null) {
            try {
                decisionReader.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private void tickSafely() {
        try {
            tick(System.currentTimeMillis());
        } catch (RuntimeException e) {
            // One bad tick must not stop the desk; the scheduler would cancel the task for good.
            System.err.println("desk simulator: tick failed: " + e);
        }
    }

    private void tick(long now) {
        for (Object record : step(now)) {
            if (record instanceof MarketQuote q) {
                send(Topics.MARKET, q.symbol(), q);
            } else if (record instanceof FeatureVector v) {
                send(Topics.FEATURES, v.symbol(), v);
            } else if (record instanceof OrderEvent e) {
                sendAt(now, e);
            }
        }
    }

    /**
     * One tick at {@code now} under the scenario's conditions of the moment: the quotes and feature
     * vectors of every symbol, then the events of the orders the engine places, each stamped with
     * the time it happens.
     */
    List<Object> step(long now) {
        DeskConditions conditions = player.conditions(now, engine.armed(now));
        List<Object> records = quotesAndFeatures(now, conditions);
        double orderChance = ordersPerSymbolPerSecond * conditions.orderRateFactor() * tickMs / 1000.0;
        for (int s = 0; s < symbols.size(); s++) {
            if (random.nextDouble() < orderChance) {
                List<OrderEvent> events = engine.order(symbols.get(s), now, mids[s], effectiveTrends[s], conditions);
                if (!events.isEmpty()) {
                    ordersPlaced.incrementAndGet();
                    records.addAll(events);
                }
            }
        }
        return records;
    }

    /**
     * One tick's quotes and feature vectors under {@code conditions}, symbol by symbol: the primary
     * quote (unless its feed is down), the reference quote (offset as the conditions say), then the
     * champion's vector (drifted as they say) and the challenger's. Moves every mid one tick on.
     */
    List<Object> quotesAndFeatures(long now, DeskConditions conditions) {
        List<Object> records = new ArrayList<>();
        for (int s = 0; s < symbols.size(); s++) {
            String symbol = symbols.get(s);
            moveMid(s, conditions);
            double mid = mids[s];
            double half = mid * HALF_SPREAD;
            if (conditions.primaryFeedUp(symbol)) {
                records.add(new MarketQuote(now, symbol, Feed.PRIMARY, mid - half, mid + half,
                        round(1 + random.nextDouble() * 4), round(1 + random.nextDouble() * 4)));
            }
            double refMid = mid * (1 + random.nextGaussian() * 0.5e-4 + conditions.referenceOffsetBps(symbol) * 1e-4);
            records.add(new MarketQuote(now, symbol, Feed.REFERENCE, refMid - half, refMid + half, null, null));
            records.add(new FeatureVector(now, symbol, champion.modelId(), championFeatures(s, now, conditions)));
            records.add(new FeatureVector(now, symbol, challenger.modelId(),
                    challenger.draw(random, 0, MISSING_PROBABILITY)));
        }
        return records;
    }

    private Map<String, Double> championFeatures(int s, long now, DeskConditions conditions) {
        FeatureDrift drift = conditions.drift(symbols.get(s));
        if (mixers[s] != null && mixers[s].next(now, drift)) {
            return champion.draw(random, drift.feature(), drift.bins(), MISSING_PROBABILITY);
        }
        return champion.draw(random, 0, MISSING_PROBABILITY);
    }

    // A random walk with a trend that turns now and then, unless the scenario sets the trend; the
    // desk's models see the trend, mostly.
    private void moveMid(int s, DeskConditions conditions) {
        double quarters = tickMs / 250.0;
        if (trends[s] == 0 || random.nextDouble() < tickMs / TREND_LIFETIME_MS) {
            trends[s] = (random.nextBoolean() ? 1 : -1) * TREND_PER_QUARTER_SECOND * quarters;
        }
        effectiveTrends[s] = conditions.trendForced() ? conditions.trendPerQuarterSecond() * quarters : trends[s];
        mids[s] *= 1 + effectiveTrends[s] + random.nextGaussian() * NOISE_PER_QUARTER_SECOND * Math.sqrt(quarters);
    }

    // The venue answers later: each event goes out when it happens, as a real engine reports it.
    private void sendAt(long now, OrderEvent e) {
        long delay = e.ts() - now;
        if (delay <= 0) {
            send(Topics.ORDERS, e.symbol(), e);
        } else {
            scheduler.schedule(() -> send(Topics.ORDERS, e.symbol(), e), delay, TimeUnit.MILLISECONDS);
        }
    }

    private void send(String topic, String key, Object record) {
        if (!running.get()) {
            return;
        }
        producer.send(new ProducerRecord<>(topic, key, JsonCodec.encode(record)));
    }

    private void readDecisions() {
        // From the start: the compacted topic holds the latest decision of every symbol.
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.fromTheStart(bootstrap, Topics.GATE_DECISIONS)) {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Decoded<GateDecision> d = JsonCodec.decode(r.value(), GateDecision.class);
                    if (d.isAccepted()) {
                        engine.onDecision(d.value());
                        player.onDecision(d.value(), System.currentTimeMillis());
                    }
                }
            }
        } catch (RuntimeException e) {
            if (running.get()) {
                System.err.println("desk simulator: stopped reading decisions: " + e);
            }
        }
    }

    // A symbol the story drifts gets a mixer from the start, so it counts the healthy vectors of the window too.
    private static DriftMixer[] driftMixers(List<String> symbols, Scenario scenario) {
        DriftMixer[] mixers = new DriftMixer[symbols.size()];
        for (int s = 0; s < symbols.size(); s++) {
            for (Scenario.Step step : scenario.steps()) {
                FeatureDrift drift = step.conditions().drift(symbols.get(s));
                if (drift != null && mixers[s] == null) {
                    mixers[s] = new DriftMixer(drift.windowMs());
                }
            }
        }
        return mixers;
    }

    private static double startingMid(String symbol) {
        return switch (symbol) {
            case "BTCUSDT" -> 95_000.0;
            case "ETHUSDT" -> 3_400.0;
            case "SOLUSDT" -> 180.0;
            default -> 100.0;
        };
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
