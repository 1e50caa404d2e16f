package io.flywheel.flinkcluster;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.embedded.PostgresServer;
import io.flywheel.store.Database;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What the cluster tests and the cluster bench give the streaming jobs: a migrated database of
 * their own, the JobManager's environment (where the jobs' main reads Flywheel's config), and the
 * known events sent with every acknowledgement awaited.
 */
final class ClusterJobsFixture {
    private ClusterJobsFixture() {}

    /** A new database on the shared test PostgreSQL, migrated; its JDBC settings and name. */
    static Map<String, String> migratedDatabase(String label) throws Exception {
        String name = Ephemeral.database(label);
        Map<String, String> j = new HashMap<>(Ephemeral.jdbc(name));
        try (HikariDataSource ds =
                Database.dataSource(j.get("url"), j.get("user"), j.get("password"), label)) {
            Database.migrate(ds);
        }
        j.put("database", name);
        return j;
    }

    /** The environment of the JobManager for jobs on {@code bootstrap} and {@code db}. */
    static Map<String, String> jobEnv(
            Path home,
            Path dataDir,
            String bootstrap,
            String prefix,
            Map<String, String> db,
            int partitions,
            int parallelism,
            int checkpointIntervalMs) {
        PostgresServer.Spec pg = Ephemeral.postgres().spec();
        Map<String, String> env = new HashMap<>();
        env.put("FLYWHEEL_HOME", home.toString());
        env.put("FLYWHEEL_DATA_DIR", dataDir.toString());
        env.put("FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("FLYWHEEL_KAFKA_TOPIC_PREFIX", prefix);
        env.put("FLYWHEEL_KAFKA_TOPIC_PARTITIONS", Integer.toString(partitions));
        env.put("FLYWHEEL_POSTGRES_HOST", pg.host());
        env.put("FLYWHEEL_POSTGRES_PORT", Integer.toString(pg.port()));
        env.put("FLYWHEEL_POSTGRES_DATABASE", db.get("database"));
        env.put("FLYWHEEL_POSTGRES_USER", db.get("user"));
        env.put("FLYWHEEL_POSTGRES_PASSWORD", db.get("password"));
        env.put("FLYWHEEL_STREAMING_PARALLELISM", Integer.toString(parallelism));
        env.put(
                "FLYWHEEL_STREAMING_CHECKPOINT_INTERVAL_MS",
                Integer.toString(checkpointIntervalMs));
        env.put("FLYWHEEL_STREAMING_ALLOWED_LATENESS_MS", "3600000");
        return env;
    }

    /** An idempotent producer that waits for every replica ({@code acks=all}). */
    static KafkaProducer<byte[], byte[]> producer(String bootstrap, Properties extra) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.putAll(extra);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Sends and waits for every acknowledgement (a lost record would be a wrong total later);
     * returns how many of them were engagement records.
     */
    static long send(
            KafkaProducer<byte[], byte[]> producer,
            String prefix,
            List<KnownEvents.Message> messages) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        long engagement = 0;
        for (KnownEvents.Message m : messages) {
            acks.add(producer.send(new ProducerRecord<>(prefix + m.topic(), m.key(), m.value())));
            if (m.topic().equals("engagement.events")) {
                engagement++;
            }
        }
        try {
            for (Future<RecordMetadata> a : acks) {
                a.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("send failed", e);
        }
        return engagement;
    }
}
