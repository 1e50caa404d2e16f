package io.flywheel.embedded;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates the topics that do not exist yet; existing ones (and their data) are left alone. */
public final class KafkaTopics {
    private KafkaTopics() {}

    /**
     * Creates what is missing and returns once every partition of every named topic has a leader,
     * so a producer that starts right after never waits on a partition without one.
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
            awaitLeaders(admin, names);
            return created;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot create topics on " + bootstrapServers, e);
        }
    }

    private static void awaitLeaders(Admin admin, Collection<String> names) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!allHaveLeaders(admin, names)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "topics " + names + " have partitions without a leader after 30 s");
            }
            Thread.sleep(100);
        }
    }

    private static boolean allHaveLeaders(Admin admin, Collection<String> names) throws Exception {
        try {
            return admin
                    .describeTopics(names)
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .values()
                    .stream()
                    .allMatch(
                            t ->
                                    t.partitions().stream()
                                            .allMatch(
                                                    p ->
                                                            p.leader() != null
                                                                    && !p.leader().isEmpty()));
        } catch (ExecutionException e) {
            // A topic created a moment ago may not be in the broker's metadata yet.
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }
}
