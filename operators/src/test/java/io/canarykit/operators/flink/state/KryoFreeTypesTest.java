package io.canarykit.operators.flink.state;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.schema.ControlCommand;
import io.canarykit.schema.FeatureVector;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.KpiRecord;
import io.canarykit.schema.MarketQuote;
import io.canarykit.schema.OrderEvent;
import io.canarykit.schema.TcaRecord;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;

class KryoFreeTypesTest {

    /** A type Flink cannot analyse: the check must name its field. */
    public static final class Opaque {
        public PriorityQueue<Long> queue;
    }

    @Test
    void topicRecordsNeedNoKryo() {
        KryoFreeTypes.assertNoGenericTypes(MarketQuote.class);
        KryoFreeTypes.assertNoGenericTypes(FeatureVector.class);
        KryoFreeTypes.assertNoGenericTypes(OrderEvent.class);
        KryoFreeTypes.assertNoGenericTypes(ControlCommand.class);
        KryoFreeTypes.assertNoGenericTypes(GateDecision.class);
        KryoFreeTypes.assertNoGenericTypes(KpiRecord.class);
        KryoFreeTypes.assertNoGenericTypes(TcaRecord.class);
    }

    @Test
    void namesTheFieldThatWouldFallBackToKryo() {
        assertThatThrownBy(() -> KryoFreeTypes.assertNoGenericTypes(Opaque.class)).hasMessageContaining("Opaque.queue");
    }
}
