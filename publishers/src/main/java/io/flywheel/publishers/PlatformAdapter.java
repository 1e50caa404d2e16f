package io.flywheel.publishers;

import io.flywheel.schemas.Platform;
import java.nio.file.Path;
import java.util.List;

/**
 * A platform the publisher uploads to: the local sandbox or a real one (YouTube). {@link
 * PublishService} claims the (video, platform) publication row before calling {@link #upload}, and
 * an adapter must make a repeated upload of the same video land on the same platform video, never a
 * second copy.
 */
public interface PlatformAdapter {
    /**
     * Whether this platform takes the videos of a simulated channel history ({@link
     * io.flywheel.store.ContentJobStore#SIMULATED_HISTORY_POLICY}): never rendered, made of no
     * assets, so they carry no licence evidence. Only a simulation (the sandbox) takes them; a real
     * platform refuses them.
     */
    default boolean publishesSimulatedHistory() {
        return false;
    }

    /** What a platform accepts. */
    record Limits(int maxDurationS, int dailyUploads) {}

    /**
     * One video to upload.
     *
     * @param videoId our video id (UUID), the idempotency key together with the platform
     * @param file the rendition to upload, inside the media directory
     * @param postingHour the UTC hour the video should go live
     * @param now the current time (simulated for the sandbox, real for real platforms)
     */
    record UploadRequest(
            String videoId,
            Platform platform,
            Path file,
            long durationMs,
            String title,
            String description,
            List<String> tags,
            int postingHour,
            long now) {}

    /** An accepted upload: its id on the platform and when it goes live. */
    record Upload(String platformVideoId, long publishedAt, String url) {}

    /**
     * The platform refused the upload. With {@code retryAt} set it is deferred (a quota is used up)
     * and may be tried again then; without, the refusal is final (too long, not supported).
     */
    final class Refused extends Exception {
        private final Long retryAt;

        public Refused(String message, Long retryAt) {
            super(message);
            this.retryAt = retryAt;
        }

        public Long retryAt() {
            return retryAt;
        }
    }

    /** Today's quota of one platform, in the adapter's units (uploads or API units). */
    record Quota(long used, long limit) {
        public long left() {
            return Math.max(0, limit - used);
        }
    }

    /**
     * The quota of the day {@code now} falls in, for the metrics; empty when this adapter cannot
     * publish there.
     */
    default java.util.Optional<Quota> quota(Platform platform, long now) {
        return java.util.Optional.empty();
    }

    /** {@code sandbox}, {@code youtube}: the name {@code publish.adapter} selects. */
    String name();

    /** The limits for {@code platform}, or null if this adapter cannot publish there. */
    Limits limits(Platform platform);

    /**
     * Uploads (or finds the earlier upload of) one video.
     *
     * @throws Refused if the platform refuses or defers it
     */
    Upload upload(UploadRequest request) throws Refused, Exception;
}
