package io.flywheel.render;

import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.Rendition;
import io.flywheel.schemas.VideoRendered;
import io.flywheel.store.AssetEvidence;
import io.flywheel.store.ThumbnailVariant;
import java.util.List;

/**
 * What a finished job produced; URIs are relative to the media root. {@code thumbnailVariants} are
 * the thumbnail test's variants (their styles and files). {@code moderationFlags} are the
 * borderline findings of moderation (the publisher holds such a video for review). {@code hashtags}
 * go out with the post, in the video's language, each with its '#' (as in {@code
 * post.<locale>.json}).
 */
public record RenderResult(
        String jobId,
        String videoId,
        String title,
        long durationMs,
        double loudnessLufs,
        List<Output> renditions,
        String thumbnailUri,
        List<String> thumbnailUris,
        List<ThumbnailVariant> thumbnailVariants,
        String captionsSrtUri,
        String captionsVttUri,
        boolean aiDisclosure,
        List<String> moderationFlags,
        List<AssetEvidence> evidence,
        List<String> hashtags) {

    public RenderResult {
        // A checkpoint written before hashtags were carried has none.
        hashtags = hashtags == null ? List.of() : List.copyOf(hashtags);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        thumbnailVariants = thumbnailVariants == null ? List.of() : List.copyOf(thumbnailVariants);
    }

    public record Output(
            String label, int width, int height, long durationMs, long bytes, String uri) {}

    public long totalBytes() {
        return renditions.stream().mapToLong(Output::bytes).sum();
    }

    public VideoRendered toEvent(String producer, String traceId, long now) {
        return VideoRendered.newBuilder()
                .setEnvelope(Envelopes.create(VideoRendered.class, producer, traceId, now))
                .setJobId(jobId)
                .setVideoId(videoId)
                .setTitle(title)
                .setHashtags(hashtags)
                .setDurationMs(durationMs)
                .setLoudnessLufs(Double.isFinite(loudnessLufs) ? loudnessLufs : null)
                .setRenditions(
                        renditions.stream()
                                .map(
                                        o ->
                                                new Rendition(
                                                        o.label(),
                                                        o.width(),
                                                        o.height(),
                                                        o.durationMs(),
                                                        o.bytes(),
                                                        o.uri()))
                                .toList())
                .setThumbnailUri(thumbnailUri)
                .setCaptionsSrtUri(captionsSrtUri)
                .setCaptionsVttUri(captionsVttUri)
                .setTotalBytes(totalBytes())
                // A checkpoint written before the flags existed has none.
                .setModerationFlags(moderationFlags == null ? List.of() : moderationFlags)
                .build();
    }
}
