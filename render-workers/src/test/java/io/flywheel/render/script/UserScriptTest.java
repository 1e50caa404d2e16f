package io.flywheel.render.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.HookStyle;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.Pacing;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.VisualStyle;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UserScriptTest {
    static final ContentParameters P =
            ContentParameters.newBuilder()
                    .setPlatform(Platform.TIKTOK)
                    .setNiche("x")
                    .setHookStyle(HookStyle.POV)
                    .setPacing(Pacing.SLOW)
                    .setTargetDurationS(20)
                    .setVoice("en-us")
                    .setMusicMood(MusicMood.DRAMATIC)
                    .setCaptionStyle(CaptionStyle.SENTENCE)
                    .setVisualStyle(VisualStyle.BOLD)
                    .setPostingHour(1)
                    .build();

    @Test
    void paragraphsAreScenesWithKeywordsAndTheTitleIsKeptAsWritten() {
        Script s =
                UserScript.parse(
                        "Mountains are tall.\\nRivers run.\r\n\r\nOceans are deep and wide.",
                        Optional.of("A \"title\"\n[x]"),
                        P);
        assertThat(s.scenes()).hasSize(2);
        assertThat(s.scenes().get(0).text()).isEqualTo("Mountains are tall.\\nRivers run.");
        assertThat(s.scenes().get(1).keywords()).contains("oceans");
        assertThat(s.scenes().get(1).mood()).isEqualTo("dramatic");
        assertThat(s.title()).isEqualTo("A \"title\" [x]");
        assertThat(s.aiGenerated()).isFalse();
    }

    @Test
    void oneParagraphIsSplitIntoPairsOfSentencesAndHugeScriptsAreRefused() {
        Script s = UserScript.parse("One. Two! Three? Four. Five.", Optional.empty(), P);
        assertThat(s.scenes())
                .extracting(Script.Scene::text)
                .containsExactly("One. Two!", "Three? Four.", "Five.");
        assertThat(s.title()).isEqualTo("One. Two!");
        assertThatThrownBy(() -> UserScript.parse("word ".repeat(2000), Optional.empty(), P))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UserScript.parse(" \n\n ", Optional.empty(), P))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
