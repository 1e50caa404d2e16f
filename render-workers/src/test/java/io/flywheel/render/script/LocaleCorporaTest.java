package io.flywheel.render.script;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.render.locale.ContentLocale;
import io.flywheel.schemas.HookStyle;
import io.flywheel.schemas.Pacing;
import io.flywheel.schemas.Platform;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every locale's corpus writes complete scripts in its own script for every niche and hook. */
class LocaleCorporaTest {
    private static final List<String> NICHES =
            List.of(
                    "personal-finance",
                    "fitness",
                    "cooking",
                    "productivity",
                    "tech",
                    "travel",
                    "science",
                    "gardening");

    final TemplateScriptGenerator gen = new TemplateScriptGenerator();

    @Test
    void everyLocaleWritesWholeScriptsInItsScript() {
        for (ContentLocale l : ContentLocale.all()) {
            for (String niche : NICHES) {
                for (HookStyle hook : HookStyle.values()) {
                    for (int seconds : new int[] {8, 30, 60}) {
                        ScriptRequest r =
                                new ScriptRequest(
                                        niche,
                                        hook,
                                        Pacing.MEDIUM,
                                        seconds,
                                        Platform.TIKTOK,
                                        seconds * 31L + hook.ordinal(),
                                        l.tag());
                        Script s = gen.write(r);
                        String what = l.tag() + " " + niche + " " + hook + " " + seconds + " s";
                        String all = s.title() + " " + s.fullText();
                        assertThat(all).as(what).doesNotContain("{").doesNotContain("}");
                        assertThat(s.hashtags()).as(what).hasSizeGreaterThanOrEqualTo(3);
                        assertThat(s.scenes()).as(what).hasSizeGreaterThanOrEqualTo(2);
                        if (!niche.equals("gardening")) {
                            // An unknown niche's name is English; a known one is all the language.
                            assertThat(share(all, l)).as(what + ": " + all).isGreaterThan(0.85);
                            s.scenes()
                                    .forEach(
                                            sc ->
                                                    assertThat(share(sc.shownWord(), l))
                                                            .as(what + " label " + sc.shownWord())
                                                            .isGreaterThan(0.99));
                        }
                        if (l.spaceless()) {
                            s.scenes()
                                    .forEach(
                                            sc ->
                                                    assertThat(sc.text())
                                                            .as(what)
                                                            .doesNotContain(" "));
                        }
                        if (!l.isDefault() && seconds >= 30) {
                            int budget = r.wordBudget();
                            assertThat(s.wordCount())
                                    .as(what)
                                    .isBetween((int) (budget * 0.45), (int) (budget * 1.45));
                        }
                    }
                }
            }
        }
    }

    @Test
    void englishScriptsAreTheSameAsBefore() {
        ScriptRequest en =
                new ScriptRequest(
                        "fitness", HookStyle.QUESTION, Pacing.MEDIUM, 30, Platform.TIKTOK, 1);
        ScriptRequest tagged =
                new ScriptRequest(
                        "fitness",
                        HookStyle.QUESTION,
                        Pacing.MEDIUM,
                        30,
                        Platform.TIKTOK,
                        1,
                        "en-US");
        assertThat(gen.write(tagged)).isEqualTo(gen.write(en));
        assertThat(gen.write(en).scenes()).allSatisfy(sc -> assertThat(sc.label()).isNull());
    }

    /** The share of letters in the locale's script. */
    private static double share(String text, ContentLocale l) {
        long letters = text.codePoints().filter(Character::isLetter).count();
        long in =
                text.codePoints()
                        .filter(Character::isLetter)
                        .filter(
                                cp ->
                                        l.script() == Character.UnicodeScript.HAN
                                                ? ContentLocale.isCjk(cp)
                                                : Character.UnicodeScript.of(cp) == l.script())
                        .count();
        return letters == 0 ? 0 : (double) in / letters;
    }
}
