package io.flywheel.render.worker;

import io.flywheel.render.pipeline.BudgetGate;
import io.flywheel.schemas.BudgetBreached;
import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.EventCodec;
import io.flywheel.schemas.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code flywheel.control} (every partition, no group: each worker needs every message) and
 * closes the budget gate on {@code BudgetBreached}, so paid providers stop until the period ends.
 * Starts two days back, to catch a breach of the current day announced before the worker started.
 */
public final class BudgetListener implements Runnable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final BudgetGate gate;
    private final EventCodec codec = EventCodec.standard();
    private volatile boolean running = true;

    public BudgetListener(String bootstrap, String topicPrefix, BudgetGate gate) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.topic = Topic.CONTROL.name(topicPrefix);
        this.gate = gate;
    }

    @Override
    public void run() {
        try {
            List<TopicPartition> parts =
                    consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                            .map(i -> new TopicPartition(topic, i.partition()))
                            .toList();
            consumer.assign(parts);
            long since = System.currentTimeMillis() - Duration.ofDays(2).toMillis();
            var offsets =
                    consumer.offsetsForTimes(
                            parts.stream()
                                    .collect(
                                            java.util.stream.Collectors.toMap(t -> t, t -> since)));
            for (TopicPartition tp : parts) {
                var o = offsets.get(tp);
                if (o == null) {
                    consumer.seekToEnd(List.of(tp));
                } else {
                    consumer.seek(tp, o.offset());
                }
            }
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (codec.decode(r.value()) instanceof DecodeResult.Decoded d
                            && d.event() instanceof BudgetBreached b) {
                        gate.breached(b.getBudgetPeriod());
                    }
                }
            }
        } catch (WakeupException e) {
            // Stopping.
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    public void stop() {
        running = false;
        consumer.wakeup();
    }
}
