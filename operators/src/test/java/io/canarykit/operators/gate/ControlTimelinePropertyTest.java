package io.canarykit.operators.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.operators.flink.state.StateRoundTrip;
import io.canarykit.config.KitConfig;
import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.ControlType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Drives the timeline and a plain list of commands, re-sorted and folded from the base at every
 * read, through the same random commands (in order, late, of equal times; accepted or refused, some
 * refused only in some states), folds, live folds of everything and state restores, and compares
 * every read.
 */
class ControlTimelinePropertyTest {

    private static final int STEPS = 1_000;
    private static final ControlState START = ControlState.initial("champion_1", "challenger_1");
    /** The account's limits that the timeline assumes when it checks a set_limits command. */

    static LongStream seeds() {
        return LongStream.range(0, 64);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void readsAsAFoldOfAPlainSortedListDoes(long seed) {
        Random random = new Random(seed);
        long now = 1_000;
        ControlTimeline timeline = ControlTimeline.startingAt(START, KitConfig.defaults());
        PlainTimeline plain = new PlainTimeline(START, KitConfig.defaults());
        int stepsWithFoldedSlots = 0;

        for (int step = 1; step <= STEPS; step++) {
            String at = "step " + step + " (seed " + seed + ")";
            int roll = random.nextInt(100);
            if (roll < 65) {
                // Mostly in order; a step of 0 gives commands of equal time.
                now += 10L * random.nextInt(3);
                ControlCommand c = command(random, now, step);
                timeline.add(c);
                plain.add(c);
            } else if (roll < 82) {
                // Late, possibly before commands already folded, or at the time of one held.
                long ts = random.nextBoolean() || plain.isEmpty() ? now - random.nextInt(300) : plain.anyTime(random);
                ControlCommand c = command(random, ts, step);
                timeline.add(c);
                plain.add(c);
            } else if (roll < 95) {
                long watermark = now - random.nextInt(150);
                timeline.foldUpTo(watermark);
                plain.foldUpTo(watermark);
            } else if (roll < 97) {
                // What the live job does after every command.
                timeline.foldUpTo(Long.MAX_VALUE);
                plain.foldUpTo(Long.MAX_VALUE);
            } else {
                // As the job does after a restore: the configured settings are not state.
                timeline = StateRoundTrip.roundTrip(ControlTimeline.class, timeline).configuredBy(KitConfig.defaults());
            }
            stepsWithFoldedSlots += timeline.getHead() > 0 ? 1 : 0;
            assertSameReads(at, timeline, plain, random, now);
        }

        // Reads from behind a head index, before compaction, must be among those compared.
        assertThat(stepsWithFoldedSlots).isGreaterThan(STEPS / 20);
    }

    private static void assertSameReads(String at, ControlTimeline timeline, PlainTimeline plain, Random random, long now) {
        assertThat(timeline.commands()).as("%s commands", at).isEqualTo(plain.sorted());
        assertThat(timeline.base()).as("%s base", at).isEqualTo(plain.base);
        assertThat(timeline.baseLimits()).as("%s base limits", at).isEqualTo(GateLimits.from(plain.baseConfig));
        assertThat(timeline.latest()).as("%s latest", at).isEqualTo(plain.asOf(Long.MAX_VALUE));
        assertThat(timeline.latestLimits()).as("%s latest limits", at).isEqualTo(plain.limitsAsOf(Long.MAX_VALUE));
        for (long t : probes(plain, random, now)) {
            assertThat(timeline.asOf(t)).as("%s as of %d", at, t).isEqualTo(plain.asOf(t));
            assertThat(timeline.limitsAsOf(t)).as("%s limits as of %d", at, t).isEqualTo(plain.limitsAsOf(t));
        }
    }

    /** Times just before and at a few held commands, a few random ones, and the start of time. */
    private static List<Long> probes(PlainTimeline plain, Random random, long now) {
        List<Long> times = new ArrayList<>(List.of(Long.MIN_VALUE));
        for (int i = 0; i < 3; i++) {
            if (!plain.isEmpty()) {
                long held = plain.anyTime(random);
                times.add(held - 1);
                times.add(held);
            }
            times.add(now - random.nextInt(400) + 50);
        }
        return times;
    }

    /**
     * A command that no other equals. Promote is refused once there is no challenger, and a psi
     * warning above the halt is refused, so whether a command takes depends on the ones before it.
     */
    private static ControlCommand command(Random random, long ts, int serial) {
        ControlType[] types = ControlType.values();
        ControlType type = types[random.nextInt(types.length)];
        Map<String, String> args = switch (type) {
            case PIN -> random.nextBoolean() ? Map.of("model_id", "model_" + random.nextInt(3)) : Map.of();
            case CANARY_SHARE -> Map.of("pct", pick(random, "0", "0.05", "0.2", "0.3", "lots"));
            case PREFLIGHT -> Map.of("ok", pick(random, "true", "false", "maybe"));
            case SET_LIMITS -> switch (random.nextInt(3)) {
                case 0 -> Map.of("PSI_WARN", pick(random, "0.05", "0.15", "0.3"));
                case 1 -> Map.of("PSI_HALT", pick(random, "0.1", "0.2", "0.4"));
                default -> Map.of("MAX_OPEN_POSITIONS", pick(random, "1", "4", "-3"));
            };
            default -> Map.of();
        };
        return new ControlCommand("c" + serial, ts, "ops", type, args);
    }

    private static String pick(Random random, String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** The timeline as a base and a list in arrival order, sorted by time (a stable sort) and folded for every read. */
    private static final class PlainTimeline {
        ControlState base;
        KitConfig baseConfig;
        private List<ControlCommand> arrived = new ArrayList<>();
        private List<ControlCommand> sorted;

        PlainTimeline(ControlState base, KitConfig baseConfig) {
            this.base = base;
            this.baseConfig = baseConfig;
        }

        void add(ControlCommand c) {
            arrived.add(c);
            sorted = null;
        }

        boolean isEmpty() {
            return arrived.isEmpty();
        }

        /** The held commands in time order, sorted again after every change (the reads of one step share it). */
        List<ControlCommand> sorted() {
            if (sorted == null) {
                sorted = new ArrayList<>(arrived);
                sorted.sort(Comparator.comparingLong(ControlCommand::ts));
            }
            return sorted;
        }

        ControlState asOf(long t) {
            ControlState state = base;
            for (ControlCommand c : sorted()) {
                if (c.ts() <= t) {
                    state = state.apply(c).state();
                }
            }
            return state;
        }

        GateLimits limitsAsOf(long t) {
            return GateLimits.from(configAsOf(t));
        }

        KitConfig configAsOf(long t) {
            KitConfig config = baseConfig;
            for (ControlCommand c : sorted()) {
                if (c.ts() <= t && c.type() == ControlType.SET_LIMITS) {
                    SetLimits.Applied applied = SetLimits.apply(c, config);
                    config = applied.accepted() ? applied.config() : config;
                }
            }
            return config;
        }

        void foldUpTo(long watermark) {
            ControlState folded = asOf(watermark);
            KitConfig foldedConfig = configAsOf(watermark);
            arrived = new ArrayList<>(sorted().stream().filter(c -> c.ts() > watermark).toList());
            sorted = null;
            base = folded;
            baseConfig = foldedConfig;
        }

        long anyTime(Random random) {
            return arrived.get(random.nextInt(arrived.size())).ts();
        }
    }
}
