package io.flywheel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code render.locales} read as each platform's languages, checked against the platforms. */
class ChannelLocalesTest {
    @Test
    void aChannelThatIsNoPlatformIsRefusedNamingThePlatforms() {
        assertThatThrownBy(() -> new ChannelLocales(Map.of("VIMEO", List.of("de-DE"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "render.locales: 'VIMEO' is not a channel; one of [YOUTUBE_SHORTS,"
                                + " TIKTOK, INSTAGRAM_REELS]");
        assertThatThrownBy(() -> new ChannelLocales(Map.of("UNKNOWN", List.of("es-ES"))))
                .hasMessageContaining("'UNKNOWN' is not a channel");
    }

    @Test
    void eachPlatformOffersItsLanguagesDefaultFirstAndEnglishWhenNotNamed() {
        ChannelLocales l = new ChannelLocales(Map.of("TIKTOK", List.of("es-ES", "en-US")));
        assertThat(l.values("TIKTOK")).containsExactly("ES_ES", "EN_US");
        assertThat(l.values("YOUTUBE_SHORTS")).containsExactly("EN_US");
        assertThat(l.allows("TIKTOK", "ES_ES")).isTrue();
        assertThat(l.allows("YOUTUBE_SHORTS", "ES_ES")).isFalse();
        assertThatThrownBy(() -> ChannelLocales.value("fr-FR"))
                .hasMessageStartingWith("locale 'fr-FR' is not supported; one of [en-US");
    }
}
