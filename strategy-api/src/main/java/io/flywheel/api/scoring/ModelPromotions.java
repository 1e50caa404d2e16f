package io.flywheel.api.scoring;

import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.EventDeserializer;
import io.flywheel.schemas.ModelPromoted;
import io.flywheel.schemas.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code ModelPromoted} on the control topic and swaps the champion. It reads the topic
 * from the beginning at start-up (no consumer group: every API process needs every promotion), so a
 * restarted API serves the latest champion; within one poll only the last promotion is loaded.
 */
public final class ModelPromotions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelPromotions.class);

    private final KafkaConsumer<String, DecodeResult> consumer;
    private final String topic;
    private final ModelLoader loader;
    private final Champion champion;
    private final Thread thread;
    private volatile boolean running = true;

    public ModelPromotions(
            String bootstrapServers, String topicPrefix, ModelLoader loader, Champion champion) {
        Properties p = new Properties();
        p.putAll(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "strategy-api-models",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"));
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new EventDeserializer());
        this.topic = Topic.CONTROL.name(topicPrefix);
        this.loader = loader;
        this.champion = champion;
        this.thread = new Thread(this::run, "model-promotions");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try {
            List<TopicPartition> parts = List.of();
            while (running && parts.isEmpty()) {
                try {
                    parts =
                            consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                                    .map(i -> new TopicPartition(i.topic(), i.partition()))
                                    .toList();
                } catch (org.apache.kafka.common.errors.TimeoutException e) {
                    LOG.warn("control topic {} not reachable yet; retrying", topic);
                }
                if (parts.isEmpty()) {
                    Thread.sleep(1000); // the topic is made by `flywheel up`; wait for it
                }
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            while (running) {
                ConsumerRecords<String, DecodeResult> records =
                        consumer.poll(Duration.ofMillis(500));
                ModelPromoted last = null;
                for (ConsumerRecord<String, DecodeResult> r : records) {
                    if (r.value() instanceof DecodeResult.Decoded d
                            && d.event() instanceof ModelPromoted m) {
                        if (last == null
                                || m.getEnvelope().getEventTime()
                                        >= last.getEnvelope().getEventTime()) {
                            last = m;
                        }
                    }
                }
                if (last != null) {
                    apply(last);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("model promotion listener stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Loads a promoted model and makes it the champion; a broken artifact keeps the old one. */
    public void apply(ModelPromoted m) {
        try {
            ServedEnsemble e = loader.load(m.getArtifactUri());
            champion.swap(e);
            LOG.info(
                    "champion is now {} version {} ({} boosters)",
                    m.getModelName(),
                    e.version(),
                    e.size());
        } catch (Exception ex) {
            LOG.error(
                    "cannot load promoted model {} {} from {}; keeping the current champion",
                    m.getModelName(),
                    m.getModelVersion(),
                    m.getArtifactUri(),
                    ex);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
