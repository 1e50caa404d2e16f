package io.flywheel.render.script;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.schemas.HookStyle;
import io.flywheel.schemas.Pacing;
import io.flywheel.schemas.Platform;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplateScriptGeneratorTest {
    final TemplateScriptGenerator gen = new TemplateScriptGenerator();

    ScriptRequest req(String niche, HookStyle hook, int seconds, long seed) {
        return new ScriptRequest(niche, hook, Pacing.MEDIUM, seconds, Platform.TIKTOK, seed);
    }

    @Test
    void sameSeedSameScriptOtherSeedsVary() {
        assertThat(gen.write(req("fitness", HookStyle.QUESTION, 30, 1)))
                .isEqualTo(gen.write(req("fitness", HookStyle.QUESTION, 30, 1)));
        Set<String> texts = new HashSet<>();
        for (long seed = 0; seed < 10; seed++) {
            texts.add(gen.write(req("fitness", HookStyle.QUESTION, 30, seed)).fullText());
        }
        assertThat(texts).hasSizeGreaterThanOrEqualTo(8);
    }

    @Test
    void lengthFollowsTheTargetDurationAndPacing() {
        for (int seconds : new int[] {15, 30, 60}) {
            Script s = gen.write(req("personal-finance", HookStyle.STATISTIC, seconds, 3));
            int budget = req("personal-finance", HookStyle.STATISTIC, seconds, 3).wordBudget();
            assertThat(s.wordCount())
                    .as("%d s", seconds)
                    .isBetween((int) (budget * 0.55), (int) (budget * 1.35));
        }
        assertThat(gen.write(req("tech", HookStyle.POV, 60, 1)).scenes().size())
                .isGreaterThan(gen.write(req("tech", HookStyle.POV, 15, 1)).scenes().size());
    }

    @Test
    void hookFollowsTheStyleAndScenesCarryKeywordsAndMood() {
        Script q = gen.write(req("cooking", HookStyle.QUESTION, 30, 5));
        assertThat(q.scenes().get(0).text()).contains("?");
        Script pov = gen.write(req("cooking", HookStyle.POV, 30, 5));
        assertThat(pov.scenes().get(0).text()).startsWith("POV:");
        for (Script.Scene scene : q.scenes()) {
            assertThat(scene.keywords()).isNotEmpty();
            assertThat(scene.mood()).isIn("calm", "upbeat", "dramatic");
            assertThat(scene.text()).doesNotContain("{").doesNotContain("}");
        }
        assertThat(q.title()).isNotBlank().doesNotContain("{");
        assertThat(q.aiGenerated()).isTrue();
    }

    @Test
    void unknownNicheGetsGenericTipsAboutIt() {
        Script s = gen.write(req("urban-beekeeping", HookStyle.BOLD_CLAIM, 30, 2));
        assertThat(s.fullText()).contains("urban beekeeping");
        assertThat(s.title()).containsIgnoringCase("urban beekeeping");
    }
}
