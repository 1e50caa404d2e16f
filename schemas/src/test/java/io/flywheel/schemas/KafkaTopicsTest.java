package io.flywheel.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.embedded.Ephemeral;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaTopicsTest {

    @Test
    void topicsAreCreatedOnceWithTheirSettings() throws Exception {
        String bootstrap = Ephemeral.kafka().spec().bootstrapServers();

        List<String> first =
                KafkaTopics.ensure(bootstrap, List.of("t.a", "t.b"), 3, (short) 1, 86_400_000L);
        List<String> again =
                KafkaTopics.ensure(bootstrap, List.of("t.a", "t.b"), 3, (short) 1, 86_400_000L);

        assertThat(first).containsExactlyInAnyOrder("t.a", "t.b");
        assertThat(again).isEmpty();
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            TopicDescription d =
                    admin.describeTopics(List.of("t.a"))
                            .allTopicNames()
                            .get(10, TimeUnit.SECONDS)
                            .get("t.a");
            assertThat(d.partitions()).hasSize(3);
            var cfg =
                    admin.describeConfigs(
                                    List.of(new ConfigResource(ConfigResource.Type.TOPIC, "t.a")))
                            .all()
                            .get(10, TimeUnit.SECONDS)
                            .values()
                            .iterator()
                            .next();
            assertThat(cfg.get("retention.ms").value()).isEqualTo("86400000");
        }
    }

    /**
     * Before ensure waited for every partition to answer, about one fresh topic in twenty lost its
     * first batch to a partition whose log did not exist yet, and the idempotent producer then
     * retried it out of order until the delivery timeout (KAFKA-14359).
     */
    @Test
    void anIdempotentProducerWritesToFreshTopicsRightAway() throws Exception {
        String bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        Properties p = EventProducer.properties(bootstrap, "fresh-topics");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        List<String> failures = new ArrayList<>();
        for (int round = 0; round < 40; round++) {
            List<String> topics = Topic.allNames("fresh" + round + ".");
            KafkaTopics.ensure(bootstrap, topics, 2, (short) 1, 3_600_000L);
            try (var producer =
                    new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                // Pauses longer than linger.ms split each partition's records into several
                // batches, so more than one request is in flight while the topic is new.
                for (int i = 0; i < 120; i++) {
                    String topic = topics.get(i % topics.size());
                    acks.add(producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)));
                    if (i % 20 == 19) {
                        Thread.sleep(6);
                    }
                }
                producer.flush();
                for (Future<RecordMetadata> ack : acks) {
                    try {
                        ack.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        failures.add("round " + round + ": " + e.getCause());
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
    }
}
