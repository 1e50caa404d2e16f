package io.flywheel.streaming.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class VideoTotalsJsonTest {
    @Test
    void writesValidJsonWithRatesAndNulls() throws Exception {
        VideoTotals t = new VideoTotals();
        t.videoId = "v\"1\\";
        t.platform = "TIKTOK";
        t.sums.events = 3;
        t.sums.views = 8;
        t.sums.engagedViews = 2;
        t.sums.likes = 1;
        t.sums.minutesWatched = 1.25;
        t.sums.subscribersGained = 4;
        t.sums.subscribersLost = 1;

        JsonNode n = new ObjectMapper().readTree(VideoTotalsJson.toJson(t));

        assertThat(n.get("video_id").asText()).isEqualTo("v\"1\\");
        assertThat(n.get("arm_id").isNull()).isTrue();
        assertThat(n.get("engaged_view_rate").asDouble()).isEqualTo(0.25);
        assertThat(n.get("like_rate").asDouble()).isEqualTo(0.125);
        assertThat(n.get("average_view_percentage").isNull()).isTrue();
        assertThat(n.get("minutes_watched").asDouble()).isEqualTo(1.25);
        assertThat(n.get("subscribers_net").asLong()).isEqualTo(3);
    }
}
