package io.flywheel.publishers.instagram;

import io.flywheel.config.InstagramSettings;
import io.flywheel.publishers.PlatformAdapter;
import io.flywheel.publishers.UploadSessions;
import io.flywheel.schemas.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes Reels through the Instagram Graph API: a REELS container from a signed, expiring {@code
 * video_url} to the file, its {@code status_code} polled from IN_PROGRESS to FINISHED, then {@code
 * media_publish}. The container id is saved on the publication row as soon as Instagram answers,
 * and the published media id before the publication is marked, so a retry or a restarted publisher
 * reuses that container and never publishes the video twice. The publishing limit is read at run
 * time from {@code content_publishing_limit} (not hard-coded); when it is reached, or the Graph API
 * asks to slow down, the publication is deferred, never failed.
 */
public final class InstagramReelsPlatform implements PlatformAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(InstagramReelsPlatform.class);
    private static final String PLATFORM = Platform.INSTAGRAM_REELS.name();
    private static final long MINUTE = Duration.ofMinutes(1).toMillis();

    private final InstagramClient client;
    private final UploadSessions sessions;
    private final SignedMediaLinks links;
    private final Path mediaRoot;
    private final InstagramSettings settings;

    public InstagramReelsPlatform(
            InstagramClient client,
            UploadSessions sessions,
            SignedMediaLinks links,
            Path mediaRoot,
            InstagramSettings settings) {
        this.client = client;
        this.sessions = sessions;
        this.links = links;
        this.mediaRoot = mediaRoot.toAbsolutePath().normalize();
        this.settings = settings;
    }

    @Override
    public String name() {
        return "instagram";
    }

    @Override
    public Limits limits(Platform platform) {
        // The daily cap is read from content_publishing_limit before each publication.
        return platform == Platform.INSTAGRAM_REELS
                ? new Limits(settings.maxDurationS(), Integer.MAX_VALUE)
                : null;
    }

    @Override
    public Upload upload(UploadRequest r) throws Refused, Exception {
        if (r.platform() != Platform.INSTAGRAM_REELS) {
            throw new Refused(
                    "the instagram adapter publishes INSTAGRAM_REELS only, not " + r.platform(),
                    null);
        }
        if (r.durationMs() > settings.maxDurationS() * 1000L) {
            throw new Refused(
                    "INSTAGRAM_REELS accepts videos up to " + settings.maxDurationS() + " s here",
                    null);
        }
        Path file = r.file().toAbsolutePath().normalize();
        if (!Files.isRegularFile(file) || !file.startsWith(mediaRoot)) {
            throw new Refused("no file to publish at " + r.file().getFileName(), null);
        }
        UUID videoId = UUID.fromString(r.videoId());
        try {
            Optional<String> media = sessions.mediaId(videoId, PLATFORM);
            if (media.isPresent()) {
                LOG.info("video {}: already published as {}", r.videoId(), media.get());
                return accepted(r, media.get());
            }
            Optional<String> container = sessions.uploadId(videoId, PLATFORM);
            if (container.isEmpty()) {
                belowLimit(r);
                String rel = mediaRoot.relativize(file).toString().replace('\\', '/');
                String id = client.createReel(links.link(rel, r.now()), caption(r));
                if (id.isEmpty()) {
                    throw new Refused("Instagram created no container", null);
                }
                sessions.startedUpload(videoId, PLATFORM, id, null, Files.size(file));
                LOG.info("video {}: Reels container {} created", r.videoId(), id);
                container = Optional.of(id);
            } else {
                LOG.info("video {}: reusing Reels container {}", r.videoId(), container.get());
            }
            return awaitAndPublish(r, videoId, container.get());
        } catch (InstagramApiException e) {
            if (e.credentials()) {
                throw e; // stops the publisher: nothing can succeed without a valid token
            }
            if (e.rateLimited()) {
                throw deferred(
                        r,
                        settings.limitRetryMinutes() * MINUTE,
                        "the Graph API asked to slow down: " + e.getMessage());
            }
            throw new Refused("Instagram refused the Reel: " + e.getMessage(), null);
        } catch (IOException interrupted) {
            // The container (if any) is saved: the next attempt asks its status.
            throw deferred(
                    r,
                    MINUTE,
                    "the Graph API could not be reached (" + interrupted.getMessage() + ")");
        }
    }

    private Upload awaitAndPublish(UploadRequest r, UUID videoId, String container)
            throws Exception {
        for (int poll = 0; poll < settings.statusPolls(); poll++) {
            if (poll > 0) {
                Thread.sleep(settings.statusPollSeconds() * 1000L);
            }
            String status = client.containerStatus(container);
            switch (status) {
                case "FINISHED" -> {
                    belowLimit(r);
                    String media = client.publish(container);
                    if (media.isEmpty()) {
                        throw new Refused("Instagram published no media id", null);
                    }
                    sessions.published(videoId, PLATFORM, media);
                    LOG.info("video {}: Reel {} published", r.videoId(), media);
                    return accepted(r, media);
                }
                case "PUBLISHED" ->
                        throw new Refused(
                                "Reels container "
                                        + container
                                        + " is already published but its media id was not"
                                        + " recorded; not publishing it again",
                                null);
                case "EXPIRED" -> {
                    sessions.forgetUpload(videoId, PLATFORM);
                    throw deferred(
                            r,
                            MINUTE,
                            "Reels container " + container + " expired; a new one is made");
                }
                case "ERROR" -> {
                    sessions.forgetUpload(videoId, PLATFORM);
                    throw new Refused(
                            "Instagram could not process the video (container " + container + ")",
                            null);
                }
                default -> {} // IN_PROGRESS
            }
        }
        throw deferred(
                r,
                Math.max(MINUTE, settings.statusPollSeconds() * 1000L),
                "Instagram is still processing container " + container);
    }

    /** Defers while the account's publishing limit (read now, never hard-coded) is reached. */
    private void belowLimit(UploadRequest r) throws Exception {
        InstagramClient.PublishingLimit l = client.publishingLimit();
        if (l.reached()) {
            throw deferred(
                    r,
                    settings.limitRetryMinutes() * MINUTE,
                    "the Instagram publishing limit is reached ("
                            + l.used()
                            + " of "
                            + l.total()
                            + " in "
                            + l.durationS() / 3600
                            + " h)");
        }
    }

    private static Refused deferred(UploadRequest r, long after, String why) {
        long at = r.now() + after;
        return new Refused(why + "; deferred to " + Instant.ofEpochMilli(at), at);
    }

    private static Upload accepted(UploadRequest r, String mediaId) {
        return new Upload(mediaId, r.now(), "https://www.instagram.com/reels/" + mediaId);
    }

    private static String caption(UploadRequest r) {
        StringBuilder c = new StringBuilder(r.title() == null ? "" : r.title());
        if (r.description() != null && !r.description().isBlank()) {
            c.append("\n\n").append(r.description());
        }
        return c.length() <= 2200 ? c.toString() : c.substring(0, 2200);
    }
}
