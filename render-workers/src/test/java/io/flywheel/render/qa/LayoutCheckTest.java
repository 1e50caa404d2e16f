package io.flywheel.render.qa;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.render.captions.CaptionOverlays;
import io.flywheel.render.captions.SafeArea;
import io.flywheel.render.narration.Narration;
import io.flywheel.render.script.Script;
import io.flywheel.render.visuals.TextBoxes;
import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.VisualStyle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayoutCheckTest {
    @TempDir Path dir;

    static final SafeArea TIKTOK = SafeArea.of(Platform.TIKTOK, 1080, 1920);

    @Test
    void textBoxesOnScreenTogetherMustNotOverlap() {
        LayoutCheck.Box title =
                LayoutCheck.Box.text("title", new float[] {100, 250, 700, 300}, 0, 3);
        LayoutCheck.Box caption =
                LayoutCheck.Box.text("caption", new float[] {100, 500, 700, 200}, 2, 4);

        assertThat(LayoutCheck.problems(List.of(title, caption), TIKTOK, 1080, 1920))
                .containsExactly(
                        "title [x 100-800, y 250-550] overlaps caption [x 100-800, y 500-700]"
                                + " between 2.00 s and 3.00 s");
        // The same boxes one after the other are fine.
        LayoutCheck.Box later =
                LayoutCheck.Box.text("caption", new float[] {100, 500, 700, 200}, 3, 4);
        assertThat(LayoutCheck.problems(List.of(title, later), TIKTOK, 1080, 1920)).isEmpty();
    }

    @Test
    void textMustStayInsideThePlatformsSafeArea() {
        // TikTok's safe area of a 1080x1920 frame: x 64-928, y 192-1497 (its buttons on the right,
        // its caption and music rows at the bottom).
        assertThat(TIKTOK.x0(1080)).isEqualTo(64);
        assertThat(TIKTOK.x1(1080)).isEqualTo(928);
        assertThat(TIKTOK.y0(1920)).isEqualTo(192);
        assertThat(TIKTOK.y1(1920)).isEqualTo(1497);
        LayoutCheck.Box underButtons =
                LayoutCheck.Box.text("caption", new float[] {300, 1200, 700, 150}, 0, 2);
        LayoutCheck.Box inside =
                LayoutCheck.Box.text("label", new float[] {300, 900, 600, 150}, 0, 2);

        assertThat(LayoutCheck.problems(List.of(underButtons, inside), TIKTOK, 1080, 1920))
                .containsExactly(
                        "caption [x 300-1000, y 1200-1350] leaves the safe area"
                                + " [x 64-928, y 192-1497]");
    }

    @Test
    void textMustNotCoverAnIconButIconsMayTouchEachOther() {
        LayoutCheck.Box title =
                LayoutCheck.Box.text("title", new float[] {64, 192, 860, 400}, 0, 3);
        LayoutCheck.Box icon =
                LayoutCheck.Box.keepClear("scene 1 icon", new float[] {300, 500, 400, 400}, 0, 2);
        LayoutCheck.Box otherIcon =
                LayoutCheck.Box.keepClear("scene 2 icon", new float[] {350, 550, 400, 400}, 1.5, 4);

        assertThat(LayoutCheck.problems(List.of(title, icon, otherIcon), TIKTOK, 1080, 1920))
                .hasSize(2)
                .allMatch(p -> p.startsWith("title ") && p.contains(" icon [x "));
    }

    @Test
    void theRenderersLayoutPassesOnEveryPlatformAndShape() {
        String longTitle = "The seven money rules nobody told you about before you turned twenty";
        Narration n =
                new Narration(
                        "n.wav",
                        12_000,
                        List.of(
                                phrase(
                                        0,
                                        "Stop wasting your paycheck on things you forget about",
                                        0,
                                        4_000),
                                phrase(
                                        1,
                                        "Automate a transfer to savings the day you get paid",
                                        4_000,
                                        8_000),
                                phrase(
                                        2,
                                        "Extraordinarily uncomfortable conversations pay off",
                                        8_000,
                                        12_000)));
        List<TextBoxes.ScenePicture> pictures =
                List.of(
                        new TextBoxes.ScenePicture(scene("paycheck"), "procedural", 0, 4),
                        new TextBoxes.ScenePicture(scene("savings"), "procedural", 4, 8),
                        new TextBoxes.ScenePicture(scene("conversations"), "procedural", 8, 12));
        List<String> all = new ArrayList<>();
        for (Platform p :
                List.of(Platform.TIKTOK, Platform.INSTAGRAM_REELS, Platform.YOUTUBE_SHORTS)) {
            for (int[] size : new int[][] {{1080, 1920}, {360, 640}, {1080, 1080}, {1920, 1080}}) {
                for (String title :
                        List.of(
                                longTitle,
                                // Drawn partly by fallback fonts: its lines can be wider than
                                // the width they were wrapped to.
                                "'; DROP TABLE videos; -- \"x\" %{pts} [0:v] \\ 🎬 日本語")) {
                    for (VisualStyle style : List.of(VisualStyle.BOLD, VisualStyle.GRADIENT)) {
                        List<LayoutCheck.Box> boxes =
                                TextBoxes.of(
                                        title,
                                        3.0,
                                        n,
                                        CaptionStyle.WORD_HIGHLIGHT,
                                        pictures,
                                        style,
                                        p,
                                        size[0],
                                        size[1]);
                        assertThat(boxes).hasSize(1 + 3 + 6);
                        LayoutCheck.problems(
                                        boxes, SafeArea.of(p, size[0], size[1]), size[0], size[1])
                                .forEach(
                                        x ->
                                                all.add(
                                                        p + " " + size[0] + "x" + size[1] + " "
                                                                + style + ": " + x));
                    }
                }
            }
        }
        assertThat(all).isEmpty();
    }

    @Test
    void theBoxesContainEveryPixelTheTitleAndCaptionsDraw() throws Exception {
        for (int[] size : new int[][] {{1080, 1920}, {1920, 1080}}) {
            Path title = dir.resolve("title.png");
            String text = "Three money rules I wish I knew at twenty — Привет 你好";
            int[] rect = CaptionOverlays.writeTitle(text, Platform.TIKTOK, size[0], size[1], title);
            float[] box =
                    CaptionOverlays.titleLayout(text, Platform.TIKTOK, size[0], size[1]).textBox();
            assertInside(ImageIO.read(title.toFile()), rect[0], rect[1], box);

            Narration n =
                    new Narration(
                            "n.wav",
                            2_000,
                            List.of(
                                    phrase(
                                            0,
                                            "Save a little every single week, then watch it grow",
                                            0,
                                            2_000)));
            CaptionOverlays.Track t =
                    CaptionOverlays.write(
                            n,
                            CaptionStyle.SENTENCE,
                            Platform.TIKTOK,
                            size[0],
                            size[1],
                            2.0,
                            dir.resolve("c" + size[0]));
            BufferedImage cap =
                    ImageIO.read(t.concatFile().resolveSibling("cap-00001.png").toFile());
            float[] capBox =
                    CaptionOverlays.captionBox(
                            n.phrases().get(0).text(), Platform.TIKTOK, size[0], size[1]);
            assertInside(cap, t.x(), t.y(), capBox);
        }
    }

    /** Every visible pixel of an overlay placed at (x, y) lies in the box, and the box is tight. */
    private static void assertInside(BufferedImage img, int x, int y, float[] box) {
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        for (int j = 0; j < img.getHeight(); j++) {
            for (int i = 0; i < img.getWidth(); i++) {
                if ((img.getRGB(i, j) >>> 24) > 8) {
                    minX = Math.min(minX, i + x);
                    maxX = Math.max(maxX, i + x);
                    minY = Math.min(minY, j + y);
                    maxY = Math.max(maxY, j + y);
                }
            }
        }
        assertThat(maxX).isGreaterThan(0);
        assertThat(minX).isGreaterThanOrEqualTo((int) Math.floor(box[0]) - 1);
        assertThat(minY).isGreaterThanOrEqualTo((int) Math.floor(box[1]) - 1);
        assertThat(maxX).isLessThanOrEqualTo((int) Math.ceil(box[0] + box[2]) + 1);
        assertThat(maxY).isLessThanOrEqualTo((int) Math.ceil(box[1] + box[3]) + 1);
        // Tight: the drawing reaches within a few pixels of each side of the box.
        float slack = Math.max(6, box[3] * 0.15f);
        assertThat(maxX - minX).isGreaterThan((int) (box[2] - 2 * slack));
        assertThat(maxY - minY).isGreaterThan((int) (box[3] - 2 * slack));
    }

    private static Narration.TimedPhrase phrase(int scene, String text, long from, long to) {
        List<Narration.TimedWord> words = new ArrayList<>();
        String[] ws = text.split(" ");
        long step = (to - from) / ws.length;
        for (int i = 0; i < ws.length; i++) {
            words.add(new Narration.TimedWord(ws[i], from + i * step, from + (i + 1) * step));
        }
        return new Narration.TimedPhrase(scene, text, from, to, words);
    }

    private static Script.Scene scene(String keyword) {
        return new Script.Scene("About " + keyword + ".", List.of(keyword, "money"), "calm");
    }
}
