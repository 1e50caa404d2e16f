package io.flywheel.batch.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flywheel.model.Arm;
import io.flywheel.model.ChannelLocales;
import io.flywheel.model.ParameterSpace;
import io.flywheel.model.ParameterTable;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A platform's candidate arms carry only the locales its channel allows (render.locales). */
class ChannelLocalesTest {
    private static final ChannelLocales LOCALES =
            new ChannelLocales(
                    Map.of(
                            "TIKTOK", List.of("es-ES", "en-US"),
                            "YOUTUBE_SHORTS", List.of("pt-BR")));

    private static Set<String> languages(List<Arm> arms) {
        return arms.stream().map(ChannelLocales::tagOf).collect(Collectors.toSet());
    }

    @Test
    void candidateArmsOfAPlatformCarryOnlyItsAllowedLocales() {
        for (String platform : List.of("TIKTOK", "YOUTUBE_SHORTS", "INSTAGRAM_REELS")) {
            ParameterSpace space = LOCALES.space(platform, ParameterSpace.DEFAULT);
            List<Arm> sample = CandidateArms.of(platform, "cooking", space, 2_000, 5L);
            List<Arm> diverse = CandidateArms.diverse(platform, "cooking", space, 12, 5L);
            Set<String> expected =
                    switch (platform) {
                        case "TIKTOK" -> Set.of("es-ES", "en-US");
                        case "YOUTUBE_SHORTS" -> Set.of("pt-BR");
                        default -> Set.of("en-US");
                    };
            assertThat(languages(sample)).as(platform).isEqualTo(expected);
            assertThat(languages(diverse)).as(platform).isEqualTo(expected);
            Set<String> near = new HashSet<>();
            for (Arm n : ArmSearch.neighbours(sample.get(0), space)) {
                near.add(ChannelLocales.tagOf(n));
            }
            assertThat(expected).containsAll(near);
        }
        // Without a setting, every channel is English only: the default space, unchanged.
        assertThat(ChannelLocales.DEFAULT.space("TIKTOK", ParameterSpace.DEFAULT))
                .isEqualTo(ParameterSpace.DEFAULT);
        assertThat(ParameterSpace.DEFAULT.values(ParameterTable.language()))
                .containsExactly("EN_US");
    }

    @Test
    void tagsAndValuesConvertBothWaysAndAnUnknownLocaleIsRefused() {
        assertThat(ChannelLocales.supported())
                .containsExactly("en-US", "es-ES", "pt-BR", "de-DE", "hi-IN", "ar-SA", "ja-JP");
        for (String tag : ChannelLocales.supported()) {
            assertThat(ChannelLocales.tag(ChannelLocales.value(tag))).isEqualTo(tag);
        }
        assertThat(ChannelLocales.value("es-ES")).isEqualTo("ES_ES");
        assertThatThrownBy(() -> ChannelLocales.value("fr-FR"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'fr-FR' is not supported");
        assertThatThrownBy(() -> new ChannelLocales(Map.of("TIKTOK", List.of("xx"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
