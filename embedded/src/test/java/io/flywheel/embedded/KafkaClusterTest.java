package io.flywheel.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real KRaft nodes: the cluster forms, topics get three replicas with {@code
 * min.insync.replicas=2}, and a node killed with SIGKILL while transactions are written loses
 * nothing and duplicates nothing for a {@code read_committed} reader; the node rejoins when
 * restarted.
 */
class KafkaClusterTest {
    @TempDir Path dir;
    private KafkaCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.stop();
        }
    }

    @Test
    void threeNodesSurviveTheLossOfOneWithEveryRecordOnce() throws Exception {
        cluster =
                new KafkaCluster(
                        "127.0.0.1",
                        List.of(FreePorts.pick(), FreePorts.pick(), FreePorts.pick()),
                        List.of(FreePorts.pick(), FreePorts.pick(), FreePorts.pick()),
                        dir,
                        io.flywheel.config.ConfigLoader.homeFrom(System.getenv())
                                .resolve("kafka-broker/target/lib"),
                        "384m");
        cluster.start(false, Duration.ofSeconds(150));
        String bootstrap = cluster.bootstrapServers();
        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(ap)) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(3);
            admin.createTopics(
                            List.of(
                                    new NewTopic("events", 3, (short) 3)
                                            .configs(Map.of("min.insync.replicas", "2"))))
                    .all()
                    .get(60, TimeUnit.SECONDS);
            TopicDescription d =
                    admin.describeTopics(List.of("events"))
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS)
                            .get("events");
            assertThat(d.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
        }

        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pp.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "cluster-test");
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        pp.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 120_000);
        int batches = 20;
        int perBatch = 50;
        KafkaBroker victim = cluster.nodes().get(1);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            for (int b = 0; b < batches; b++) {
                if (b == batches / 2) {
                    ProcessHandle h = victim.process().orElseThrow();
                    h.destroyForcibly();
                    h.onExit().get(30, TimeUnit.SECONDS);
                }
                if (b == batches * 3 / 4) {
                    victim.start(false, Duration.ofSeconds(150));
                }
                producer.beginTransaction();
                for (int i = 0; i < perBatch; i++) {
                    String key = "r" + (b * perBatch + i);
                    producer.send(new ProducerRecord<>("events", key, key));
                }
                producer.commitTransaction();
            }
        }

        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, "reader");
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Integer> seen = new HashMap<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("events"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (seen.size() < batches * perBatch && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(1))) {
                    seen.merge(r.key(), 1, Integer::sum);
                }
            }
        }
        assertThat(seen).hasSize(batches * perBatch);
        assertThat(new ArrayList<>(Set.copyOf(seen.values()))).containsExactly(1);
        assertThat(cluster.nodes()).allSatisfy(n -> assertThat(n.state().healthy()).isTrue());
        assertThat(victim.state().detail()).isEqualTo("KRaft broker+controller, node 2 of 3");
    }
}
