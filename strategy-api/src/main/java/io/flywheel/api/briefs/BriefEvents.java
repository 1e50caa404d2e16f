package io.flywheel.api.briefs;

import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.EventSerializer;
import io.flywheel.schemas.EventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a brief's {@code ContentRequested} events in one Kafka transaction: a {@code
 * read_committed} consumer (the render workers) sees all of them or none. When a send or the commit
 * fails (the broker is away), the producer is closed and the next brief starts a new one with the
 * same transactional id, whose {@code initTransactions} aborts whatever the failed one left open,
 * so a retried brief's events are committed exactly once.
 */
public final class BriefEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BriefEvents.class);

    private final String bootstrap;
    private final String topicPrefix;
    private final String transactionalId;
    private final Duration timeout;
    private KafkaProducer<String, SpecificRecord> producer;

    /**
     * @param timeout how long one brief may wait for the broker (connecting, sending, committing)
     */
    public BriefEvents(String bootstrap, String topicPrefix, String clientId, Duration timeout) {
        this.bootstrap = bootstrap;
        this.topicPrefix = topicPrefix;
        // One id per process: concurrent API processes never fence each other.
        this.transactionalId = clientId + "-briefs-" + UUID.randomUUID();
        this.timeout = timeout;
    }

    /** Why the events were not committed. */
    public static final class NotSent extends Exception {
        private static final long serialVersionUID = 1L;

        NotSent(Throwable cause) {
            super(
                    "the event broker did not commit the brief's events: "
                            + cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"),
                    cause);
        }
    }

    /** Commits all events or none of them. */
    public synchronized void send(List<ContentRequested> events) throws NotSent {
        try {
            KafkaProducer<String, SpecificRecord> p = producer();
            p.beginTransaction();
            long deadline = System.nanoTime() + timeout.toNanos();
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (ContentRequested e : events) {
                EventType type = EventType.of(e);
                Future<RecordMetadata> ack =
                        p.send(
                                new ProducerRecord<>(
                                        type.topic().name(topicPrefix), type.keyOf(e), e));
                if (ack.isDone()) {
                    // Failed at once (no metadata within max.block.ms): do not wait that long again
                    // for each remaining event.
                    ack.get();
                }
                acks.add(ack);
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            p.commitTransaction();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            discardProducer();
            throw new NotSent(
                    e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
                            ? e.getCause()
                            : e);
        }
    }

    private KafkaProducer<String, SpecificRecord> producer() {
        if (producer == null) {
            Properties p = EventProducer.properties(bootstrap, transactionalId);
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            int ms = (int) timeout.toMillis();
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ms);
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, ms + 5);
            p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
            KafkaProducer<String, SpecificRecord> created =
                    new KafkaProducer<>(p, new StringSerializer(), new EventSerializer());
            try {
                created.initTransactions();
            } catch (RuntimeException e) {
                created.close(Duration.ZERO);
                throw e;
            }
            producer = created;
        }
        return producer;
    }

    private void discardProducer() {
        if (producer != null) {
            LOG.warn(
                    "discarding the brief producer after a failed transaction; the next brief"
                            + " starts a new one");
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException e) {
                LOG.debug("closing the failed producer", e);
            }
            producer = null;
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
            producer = null;
        }
    }
}
