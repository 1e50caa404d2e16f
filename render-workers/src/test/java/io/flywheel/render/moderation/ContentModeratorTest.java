package io.flywheel.render.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.render.script.Script;
import io.flywheel.schemas.Platform;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentModeratorTest {
    final ContentModerator m = new ContentModerator();

    static Script script(String text) {
        return new Script("Title", List.of(new Script.Scene(text, List.of("x"), "calm")), true);
    }

    @Test
    void cleanAndHostilePunctuationPassWithTheDisclosureFlag() {
        ContentModerator.Verdict v =
                m.check(
                        script("Quotes \" ' : ; , [x] {y} \\ %{n} $(rm -rf /) Привет 你好 🔥"),
                        Platform.TIKTOK);
        assertThat(v.passed()).isTrue();
        assertThat(v.aiDisclosure()).isTrue();
    }

    @Test
    void blocklistPiiAndPolicyAreRejectedWithReasons() {
        assertThat(m.check(script("Just KYS already"), Platform.TIKTOK).reasons())
                .anyMatch(r -> r.contains("blocklisted"));
        assertThat(m.check(script("Mail me at jane.doe@example.com"), Platform.TIKTOK).reasons())
                .contains("personal data: e-mail address");
        assertThat(m.check(script("Call 555-123-4567 today"), Platform.TIKTOK).reasons())
                .contains("personal data: phone number");
        assertThat(m.check(script("Card 4111 1111 1111 1111 works"), Platform.TIKTOK).reasons())
                .contains("personal data: payment card number");
        assertThat(m.check(script("SSN 123-45-6789"), Platform.TIKTOK).reasons())
                .contains("personal data: social security number");
        assertThat(
                        m.check(
                                        script("This fund has GUARANTEED returns!"),
                                        Platform.YOUTUBE_SHORTS)
                                .reasons())
                .anyMatch(r -> r.contains("guaranteed returns"));
        assertThat(m.check(script("link in bio for free money"), Platform.TIKTOK).passed())
                .isFalse();
        assertThat(m.check(script("link in bio for free money"), Platform.YOUTUBE_SHORTS).passed())
                .isTrue();
    }

    @Test
    void borderlinePhrasesPassButAreFlaggedForReview() {
        ContentModerator.Verdict v =
                m.check(script("This is not financial advice, but index funds."), Platform.TIKTOK);
        assertThat(v.passed()).isTrue();
        assertThat(v.reasons()).isEmpty();
        assertThat(v.borderline()).containsExactly("borderline phrase: not financial advice");
        assertThat(m.check(script("Save 20 percent every month."), Platform.TIKTOK).borderline())
                .isEmpty();
    }

    @Test
    void numbersThatAreNotCardsOrPhonesPass() {
        assertThat(
                        m.check(
                                        script("Save 20 percent of 3000 dollars in 12 months."),
                                        Platform.TIKTOK)
                                .passed())
                .isTrue();
        assertThat(ContentModerator.luhn("4111111111111111")).isTrue();
        assertThat(ContentModerator.luhn("4111111111111112")).isFalse();
    }
}
