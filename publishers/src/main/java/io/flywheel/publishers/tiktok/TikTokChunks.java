package io.flywheel.publishers.tiktok;

import io.flywheel.config.TikTokSettings;

/**
 * How a file is cut for TikTok's FILE_UPLOAD: chunks of {@code chunkSize} (5 MB to 64 MB), their
 * count the file size divided by the chunk size rounded down (at most 1,000), the last chunk taking
 * the trailing bytes; a file under 5 MB (or one chunk's size) goes whole, as one chunk.
 */
public record TikTokChunks(long total, long chunkSize, int count) {
    public static final int MAX_CHUNKS = 1000;

    public static TikTokChunks of(long total, int preferred) {
        if (total <= Math.max(preferred, TikTokSettings.MIN_CHUNK)) {
            return new TikTokChunks(total, total, 1);
        }
        long size = Math.max(preferred, TikTokSettings.MIN_CHUNK);
        // A file too big for 1,000 chunks of the preferred size takes larger chunks.
        size = Math.max(size, (total + MAX_CHUNKS - 1) / MAX_CHUNKS);
        if (size > TikTokSettings.MAX_CHUNK) {
            throw new IllegalArgumentException(
                    "a file of " + total + " bytes needs more than 1,000 chunks of 64 MB");
        }
        return new TikTokChunks(total, size, (int) (total / size));
    }

    /** Where chunk {@code i} starts. */
    public long start(int i) {
        return i * chunkSize;
    }

    /** Where chunk {@code i} ends (exclusive); the last ends at the file's end. */
    public long end(int i) {
        return i == count - 1 ? total : (i + 1) * chunkSize;
    }

    /** The chunk that starts at or contains byte {@code offset}, for resuming. */
    public int chunkAt(long offset) {
        return (int) Math.min(count - 1, offset / chunkSize);
    }
}
