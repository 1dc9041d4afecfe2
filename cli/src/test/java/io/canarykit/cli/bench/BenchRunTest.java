package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.config.KitConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchRunTest {

    /** A section that measures a fixed number, or fails, as told. */
    private record Fixed(String name, String key, Double value, List<String> log) implements BenchSection {
        @Override
        public List<FigureSpec> figures() {
            return List.of(FigureSpec.context(key, name, FigureSpec.Unit.COUNT));
        }

        @Override
        public void run(BenchContext ctx, Measurements out) {
            log.add(name);
            ctx.closeAtEnd(() -> log.add("closed " + name));
            if (value == null) {
                throw new IllegalStateException("no broker");
            }
            out.put(key, value);
        }
    }

    @Test
    void runsTheChosenSectionsAndGivesEveryOtherFigureAReason(@TempDir Path dir) {
        List<String> log = new ArrayList<>();
        BenchRun run = new BenchRun(List.of(new Fixed("a", "a_count", 1.0, log), new Fixed("b", "b_count", null, log),
                new Fixed("c", "c_count", 3.0, log)));
        BenchContext ctx = new BenchContext(KitConfig.defaults(), true, 2, 100, 20_000, null, 42, dir,
                new PrintStream(new ByteArrayOutputStream()));

        Measurements m = run.run(ctx, Set.of("a", "b"));
        ctx.close();

        assertThat(m.value("a_count")).contains(1.0);
        assertThat(m.whyMissing("b_count")).contains("b failed: java.lang.IllegalStateException: no broker");
        assertThat(m.whyMissing("c_count")).contains("not run: --only leaves out c");
        // What the sections started is stopped at the end, the newest first.
        assertThat(log).containsExactly("a", "b", "closed b", "closed a");
    }
}
