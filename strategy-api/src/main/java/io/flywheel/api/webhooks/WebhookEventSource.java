package io.flywheel.api.webhooks;

import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.EventDeserializer;
import io.flywheel.schemas.Topic;
import java.time.Clock;
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
 * Follows the render, publish and control topics in the consumer group {@code <prefix>webhooks} and
 * queues a delivery per matching subscription for every event that is a webhook. Offsets are
 * committed only after the deliveries are in PostgreSQL: a crash in between reads the events again,
 * and the (subscription, event id) key queues nothing twice. Several API processes share the
 * partitions.
 */
public final class WebhookEventSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookEventSource.class);

    private final KafkaConsumer<String, DecodeResult> consumer;
    private final List<String> topics;
    private final WebhookStore store;
    private final WebhookDispatcher dispatcher;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean running = true;

    public WebhookEventSource(
            String bootstrapServers,
            String topicPrefix,
            WebhookStore store,
            WebhookDispatcher dispatcher,
            Clock clock) {
        Properties p = new Properties();
        p.putAll(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        groupId(topicPrefix),
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "strategy-api-webhooks",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        // A subscription only gets events from after its creation, so reading
                        // the retained history on the group's first start queues nothing old.
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"));
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new EventDeserializer());
        this.topics =
                List.of(
                        Topic.RENDER_EVENTS.name(topicPrefix),
                        Topic.PUBLISH_EVENTS.name(topicPrefix),
                        Topic.CONTROL.name(topicPrefix));
        this.store = store;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.thread = new Thread(this::run, "webhook-events");
        this.thread.setDaemon(true);
    }

    public static String groupId(String topicPrefix) {
        return topicPrefix + "webhooks";
    }

    public WebhookEventSource start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            consumer.subscribe(topics);
            while (running) {
                ConsumerRecords<String, DecodeResult> records =
                        consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                try {
                    int queued = 0;
                    for (ConsumerRecord<String, DecodeResult> r : records) {
                        var payload = WebhookPayloads.of(r.value());
                        if (payload.isPresent()) {
                            queued += store.enqueue(payload.get(), clock.instant());
                        }
                    }
                    consumer.commitSync();
                    if (queued > 0) {
                        dispatcher.wake();
                    }
                } catch (RuntimeException e) {
                    // PostgreSQL unreachable: read the same events again, nothing is lost.
                    LOG.warn(
                            "queuing webhooks failed ({}); reading the events again", e.toString());
                    for (TopicPartition tp : records.partitions()) {
                        consumer.seek(tp, records.records(tp).get(0).offset());
                    }
                    Thread.sleep(1000);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("the webhook event listener stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
