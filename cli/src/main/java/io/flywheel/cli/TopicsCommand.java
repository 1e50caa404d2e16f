package io.flywheel.cli;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.schemas.Topic;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "topics",
        mixinStandardHelpOptions = true,
        description =
                "List Flywheel's topics with their partitions and how many records each holds.")
final class TopicsCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        FlywheelConfig c = options.load();
        List<String> names = Topic.allNames(c.kafka().topicPrefix());
        try (Admin admin = KafkaClients.admin(c.kafka().bootstrapServers())) {
            var existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<String> present = names.stream().filter(existing::contains).toList();
            Map<String, TopicDescription> d =
                    admin.describeTopics(present).allTopicNames().get(10, TimeUnit.SECONDS);
            List<TopicPartition> parts = new ArrayList<>();
            d.values()
                    .forEach(
                            t ->
                                    t.partitions()
                                            .forEach(
                                                    p ->
                                                            parts.add(
                                                                    new TopicPartition(
                                                                            t.name(),
                                                                            p.partition()))));
            Map<TopicPartition, Long> earliest = offsets(admin, parts, OffsetSpec.earliest());
            Map<TopicPartition, Long> latest = offsets(admin, parts, OffsetSpec.latest());
            System.out.printf("%-36s %10s %12s%n", "TOPIC", "PARTITIONS", "RECORDS");
            for (String n : names) {
                if (!d.containsKey(n)) {
                    System.out.printf("%-36s %10s %12s%n", n, "-", "missing");
                    continue;
                }
                long records =
                        parts.stream()
                                .filter(tp -> tp.topic().equals(n))
                                .mapToLong(tp -> latest.get(tp) - earliest.get(tp))
                                .sum();
                System.out.printf("%-36s %10d %12d%n", n, d.get(n).partitions().size(), records);
            }
        }
        return 0;
    }

    static Map<TopicPartition, Long> offsets(
            Admin admin, List<TopicPartition> parts, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> req = new HashMap<>();
        parts.forEach(tp -> req.put(tp, spec));
        Map<TopicPartition, Long> out = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e :
                admin.listOffsets(req).all().get(10, TimeUnit.SECONDS).entrySet()) {
            out.put(e.getKey(), e.getValue().offset());
        }
        return out;
    }
}
