package io.canarykit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.cli.demo.broker.KafkaBroker;
import io.canarykit.cli.demo.broker.KafkaClients;
import io.canarykit.jobs.io.TopicProvisioner;
import io.canarykit.schema.GateDecision;
import io.canarykit.schema.Mode;
import io.canarykit.schema.Topics;
import io.canarykit.schema.codec.JsonCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's reader of decisions on a real broker: it hands on the symbols it wants, and only those. */
class DecisionReaderITCase {

    @TempDir
    Path dir;

    @Test
    void decodesOnlyTheDecisionsOfTheSymbolsItWants() throws Exception {
        KafkaBroker broker = new KafkaBroker(dir.resolve("kafka"), KafkaBroker.freePort(), KafkaBroker.freePort(), "512m");
        try {
            broker.start(Duration.ofSeconds(60));
            // One partition: the decisions are read in the order sent, so the last one ends the wait.
            new TopicProvisioner(broker.bootstrap(), 1, (short) 1).createMissing(30_000);
            try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(broker.bootstrap(), "all")) {
                // Two wanted (A, C), two not (B, D); then a last wanted one to wait for. The topic is
                // compacted, so every decision has its symbol as its key.
                for (String symbol : List.of("A", "B", "C", "D")) {
                    producer.send(new ProducerRecord<>(Topics.GATE_DECISIONS, symbol, JsonCodec.encode(decision(symbol, 1))));
                }
                producer.send(new ProducerRecord<>(Topics.GATE_DECISIONS, "A", JsonCodec.encode(decision("A", 2)))).get();
            }
            List<String> seen = new CopyOnWriteArrayList<>();
            Set<String> wanted = Set.of("A", "C");
            try (DecisionReader reader = new DecisionReader(broker.bootstrap(),
                    (d, nanos) -> seen.add(d.symbol() + "#" + d.seq()), wanted::contains).start()) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!seen.contains("A#2") && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(seen).containsExactly("A#1", "C#1", "A#2");
                assertThat(reader.decisions()).isEqualTo(3);
            }
        } finally {
            broker.close();
        }
    }

    private static GateDecision decision(String symbol, long seq) {
        return new GateDecision(symbol, 1_000 + seq, seq, 16_000, true, Mode.NORMAL, 1, List.of(), null,
                "champion", "champion", "challenger", false, 0.05, 150.0, false, null);
    }
}
