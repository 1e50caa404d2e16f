package io.flywheel.store;

import java.time.Instant;
import java.util.UUID;

/** A rendered video. Its renditions are in {@link RenditionRow}. */
public record Video(
        UUID videoId,
        UUID jobId,
        String title,
        long durationMs,
        Double loudnessLufs,
        String thumbnailUri,
        String captionsSrtUri,
        String captionsVttUri,
        long totalBytes,
        Instant renderedAt) {}
