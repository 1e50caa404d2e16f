package io.flywheel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.HookStyle;
import io.flywheel.schemas.VideoLocale;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArmConversionTest {
    private static final Arm ARM =
            Arm.of(
                    List.of(
                            "TIKTOK",
                            "fitness",
                            "POV",
                            "FAST",
                            30,
                            "en-us+f3",
                            "UPBEAT",
                            "WORD_HIGHLIGHT",
                            "BOLD",
                            "ES_ES",
                            18));

    @Test
    void theAvroRecordCarriesEveryParameterBothWays() {
        ContentParameters p = ARM.toAvro();

        assertThat(p.getHookStyle()).isEqualTo(HookStyle.POV);
        assertThat(p.getCaptionStyle()).isEqualTo(CaptionStyle.WORD_HIGHLIGHT);
        assertThat(p.getTargetDurationS()).isEqualTo(30);
        assertThat(p.getPostingHour()).isEqualTo(18);
        assertThat(p.getVideoLocale()).isEqualTo(VideoLocale.ES_ES);
        assertThat(Arm.fromAvro(p)).isEqualTo(ARM);
    }

    @Test
    void theArmKeyReadsBackIntoTheArm() {
        assertThat(ARM.armKey())
                .isEqualTo(
                        "TIKTOK|fitness|POV|FAST|30|en-us+f3|UPBEAT|WORD_HIGHLIGHT|BOLD|ES_ES|18");
        assertThat(Arm.ofKey(ARM.armKey())).isEqualTo(ARM);
    }

    @Test
    void aLookupPerParameterGivesTheArmAndNamesWhatIsMissing() {
        Map<String, Object> json = ARM.parameters();

        assertThat(Arm.read(p -> json.get(p.name()))).isEqualTo(ARM);
        assertThatThrownBy(
                        () -> Arm.read(p -> p.name().equals("voice") ? null : json.get(p.name())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("voice is required");
    }

    @Test
    void theColumnsAreTheTablesNames() {
        assertThat(ArmColumns.names(ParameterTable.chosen()))
                .isEqualTo(
                        "hook_style, pacing, target_duration_s, voice, music_mood, caption_style,"
                                + " visual_style, video_locale, posting_hour");
        assertThat(ArmColumns.placeholders(ParameterTable.ALL))
                .isEqualTo("?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?");
    }
}
