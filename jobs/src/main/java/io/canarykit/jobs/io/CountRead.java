package io.canarykit.jobs.io;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** Passes records through, counting them in the job accumulator {@value #ACCUMULATOR}, for progress reports. */
public final class CountRead extends RichMapFunction<RawInput, RawInput> {
    private static final long serialVersionUID = 1L;

    /** Name of the accumulator of input records read. */
    public static final String ACCUMULATOR = "input_records_read";

    private transient LongCounter read;

    @Override
    public void open(OpenContext openContext) {
        read = new LongCounter();
        getRuntimeContext().addAccumulator(ACCUMULATOR, read);
    }

    @Override
    public RawInput map(RawInput value) {
        read.add(1);
        return value;
    }
}
