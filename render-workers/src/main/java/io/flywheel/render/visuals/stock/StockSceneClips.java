package io.flywheel.render.visuals.stock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.render.evidence.Provenance;
import io.flywheel.render.media.FfmpegBinaries;
import io.flywheel.render.media.MediaProbe;
import io.flywheel.render.media.ProcessRunner;
import io.flywheel.render.pipeline.ProviderException;
import io.flywheel.render.pipeline.StageRunner;
import io.flywheel.render.script.Script;
import io.flywheel.render.visuals.KenBurns;
import io.flywheel.render.visuals.SceneImages;
import io.flywheel.schemas.VisualStyle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Scene backgrounds from a stock video library: the scene's keywords are searched (all of the first
 * three, then the first alone), the file closest to the frame is chosen ({@link #choose}),
 * downloaded once into {@code <data dir>/cache/stock-video/<provider>-<id>-<w>x<h>.mp4} (at most
 * {@code maxBytes}, within {@code deadline}, checked by ffprobe before it is kept), and its video
 * stream, without audio and at most {@link #MAX_CLIP_SECONDS} long, copied into the job as {@code
 * scene-<n>.mp4} beside where the picture would be. The assembler loops or trims it to the scene's
 * length and scales and crops it to the frame. Who made it, its id, its page and its licence are
 * kept beside it ({@code scene-<n>.mp4.stock.json}) and recorded as its evidence.
 */
public final class StockSceneClips implements SceneImages {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The longest part of a clip kept in the job: a scene lasts seconds, and a clip loops. */
    static final int MAX_CLIP_SECONDS = 30;

    /** Ids become file names: the libraries' ids are numbers. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private static final Duration FFMPEG_DEADLINE = Duration.ofMinutes(2);

    /** What is kept beside a clip in the job. */
    record Kept(
            String provider,
            String version,
            String licence,
            String licenceName,
            StockClip clip,
            StockClip.File file) {}

    /** A video and the file of it to download. */
    record Choice(StockClip clip, StockClip.File file) {}

    private final ClipLibrary library;
    private final FfmpegBinaries ffmpeg;
    private final Path cacheDir;
    private final long maxBytes;
    private final Duration deadline;

    public StockSceneClips(
            ClipLibrary library,
            FfmpegBinaries ffmpeg,
            Path cacheDir,
            long maxBytes,
            Duration deadline) {
        this.library = library;
        this.ffmpeg = ffmpeg;
        this.cacheDir = cacheDir.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
        this.deadline = deadline;
    }

    @Override
    public String provider() {
        return library.terms().provider();
    }

    /**
     * Writes the scene's clip beside {@code out} (the picture's path, {@code .jpg}) and returns its
     * path; {@code width x height} is the picture's size, the frame's enlarged by the pan margin.
     */
    @Override
    public StageRunner.Costed<Path> render(
            Script.Scene scene, int index, VisualStyle style, int width, int height, Path out)
            throws Exception {
        int w = (int) Math.round(width / KenBurns.MARGIN);
        int h = (int) Math.round(height / KenBurns.MARGIN);
        List<StockClip> found =
                KeywordSearch.find(scene, provider(), "video", q -> library.search(q, w, h));
        Choice c =
                choose(found, w, h, maxBytes)
                        .orElseThrow(
                                () ->
                                        new ProviderException(
                                                "no_match",
                                                provider()
                                                        + " has no MP4 file of at most "
                                                        + maxBytes
                                                        + " bytes for "
                                                        + scene.keywords(),
                                                false));
        Path source = cached(c);
        Path clip = clipPath(out);
        try {
            ffmpeg(
                    "-y",
                    "-i",
                    source.toString(),
                    "-map",
                    "0:v:0",
                    "-an",
                    "-c",
                    "copy",
                    "-t",
                    Integer.toString(MAX_CLIP_SECONDS),
                    "-movflags",
                    "+faststart",
                    clip.toString());
            // One decoded frame proves the assembler can read it.
            ffmpeg("-i", clip.toString(), "-map", "0:v:0", "-frames:v", "1", "-f", "null", "-");
        } catch (IllegalStateException | ProcessRunner.ProcessTimeoutException e) {
            Files.deleteIfExists(clip);
            throw new ProviderException(
                    "bad_video",
                    provider() + " video " + c.clip().id() + " cannot be decoded",
                    false,
                    e);
        }
        JSON.writeValue(
                sidecar(clip).toFile(),
                new Kept(
                        provider(),
                        library.terms().version(),
                        library.terms().licence(),
                        library.terms().licenceName(),
                        c.clip(),
                        c.file()));
        return StageRunner.Costed.free(clip);
    }

    /** Runs ffmpeg quietly with these arguments (paths we made, numbers, ffmpeg's own words). */
    private void ffmpeg(String... args) {
        List<String> cmd =
                new ArrayList<>(List.of(ffmpeg.ffmpeg().toString(), "-hide_banner", "-v", "error"));
        cmd.addAll(List.of(args));
        ProcessRunner.check(cmd, FFMPEG_DEADLINE);
    }

    /** The clip of a scene whose picture would be {@code picture}: the same name, in MP4. */
    static Path clipPath(Path picture) {
        String name = picture.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return picture.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".mp4");
    }

    /**
     * The downloaded file of a choice: from the cache, else downloaded and kept there once ffprobe
     * finds a video stream in it.
     */
    Path cached(Choice c) throws IOException, InterruptedException {
        if (!SAFE_ID.matcher(c.clip().id()).matches()) {
            throw new ProviderException(
                    "bad_response", provider() + " answered a video id that is not a name", false);
        }
        Path target =
                cacheDir.resolve(
                                provider()
                                        + "-"
                                        + c.clip().id()
                                        + "-"
                                        + c.file().width()
                                        + "x"
                                        + c.file().height()
                                        + ".mp4")
                        .normalize();
        if (!target.startsWith(cacheDir)) {
            throw new ProviderException("bad_response", "a cache path left the cache", false);
        }
        if (Files.isRegularFile(target)) {
            return target;
        }
        Files.createDirectories(cacheDir);
        Path fresh = cacheDir.resolve(UUID.randomUUID() + ".download");
        try {
            library.download(c.file(), fresh, maxBytes, deadline);
            MediaProbe.Info info;
            try {
                info = new MediaProbe(ffmpeg).probe(fresh);
            } catch (IllegalStateException e) {
                throw new ProviderException(
                        "bad_video",
                        provider() + " video " + c.clip().id() + " is not a readable video",
                        false,
                        e);
            }
            if (!info.hasVideo() || info.width() <= 0 || !(info.durationS() > 0)) {
                throw new ProviderException(
                        "bad_video",
                        provider() + " video " + c.clip().id() + " has no video stream",
                        false);
            }
            Files.move(fresh, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } finally {
            Files.deleteIfExists(fresh);
        }
    }

    /**
     * The file to use, for a frame of {@code w x h}: a file of the frame's orientation (portrait,
     * landscape or square) over one of another; of those, the smallest that is at least the frame's
     * size, else the largest (it is scaled up). A video offering such a file is taken over a later
     * one (the libraries answer best first); files over {@code maxBytes} are left out.
     */
    static Optional<Choice> choose(List<StockClip> clips, int w, int h, long maxBytes) {
        Choice best = null;
        int bestTier = -1;
        Comparator<StockClip.File> bySize =
                Comparator.comparingLong((StockClip.File f) -> (long) f.width() * f.height())
                        .thenComparingLong(StockClip.File::bytes);
        for (StockClip clip : clips) {
            List<StockClip.File> files =
                    clip.files().stream().filter(f -> f.bytes() <= maxBytes).toList();
            if (files.isEmpty()) {
                continue;
            }
            List<StockClip.File> same =
                    files.stream()
                            .filter(
                                    f ->
                                            Integer.signum(f.width() - f.height())
                                                    == Integer.signum(w - h))
                            .toList();
            List<StockClip.File> pool = same.isEmpty() ? files : same;
            List<StockClip.File> covering =
                    pool.stream().filter(f -> f.width() >= w && f.height() >= h).toList();
            StockClip.File file =
                    covering.isEmpty()
                            ? pool.stream().max(bySize).orElseThrow()
                            : covering.stream().min(bySize).orElseThrow();
            int tier = (same.isEmpty() ? 0 : 2) + (covering.isEmpty() ? 0 : 1);
            if (tier > bestTier) {
                best = new Choice(clip, file);
                bestTier = tier;
            }
        }
        return Optional.ofNullable(best);
    }

    @Override
    public Attribution attribution(Script.Scene scene, VisualStyle style, Path made)
            throws IOException {
        Path f = sidecar(made);
        if (!Files.isRegularFile(f)) {
            return new Attribution(Provenance.undeclared(provider()), "no record of the video");
        }
        Kept k = JSON.readValue(f.toFile(), Kept.class);
        StockClip c = k.clip();
        return new Attribution(
                new Provenance(k.provider(), k.version(), k.licence()),
                String.format(
                        "%s video %s by %s%s, %s, %s (file %dx%d)",
                        k.provider().replace("-video", ""),
                        c.id(),
                        c.author().isBlank() ? "an unnamed author" : c.author(),
                        c.authorUrl().isBlank() ? "" : " (" + c.authorUrl() + ")",
                        c.pageUrl(),
                        k.licenceName(),
                        k.file().width(),
                        k.file().height()));
    }

    static Path sidecar(Path clip) {
        return StockSceneImages.sidecar(clip);
    }
}
