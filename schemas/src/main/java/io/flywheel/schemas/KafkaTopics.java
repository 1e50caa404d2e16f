package io.flywheel.schemas;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the topics that do not exist yet; existing ones (and their data) are left alone. */
public final class KafkaTopics {
    private KafkaTopics() {}

    /**
     * Creates what is missing and returns once every partition of every named topic answers on its
     * leader.
     *
     * <p>Waiting for the controller to name a leader is not enough: the broker creates the
     * partition's log a moment later, and an idempotent producer whose first batch is refused in
     * that moment while its second batch is accepted retries the first one into an out-of-order
     * sequence until its delivery timeout (KAFKA-14359). A partition that answers ListOffsets has
     * its log and takes writes.
     *
     * @return the names that were created now
     */
    public static List<String> ensure(
            String bootstrapServers,
            Collection<String> names,
            int partitions,
            short replicationFactor,
            long retentionMs) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : names) {
                if (!existing.contains(name)) {
                    missing.add(
                            new NewTopic(name, partitions, replicationFactor)
                                    .configs(
                                            Map.of(
                                                    TopicConfig.RETENTION_MS_CONFIG,
                                                    Long.toString(retentionMs),
                                                    TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                                                    Integer.toString(
                                                            Math.max(1, replicationFactor - 1)))));
                }
            }
            List<String> created = new ArrayList<>();
            for (var e : admin.createTopics(missing).values().entrySet()) {
                try {
                    e.getValue().get(30, TimeUnit.SECONDS);
                    created.add(e.getKey());
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw ex;
                    }
                }
            }
            awaitWritable(admin, names);
            return created;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot create topics on " + bootstrapServers, e);
        }
    }

    private static void awaitWritable(Admin admin, Collection<String> names) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!allAnswer(admin, names)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "topics " + names + " have partitions that take no writes after 30 s");
            }
            Thread.sleep(50);
        }
    }

    private static boolean allAnswer(Admin admin, Collection<String> names) throws Exception {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        try {
            for (TopicDescription t :
                    admin.describeTopics(names)
                            .allTopicNames()
                            .get(10, TimeUnit.SECONDS)
                            .values()) {
                for (TopicPartitionInfo p : t.partitions()) {
                    if (p.leader() == null || p.leader().isEmpty()) {
                        return false;
                    }
                    partitions.put(
                            new TopicPartition(t.name(), p.partition()), OffsetSpec.latest());
                }
            }
            admin.listOffsets(partitions).all().get(10, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            // A topic created a moment ago may not be in the broker's metadata, or its log not
            // created yet (NOT_LEADER_OR_FOLLOWER); both pass.
            if (e.getCause() instanceof RetriableException) {
                return false;
            }
            throw e;
        }
    }
}
