package io.flywheel.publishers.service;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which input offsets are fully handled. A published video's record counts as handled only once
 * every one of its engagement increments is sent, so a restart re-reads the videos that were still
 * being simulated (their increments repeat with the same event ids, and consumers drop those).
 */
public final class OffsetTracker {
    private final Map<TopicPartition, TreeMap<Long, String>> open = new HashMap<>();
    private final Map<TopicPartition, Long> next = new HashMap<>();
    private final Map<String, Integer> remaining = new HashMap<>();
    private final Map<String, TopicPartition> partitionOf = new HashMap<>();
    private final Map<String, Long> offsetOf = new HashMap<>();

    /** A record read at (tp, offset); {@code reports} increments will be sent for {@code video}. */
    public void read(TopicPartition tp, long offset, String video, int reports) {
        next.merge(tp, offset + 1, Math::max);
        if (video == null || reports == 0) {
            return;
        }
        open.computeIfAbsent(tp, k -> new TreeMap<>()).put(offset, video);
        remaining.put(video, reports);
        partitionOf.put(video, tp);
        offsetOf.put(video, offset);
    }

    /** One increment of {@code video} was sent. */
    public void sent(String video) {
        Integer left = remaining.computeIfPresent(video, (k, v) -> v - 1);
        if (left != null && left == 0) {
            remaining.remove(video);
            open.get(partitionOf.remove(video)).remove(offsetOf.remove(video));
        }
    }

    public boolean tracking(String video) {
        return remaining.containsKey(video);
    }

    /** The offsets that are safe to commit: up to the oldest record still in progress. */
    public Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (Map.Entry<TopicPartition, Long> e : next.entrySet()) {
            TreeMap<Long, String> o = open.get(e.getKey());
            long safe = o == null || o.isEmpty() ? e.getValue() : o.firstKey();
            out.put(e.getKey(), new OffsetAndMetadata(safe));
        }
        return out;
    }
}
