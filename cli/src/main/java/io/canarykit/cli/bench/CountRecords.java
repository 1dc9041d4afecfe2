package io.canarykit.cli.bench;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** Passes records through, counting them in a job accumulator, so a discarding sink still says how many came. */
final class CountRecords<T> extends RichMapFunction<T, T> {
    private static final long serialVersionUID = 1L;

    private final String accumulator;
    private transient LongCounter count;

    CountRecords(String accumulator) {
        this.accumulator = accumulator;
    }

    @Override
    public void open(OpenContext openContext) {
        count = new LongCounter();
        getRuntimeContext().addAccumulator(accumulator, count);
    }

    @Override
    public T map(T value) {
        count.add(1);
        return value;
    }
}
