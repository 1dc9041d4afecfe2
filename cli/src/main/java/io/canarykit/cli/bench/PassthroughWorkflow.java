package io.canarykit.cli.bench;

import io.canarykit.jobs.io.GatingSources;
import io.canarykit.jobs.decode.DecodeInput;
import io.canarykit.jobs.io.RawInput;
import io.canarykit.operators.flink.SymbolEventSerializer;
import io.canarykit.operators.symbol.SymbolEvent;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.codec.Decoded;
import io.canarykit.schema.codec.InputDecoder;
import java.io.IOException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableFunction;

/**
 * The gating job's floor: the same decoding and the same {@code keyBy(symbol)} of the same events,
 * then only a count per symbol in keyed state. What the gating graph costs beyond it is the gating.
 */
final class PassthroughWorkflow {

    private PassthroughWorkflow() {}

    /** Adds the passthrough to {@code env}, reading the market, feature and order streams of {@code sources}. */
    static void define(StreamExecutionEnvironment env, GatingSources sources, int maxRawBytes) {
        // Chained operators share records, as in the gating graph: the floor pays no copy the job does not.
        env.getConfig().enableObjectReuse();
        DataStream<SymbolEvent> quotes = decode(sources.market(env), InputDecoder::market, MarketQuote.class, "market",
                maxRawBytes).map(SymbolEvent::of).returns(SymbolEventSerializer.TYPE).uid("market-to-symbol");
        DataStream<SymbolEvent> features = decode(sources.features(env), InputDecoder::features, FeatureVector.class,
                "features", maxRawBytes).map(SymbolEvent::of).returns(SymbolEventSerializer.TYPE).uid("features-to-symbol");
        DataStream<SymbolEvent> orders = decode(sources.orders(env), InputDecoder::order, OrderEvent.class, "orders",
                maxRawBytes).map(SymbolEvent::of).returns(SymbolEventSerializer.TYPE).uid("orders-to-symbol");
        quotes.union(features, orders)
                .keyBy(SymbolEvent::symbol)
                .process(new CountPerSymbol())
                .uid("count-per-symbol")
                .name("count per symbol")
                .sinkTo(new DiscardingSink<>())
                .uid("discard")
                .name("discard");
    }

    private static <T> DataStream<T> decode(DataStream<RawInput> raw, SerializableFunction<byte[], Decoded<T>> decoder,
            Class<T> type, String id, int maxRawBytes) {
        return raw.process(new DecodeInput<>(decoder, maxRawBytes))
                .returns(TypeInformation.of(type))
                .uid("decode-" + id)
                .name("decode " + id);
    }

    /** Counts each symbol's events in a {@code ValueState<Long>} and emits nothing. */
    static final class CountPerSymbol extends KeyedProcessFunction<String, SymbolEvent, Long> {
        private static final long serialVersionUID = 1L;

        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext openContext) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("events", Types.LONG));
        }

        @Override
        public void processElement(SymbolEvent event, Context ctx, Collector<Long> out) throws IOException {
            Long seen = count.value();
            count.update(seen == null ? 1L : seen + 1);
        }
    }
}
