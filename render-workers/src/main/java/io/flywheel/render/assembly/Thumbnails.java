package io.flywheel.render.assembly;

import io.flywheel.render.media.FfmpegBinaries;
import io.flywheel.render.media.ProcessRunner;
import io.flywheel.render.text.TextPainter;
import io.flywheel.store.ThumbnailStyle;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import net.bramp.ffmpeg.builder.FFmpegBuilder;

/**
 * Thumbnails from frames of the video with the title drawn on: a 1280x720 and a 1080x1920, in up to
 * three variants for thumbnail tests, each of its own {@link #STYLES style} (the frame's position
 * in the video, the title as written or in capitals, the title's colour) and layout. The 16:9 one
 * puts the upright frame over a darkened, blurred copy of itself. Text is drawn with Java2D, never
 * in an ffmpeg filter.
 */
public final class Thumbnails {
    public record Thumbnail(
            int variant, ThumbnailStyle style, double frameS, int width, int height, Path file) {}

    /**
     * The default styles, variant n of {@code STYLES.get(n - 1)}: each differs in frame, text and
     * colour. A job that names a lead style reorders them ({@link #order}).
     */
    public static final List<ThumbnailStyle> STYLES =
            List.of(
                    new ThumbnailStyle("early", "title", "white"),
                    new ThumbnailStyle("middle", "caps", "yellow"),
                    new ThumbnailStyle("late", "title", "cyan"));

    /** Where in the video each frame position takes its frame, as a share of the duration. */
    static final Map<String, Double> FRAME_SHARE = Map.of("early", 0.2, "middle", 0.5, "late", 0.8);

    private static final Map<String, Color> COLOURS =
            Map.of(
                    "white", Color.WHITE,
                    "yellow", new Color(255, 214, 10),
                    "cyan", new Color(0, 229, 255));

    /**
     * The second variant {@code variant}'s frame is taken at in a video of {@code durationS}: its
     * position's share of the duration, after the title card (the first {@code skipS} seconds).
     */
    public static double frameTime(int variant, double durationS, double skipS) {
        return frameTime(STYLES.get(variant - 1), durationS, skipS);
    }

    /** The second a frame of {@code style}'s position is taken at (see {@link #frameTime}). */
    public static double frameTime(ThumbnailStyle style, double durationS, double skipS) {
        double share = FRAME_SHARE.get(style.framePosition());
        double t = Math.max(skipS, share * durationS);
        return Math.max(0, Math.min(t, durationS - 0.2));
    }

    /**
     * The variants' styles in order: {@code lead} first (the style a test shows first), then the
     * other {@link #STYLES} in their order; a lead not among them takes the place of the last.
     * Without a lead, {@link #STYLES}.
     */
    public static List<ThumbnailStyle> order(Optional<ThumbnailStyle> lead) {
        if (lead.isEmpty()) {
            return STYLES;
        }
        List<ThumbnailStyle> out = new ArrayList<>(List.of(lead.get()));
        for (ThumbnailStyle s : STYLES) {
            if (!s.equals(lead.get()) && out.size() < STYLES.size()) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    private final FfmpegBinaries bin;

    public Thumbnails(FfmpegBinaries bin) {
        this.bin = bin;
    }

    /**
     * Makes variants 1 to {@code variants} (at most three) of a video of {@code durationS} whose
     * first {@code skipS} seconds are its title card.
     */
    public List<Thumbnail> make(
            Path video, double durationS, double skipS, String title, int variants, Path dir)
            throws IOException {
        if (variants < 1 || variants > STYLES.size()) {
            throw new IllegalArgumentException(
                    "1 to " + STYLES.size() + " thumbnail variants, not " + variants);
        }
        return make(video, durationS, skipS, title, STYLES.subList(0, variants), dir);
    }

    /** Makes one variant per style, variant n of {@code styles.get(n - 1)}. */
    public List<Thumbnail> make(
            Path video,
            double durationS,
            double skipS,
            String title,
            List<ThumbnailStyle> styles,
            Path dir)
            throws IOException {
        if (styles.isEmpty() || styles.size() > STYLES.size()) {
            throw new IllegalArgumentException(
                    "1 to " + STYLES.size() + " thumbnail variants, not " + styles.size());
        }
        Files.createDirectories(dir);
        List<Thumbnail> out = new ArrayList<>();
        for (int v = 1; v <= styles.size(); v++) {
            ThumbnailStyle style = styles.get(v - 1);
            double t = frameTime(style, durationS, skipS);
            Path frameFile = dir.resolve("frame-" + v + ".png");
            // ffmpeg-cli-wrapper builds the arguments (-y -v error -ss T -i VIDEO -vframes 1 OUT);
            // our runner starts the process, with its deadline.
            List<String> cmd = new ArrayList<>(List.of(bin.ffmpeg().toString()));
            cmd.addAll(
                    new FFmpegBuilder()
                            .overrideOutputFiles(true)
                            .setStartOffset(Math.round(t * 1000), TimeUnit.MILLISECONDS)
                            .addInput(video.toString())
                            .addOutput(frameFile.toString())
                            .setFrames(1)
                            .done()
                            .build());
            ProcessRunner.check(cmd, Duration.ofSeconds(60));
            BufferedImage frame = ImageIO.read(frameFile.toFile());
            Files.deleteIfExists(frameFile);
            for (int[] size : new int[][] {{1280, 720}, {1080, 1920}}) {
                BufferedImage img = compose(frame, title, v, style, size[0], size[1]);
                Path f = dir.resolve(String.format("thumb-%dx%d-v%d.jpg", size[0], size[1], v));
                ImageIO.write(img, "jpg", f.toFile());
                out.add(new Thumbnail(v, style, t, size[0], size[1], f));
            }
        }
        return out;
    }

    static BufferedImage compose(
            BufferedImage frame, String title, int variant, ThumbnailStyle style, int w, int h) {
        String text = style.textStyle().equals("caps") ? title.toUpperCase(Locale.ROOT) : title;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        // Background: the frame covering the canvas, blurred by down- and up-scaling, darkened.
        double cover = Math.max((double) w / frame.getWidth(), (double) h / frame.getHeight());
        BufferedImage small =
                new BufferedImage(
                        Math.max(1, w / 16), Math.max(1, h / 16), BufferedImage.TYPE_INT_RGB);
        Graphics2D sg = small.createGraphics();
        sg.setRenderingHint(
                RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        int cw = (int) (frame.getWidth() * cover / 16);
        int ch = (int) (frame.getHeight() * cover / 16);
        sg.drawImage(
                frame, (small.getWidth() - cw) / 2, (small.getHeight() - ch) / 2, cw, ch, null);
        sg.dispose();
        g.drawImage(small, 0, 0, w, h, null);
        g.setColor(new Color(0, 0, 0, 110));
        g.fillRect(0, 0, w, h);
        // Foreground: the frame fitted into its box, beside the title when wide, above it when
        // tall.
        boolean wide = w > h;
        double boxW = wide ? w * 0.5 : w * 0.9;
        double boxH = wide ? h * 0.9 : h * 0.6;
        double fit = Math.min(boxW / frame.getWidth(), boxH / frame.getHeight());
        int fw = (int) (frame.getWidth() * fit);
        int fh = (int) (frame.getHeight() * fit);
        int fx = wide ? (variant == 2 ? w - fw - w / 20 : w / 20) : (w - fw) / 2;
        int fy = wide ? (h - fh) / 2 : (variant == 3 ? h / 20 : h - fh - h / 20);
        g.drawImage(frame, fx, fy, fw, fh, null);
        float size = Math.min(w, h) * (wide ? 0.1f : 0.085f);
        Font font = TextPainter.captionFont(size);
        float textW = wide ? w - fw - w * 0.15f : w * 0.88f;
        List<TextPainter.Line> lines =
                TextPainter.wrap(text, font, g.getFontRenderContext(), textW, 4);
        float th = TextPainter.height(lines);
        float cx =
                wide
                        ? (variant == 2 ? (w - fw - w / 20f) / 2 : fx + fw + (w - fx - fw) / 2f)
                        : w / 2f;
        float y = wide ? (h - th) / 2 : (variant == 3 ? h * 0.72f : h * 0.08f);
        if (!wide) {
            g.setPaint(
                    new GradientPaint(
                            0,
                            y - size,
                            new Color(0, 0, 0, 0),
                            0,
                            y + th / 2,
                            new Color(0, 0, 0, 170)));
            g.fillRect(0, (int) (y - size), w, (int) (th + 2 * size));
        }
        Color fill = COLOURS.get(style.colour());
        TextPainter.drawCentered(g, lines, cx, y, fill, Color.BLACK, size / 7);
        g.dispose();
        return img;
    }
}
