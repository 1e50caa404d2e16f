package io.flywheel.render;

import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.store.ThumbnailStyle;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One video to make.
 *
 * @param title a title to use instead of a generated one (user text)
 * @param script a script to narrate instead of a generated one (user text; paragraphs are scenes)
 * @param preview low resolution and the fastest encoder, for trying parameters
 * @param locale the language to make it in (e.g. {@code es-ES}, from a {@code flywheel render}
 *     file's {@code "locale"}); empty: its arm's ({@code video_locale})
 * @param thumbnailStyle the thumbnail style to make variant 1 (the one shown first); empty: the
 *     default order ({@code Thumbnails.STYLES})
 */
public record RenderJob(
        String jobId,
        String traceId,
        ContentParameters parameters,
        Optional<String> title,
        Optional<String> script,
        List<RenditionSpec> renditions,
        boolean preview,
        Optional<String> locale,
        Optional<ThumbnailStyle> thumbnailStyle) {

    /** A job with the default thumbnail order. */
    public RenderJob(
            String jobId,
            String traceId,
            ContentParameters parameters,
            Optional<String> title,
            Optional<String> script,
            List<RenditionSpec> renditions,
            boolean preview,
            Optional<String> locale) {
        this(
                jobId,
                traceId,
                parameters,
                title,
                script,
                renditions,
                preview,
                locale,
                Optional.empty());
    }

    /** A job in its arm's locale. */
    public RenderJob(
            String jobId,
            String traceId,
            ContentParameters parameters,
            Optional<String> title,
            Optional<String> script,
            List<RenditionSpec> renditions,
            boolean preview) {
        this(jobId, traceId, parameters, title, script, renditions, preview, Optional.empty());
    }

    public RenderJob {
        UUID.fromString(jobId); // The job id names directories: it must be a UUID.
        if (!jobId.equals(UUID.fromString(jobId).toString())) {
            throw new IllegalArgumentException("job id must be a canonical UUID: " + jobId);
        }
        locale.ifPresent(io.flywheel.render.locale.ContentLocale::of); // supported, or an error
    }

    /**
     * The job an event asks for; a thumbnail style it names that is not a known style is an error
     * that says which are.
     */
    public static RenderJob of(ContentRequested e) {
        return new RenderJob(
                e.getJobId(),
                Envelopes.of(e).getTraceId(),
                e.getParameters(),
                Optional.ofNullable(e.getTitle()),
                Optional.empty(),
                List.copyOf(e.getRenditions()),
                false,
                Optional.empty(),
                Optional.ofNullable(e.getThumbnailStyle()).map(ThumbnailStyle::of));
    }

    /** The video's id: derived from the job id, so a re-run of the job names the same video. */
    public String videoId() {
        return UUID.nameUUIDFromBytes(
                        ("video:" + jobId).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
    }

    /**
     * The renditions asked for, or the platform's default (9:16 1080x1920); previews at 360 wide.
     */
    public List<RenditionSpec> effectiveRenditions() {
        List<RenditionSpec> specs =
                renditions.isEmpty()
                        ? List.of(new RenditionSpec("1080x1920", 1080, 1920))
                        : renditions;
        if (!preview) {
            return specs;
        }
        return specs.stream()
                .map(
                        s -> {
                            double k = 360.0 / Math.min(s.getWidth(), s.getHeight());
                            int w = ((int) Math.round(s.getWidth() * k)) & ~1;
                            int h = ((int) Math.round(s.getHeight() * k)) & ~1;
                            return new RenditionSpec(s.getLabel() + "-preview", w, h);
                        })
                .toList();
    }

    /** The longest video the platform accepts, in seconds. */
    public static int platformLimitS(Platform p) {
        return switch (p) {
            case TIKTOK -> 600;
            default -> 180;
        };
    }
}
