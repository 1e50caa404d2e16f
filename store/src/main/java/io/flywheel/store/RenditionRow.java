package io.flywheel.store;

import java.util.UUID;

/** One MP4 of a video, at one frame size. */
public record RenditionRow(
        UUID videoId,
        String label,
        int width,
        int height,
        long durationMs,
        long bytes,
        String uri) {}
