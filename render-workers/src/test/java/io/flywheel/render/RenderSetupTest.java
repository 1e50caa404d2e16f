package io.flywheel.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flywheel.config.ConfigException;
import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The channels of {@code render.locales} are checked against the platforms when a worker starts.
 */
class RenderSetupTest {
    @TempDir Path data;

    @Test
    void aLocaleForAChannelThatIsNoPlatformStopsTheWorkerAtStart() {
        FlywheelConfig config =
                ConfigLoader.load(
                        Optional.empty(),
                        Map.of(),
                        Map.of(
                                "data.dir",
                                data.toString(),
                                "render.locales",
                                "TIKTOK=es-ES,VIMEO=de-DE"),
                        data);
        assertThatThrownBy(() -> RenderSetup.providers(config, RenderSetup.budget()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "render.locales: 'VIMEO' is not a channel; one of [YOUTUBE_SHORTS,"
                                + " TIKTOK, INSTAGRAM_REELS]");
        assertThatThrownBy(() -> RenderSetup.channelLocales(Map.of("UNKNOWN", "es-ES")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'UNKNOWN' is not a channel");
        Map<String, String> platforms =
                Map.of("TIKTOK", "es-ES", "YOUTUBE_SHORTS", "ja-JP", "INSTAGRAM_REELS", "ar-SA");
        assertThat(RenderSetup.channelLocales(platforms)).isEqualTo(platforms);
    }
}
