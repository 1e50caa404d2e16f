package io.flywheel.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.config.Secret;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MediaLinksTest {
    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** The path (decoded), the expiry and the signature of a link. */
    private static String[] parts(String link) {
        URI u = URI.create(link);
        String[] q = u.getRawQuery().split("&");
        return new String[] {
            u.getPath().substring("/v1/media/".length()),
            q[0].substring("expires=".length()),
            q[1].substring("sig=".length())
        };
    }

    @Test
    void aLinkSignedWithTheSharedKeyOpensInAnotherProcessUntilItExpires() {
        Secret key = Secret.of("shared-link-key");
        String link = MediaLinks.of(key, Duration.ofHours(6), CLOCK).link("videos/v 1/reel.mp4");
        assertThat(link).startsWith("/v1/media/videos/v%201/reel.mp4?expires=");
        String[] p = parts(link);
        assertThat(p[0]).isEqualTo("videos/v 1/reel.mp4");
        assertThat(Long.parseLong(p[1])).isEqualTo(NOW.getEpochSecond() + 6 * 3600);

        MediaLinks api = MediaLinks.of(key, Duration.ofHours(1), CLOCK);
        assertThat(api.valid("videos/v 1/reel.mp4", p[1], p[2])).isTrue();
        assertThat(api.valid("videos/v 1/other.mp4", p[1], p[2])).isFalse();
        String extended = Long.toString(Long.parseLong(p[1]) + 1);
        assertThat(api.valid("videos/v 1/reel.mp4", extended, p[2])).isFalse();
        MediaLinks later =
                MediaLinks.of(key, Duration.ofHours(1), Clock.offset(CLOCK, Duration.ofHours(7)));
        assertThat(later.valid("videos/v 1/reel.mp4", p[1], p[2])).isFalse();
    }

    @Test
    void withoutAKeyEachProcessSignsWithItsOwn() {
        String[] p = parts(MediaLinks.of(Secret.of(""), Duration.ofHours(1), CLOCK).link("a.mp4"));
        MediaLinks other = MediaLinks.of(Secret.of(""), Duration.ofHours(1), CLOCK);
        assertThat(other.valid("a.mp4", p[1], p[2])).isFalse();
        assertThat(other.valid("a.mp4", null, p[2])).isFalse();
        assertThat(other.valid("a.mp4", "soon", p[2])).isFalse();
    }
}
