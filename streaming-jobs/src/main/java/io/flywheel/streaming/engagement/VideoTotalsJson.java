package io.flywheel.streaming.engagement;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes running-totals snapshots to {@code flywheel.kpi.video} as JSON, keyed by video id. The
 * format (a derived read model, not an event of record, so JSON rather than a released Avro
 * contract) is documented in docs/tables.md.
 */
public final class VideoTotalsJson implements KafkaRecordSerializationSchema<VideoTotals> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topic;

    public VideoTotalsJson(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            VideoTotals t, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, t.videoId.getBytes(StandardCharsets.UTF_8), toJson(t));
    }

    public static byte[] toJson(VideoTotals t) {
        EngagementSums s = t.sums;
        ObjectNode n = JSON.createObjectNode();
        n.put("video_id", t.videoId);
        n.put("platform", t.platform);
        n.put("arm_id", t.armId);
        n.put("events", s.events);
        n.put("views", s.views);
        n.put("engaged_views", s.engagedViews);
        n.put("minutes_watched", s.minutesWatched);
        n.put("likes", s.likes);
        n.put("comments", s.comments);
        n.put("shares", s.shares);
        n.put("subscribers_gained", s.subscribersGained);
        n.put("subscribers_lost", s.subscribersLost);
        n.put("subscribers_net", s.subscribersNet());
        n.put("impressions", s.impressions);
        n.put("engaged_view_rate", s.engagedViewRate());
        n.put("average_view_percentage", s.averageViewPercentage());
        n.put("like_rate", s.likeRate());
        n.put("share_rate", s.shareRate());
        n.put("comment_rate", s.commentRate());
        n.put("first_event_time", t.firstEventTime);
        n.put("last_event_time", t.lastEventTime);
        try {
            return JSON.writeValueAsBytes(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
