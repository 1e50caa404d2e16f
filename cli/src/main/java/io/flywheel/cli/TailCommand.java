package io.flywheel.cli;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "tail",
        mixinStandardHelpOptions = true,
        description = {
            "Print the last events of a topic as JSON, one per line; records that do not decode"
                    + " are shown with the reason.",
            "TOPIC is one of: content.requests, render.events, publish.events,"
                    + " engagement.events, control, dlq."
        })
final class TailCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Parameters(index = "0", paramLabel = "TOPIC")
    String topic;

    @Option(
            names = {"-n", "--lines"},
            description = "How many per partition (default 10).")
    int lines = 10;

    @Option(
            names = {"-f", "--follow"},
            description = "Keep printing new events until Ctrl-C.")
    boolean follow;

    @Override
    public Integer call() {
        FlywheelConfig c = options.load();
        Topic t =
                Arrays.stream(Topic.values())
                        .filter(
                                x ->
                                        x.suffix().equals(topic)
                                                || x.name(c.kafka().topicPrefix()).equals(topic))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new UserError(
                                                "unknown topic '"
                                                        + topic
                                                        + "'; one of "
                                                        + Arrays.stream(Topic.values())
                                                                .map(Topic::suffix)
                                                                .toList()));
        String name = t.name(c.kafka().topicPrefix());
        try (KafkaConsumer<String, DecodeResult> consumer =
                KafkaClients.reader(c.kafka().bootstrapServers())) {
            Map<String, List<PartitionInfo>> all = consumer.listTopics(Duration.ofSeconds(10));
            if (!all.containsKey(name)) {
                throw new UserError("topic " + name + " does not exist; run `flywheel up`");
            }
            List<TopicPartition> parts = new ArrayList<>();
            all.get(name).forEach(p -> parts.add(new TopicPartition(name, p.partition())));
            consumer.assign(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts);
            for (TopicPartition tp : parts) {
                consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - lines));
            }
            long idleUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (follow || System.nanoTime() < idleUntil) {
                for (ConsumerRecord<String, DecodeResult> r :
                        consumer.poll(Duration.ofMillis(300))) {
                    System.out.println(render(r));
                    idleUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
                if (!follow && reachedEnd(consumer, end)) {
                    break;
                }
            }
        }
        return 0;
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    static String render(ConsumerRecord<String, DecodeResult> r) {
        String where = String.format(Locale.ROOT, "%d@%d", r.partition(), r.offset());
        if (r.value() instanceof DecodeResult.Decoded d) {
            return where + " " + d.type().recordName() + " " + d.event();
        }
        DecodeResult.Failed f = (DecodeResult.Failed) r.value();
        return where + " UNDECODABLE " + f.kind() + ": " + f.reason();
    }
}
