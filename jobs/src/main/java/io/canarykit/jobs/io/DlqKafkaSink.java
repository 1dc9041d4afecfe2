package io.canarykit.jobs.io;

import io.canarykit.operators.flink.LogThrottle;
import io.canarykit.schema.DlqRecord;
import io.canarykit.schema.Topics;
import io.canarykit.schema.codec.DlqRecords;
import io.canarykit.schema.codec.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes DLQ records to {@code kit.dlq}, at least once when the broker takes them, and never fails
 * the job when it does not: a record the broker refuses, or cannot take in time, is counted in
 * {@code dlq_write_failures_total} and logged (once a minute), and the job goes on. The DLQ is
 * where bad input is reported; losing a report must not stop the gate.
 */
public final class DlqKafkaSink implements Sink<DlqRecord> {
    private static final long serialVersionUID = 1L;

    /** How long a DLQ write may wait for the broker before it counts as failed. */
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrap;
    private final int maxRequestBytes;

    /** A sink to the broker at {@code bootstrap} for records keeping up to {@code maxRawBytes} of raw input. */
    public DlqKafkaSink(String bootstrap, int maxRawBytes) {
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("bootstrap is required but not provided.");
        }
        this.bootstrap = bootstrap;
        this.maxRequestBytes = maxRequestBytes(maxRawBytes);
    }

    /** The producer's {@code max.request.size} for DLQ records keeping {@code maxRawBytes}: the record plus its key and batch framing. */
    public static int maxRequestBytes(int maxRawBytes) {
        return DlqRecords.maxEncodedBytes(maxRawBytes) + 4_096;
    }

    @Override
    public SinkWriter<DlqRecord> createWriter(WriterInitContext context) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestBytes);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis() / 3);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis() / 3);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        Counter failures = context.metricGroup().counter("dlq_write_failures_total");
        return new Writer(new KafkaProducer<>(props), failures);
    }

    private static final class Writer implements SinkWriter<DlqRecord> {
        private static final Logger LOG = LoggerFactory.getLogger(DlqKafkaSink.class);

        private final KafkaProducer<byte[], byte[]> producer;
        private final Counter failures;
        private final LogThrottle throttle = new LogThrottle(60_000);

        Writer(KafkaProducer<byte[], byte[]> producer, Counter failures) {
            this.producer = producer;
            this.failures = failures;
        }

        @Override
        public void write(DlqRecord record, Context context) {
            byte[] key = record.topic().getBytes(StandardCharsets.UTF_8);
            try {
                producer.send(new ProducerRecord<>(Topics.DLQ, null, context.timestamp(), key, JsonCodec.encode(record)),
                        (metadata, error) -> {
                            if (error != null) {
                                failed(record, error);
                            }
                        });
            } catch (RuntimeException e) {
                failed(record, e);
            }
        }

        /** Waits for every record sent so far, so a checkpoint covers them; failures were counted already. */
        @Override
        public void flush(boolean endOfInput) {
            producer.flush();
        }

        @Override
        public void close() {
            producer.close(DELIVERY_TIMEOUT);
        }

        // Runs on the producer's I/O thread too: the counter and the throttle are only touched here.
        private synchronized void failed(DlqRecord record, Exception error) {
            failures.inc();
            LogThrottle.Verdict verdict = throttle.offer("write", System.currentTimeMillis());
            if (verdict.log()) {
                LOG.error("could not write a {} record of {} ({} raw bytes) to kit.dlq: {} ({} more failures since the last line)",
                        record.reason(), record.topic(), record.rawSize(), error.toString(), verdict.suppressedSince());
            }
        }
    }
}
