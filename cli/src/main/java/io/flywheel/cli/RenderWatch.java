package io.flywheel.cli;

import io.flywheel.schemas.DeadLetter;
import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.StageFailed;
import io.flywheel.schemas.VideoRendered;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Follows the render events of a set of jobs from now on: which were rendered, which failed for
 * good (a stage failure that will not be retried), and why.
 */
public final class RenderWatch implements AutoCloseable {
    private final KafkaConsumer<String, DecodeResult> consumer;
    private final Set<String> jobs;
    private final Map<String, String> rendered = new HashMap<>();
    private final Map<String, String> failed = new java.util.LinkedHashMap<>();

    /**
     * @param topics the render events topic, and the dead-letter topic where a worker writes a
     *     job's failure as its outcome
     */
    public RenderWatch(String bootstrap, List<String> topics, Set<String> jobs) {
        this.consumer = KafkaClients.reader(bootstrap);
        this.jobs = jobs;
        List<TopicPartition> parts = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(10))
                    .forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(parts);
        consumer.endOffsets(parts).forEach(consumer::seek);
    }

    public void poll() {
        for (ConsumerRecord<String, DecodeResult> r : consumer.poll(Duration.ofMillis(200))) {
            if (!(r.value() instanceof DecodeResult.Decoded d)) {
                continue;
            }
            if (d.event() instanceof VideoRendered v && jobs.contains(v.getJobId())) {
                rendered.put(v.getJobId(), v.getVideoId());
            } else if (d.event() instanceof StageFailed f
                    && jobs.contains(f.getJobId())
                    && !f.getRetryable()) {
                failed.putIfAbsent(
                        f.getJobId(),
                        f.getStage() + ": " + f.getErrorClass() + ": " + f.getMessage());
            } else if (d.event() instanceof DeadLetter dl && dl.getOriginalKey() != null) {
                String job =
                        StandardCharsets.UTF_8.decode(dl.getOriginalKey().duplicate()).toString();
                if (jobs.contains(job)) {
                    failed.putIfAbsent(job, dl.getFailureKind() + ": " + dl.getReason());
                }
            }
        }
    }

    public int rendered() {
        return rendered.size();
    }

    /** Why each failed job failed (stage, error class, message), in the order they failed. */
    public Map<String, String> failures() {
        return failed;
    }

    public int finished() {
        return rendered.size()
                + (int) failed.keySet().stream().filter(j -> !rendered.containsKey(j)).count();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
