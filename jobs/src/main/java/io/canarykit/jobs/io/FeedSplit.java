package io.canarykit.jobs.io;

import io.canarykit.schema.Topics;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parts the records of the one source that reads the three input feeds by their topic: market quotes
 * on the main output (the densest feed, so the cheapest path), feature vectors and order events on
 * side outputs. Records pass as they are; decoding stays after, per feed.
 */
public final class FeedSplit extends ProcessFunction<RawInput, RawInput> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<RawInput> FEATURES = new OutputTag<>("features", TypeInformation.of(RawInput.class));
    public static final OutputTag<RawInput> ORDERS = new OutputTag<>("orders", TypeInformation.of(RawInput.class));

    /** The topics the feeds' source reads, in one subscription. */
    public static final String[] TOPICS = {Topics.MARKET, Topics.FEATURES, Topics.ORDERS};

    @Override
    public void processElement(RawInput raw, Context ctx, Collector<RawInput> out) {
        String topic = raw.topic;
        if (Topics.MARKET.equals(topic)) {
            out.collect(raw);
        } else if (Topics.FEATURES.equals(topic)) {
            ctx.output(FEATURES, raw);
        } else if (Topics.ORDERS.equals(topic)) {
            ctx.output(ORDERS, raw);
        } else {
            // The source subscribes to exactly TOPICS, so this is a wiring fault, not bad input.
            throw new IllegalStateException("a record of topic " + topic + " reached the input feeds' split, which reads "
                    + String.join(", ", TOPICS));
        }
    }
}
