package io.flywheel.streaming.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class VideoIdTextsTest {
    @Test
    void alwaysTheCanonicalTextAndTheSameStringForARecentVideo() {
        VideoIdTexts texts = new VideoIdTexts();
        Random r = new Random(7);
        // Far more ids than the cache holds, each asked for several times in a row and at random.
        long[][] ids = new long[50_000][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = new long[] {r.nextLong(), i % 3 == 0 ? 0 : r.nextLong()};
        }
        for (int n = 0; n < 500_000; n++) {
            long[] id = ids[r.nextInt(n < 250_000 ? 1_000 : ids.length)];
            String text = texts.of(id[0], id[1]);
            assertThat(text).isEqualTo(new UUID(id[0], id[1]).toString());
            assertThat(texts.of(id[0], id[1])).isSameAs(text);
        }
    }
}
