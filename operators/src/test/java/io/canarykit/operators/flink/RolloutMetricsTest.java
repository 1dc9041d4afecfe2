package io.canarykit.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.operators.rollout.RolloutStatuses;
import io.canarykit.schema.CheckVerdict;
import io.canarykit.schema.RolloutCheck;
import io.canarykit.schema.RolloutState;
import io.canarykit.schema.RolloutStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class RolloutMetricsTest {

    /** A metric group that keeps the gauges registered under it, by their labels and name. */
    private static final class Capturing extends UnregisteredMetricsGroup {
        final String path;
        final Map<String, Gauge<?>> gauges;

        Capturing(String path, Map<String, Gauge<?>> gauges) {
            this.path = path;
            this.gauges = gauges;
        }

        @Override
        public MetricGroup addGroup(String key, String value) {
            return new Capturing(path + key + "=" + value + ",", gauges);
        }

        @Override
        public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
            gauges.put(path + name, gauge);
            return gauge;
        }
    }

    private final Map<String, Gauge<?>> gauges = new HashMap<>();
    private final RolloutMetrics metrics = new RolloutMetrics(new Capturing("", gauges));

    @Test
    void registersEveryGaugeAtStartReadingIdle() {
        // 4 rollout gauges and 6 checks x 3 verdicts, before any rollout.
        assertThat(gauges).hasSize(4 + 18);
        assertThat(value("rollout_state")).isEqualTo(0);
        assertThat(value("rollout_step")).isEqualTo(0);
        assertThat(value("rollout_aborted")).isEqualTo(0);
        assertThat(value("check=psi,verdict=inconclusive,rollout_check")).isEqualTo(0);
    }

    @Test
    void readsTheStateStepShareAndEachChecksVerdictOffAStatus() {
        RolloutStatus aborted = new RolloutStatus(RolloutState.ABORTED, 1, 3, 0.0, false, 5L, null, "aborted",
                List.of(check("slippage", CheckVerdict.FAIL), check("psi", CheckVerdict.PASS)), 9L);
        metrics.record(aborted);
        assertThat(value("rollout_state")).isEqualTo(3);
        assertThat(value("rollout_step")).as("the second step, counted from 1").isEqualTo(2);
        assertThat(value("rollout_share")).isEqualTo(0.0);
        assertThat(value("rollout_aborted")).isEqualTo(1);
        assertThat(value("check=slippage,verdict=fail,rollout_check")).isEqualTo(1);
        assertThat(value("check=slippage,verdict=pass,rollout_check")).isEqualTo(0);
        assertThat(value("check=psi,verdict=pass,rollout_check")).isEqualTo(1);
        assertThat(value("check=markout_5s,verdict=fail,rollout_check")).as("no verdict yet").isEqualTo(0);

        metrics.record(new RolloutStatus(RolloutState.RUNNING, 2, 3, 0.2, false, 5L, 10L, "step", List.of(), 9L));
        assertThat(value("rollout_state")).isEqualTo(1);
        assertThat(value("rollout_share")).isEqualTo(0.2);
        assertThat(value("rollout_aborted")).isEqualTo(0);
        assertThat(value("check=slippage,verdict=fail,rollout_check")).isEqualTo(0);

        metrics.record(RolloutStatuses.idle(20L, "promoted"));
        assertThat(value("rollout_state")).isEqualTo(0);
        assertThat(value("rollout_step")).isEqualTo(0);
    }

    private Object value(String key) {
        assertThat(gauges).containsKey(key);
        return gauges.get(key).getValue();
    }

    private static RolloutCheck check(String name, CheckVerdict verdict) {
        return new RolloutCheck(name, verdict, null, null, null, null, 0, 0, 0, "why");
    }
}
