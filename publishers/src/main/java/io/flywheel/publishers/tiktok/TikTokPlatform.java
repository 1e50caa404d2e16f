package io.flywheel.publishers.tiktok;

import io.flywheel.config.TikTokSettings;
import io.flywheel.publishers.PlatformAdapter;
import io.flywheel.publishers.RateWindowLedger;
import io.flywheel.publishers.UploadSessions;
import io.flywheel.schemas.Platform;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes to TikTok through the Content Posting API (Direct Post, FILE_UPLOAD): creator info,
 * video init, chunks, then the post status until moderation ends (the public post id exists only
 * then). The {@code publish_id} and upload URL are saved on the publication row before any byte is
 * sent, so a retry or a restarted publisher asks that post's status and resumes its chunks, never
 * initialising a second post. Rate limits (6 inits, 20 creator-info and 30 status requests per
 * minute per user token) are ledgers in PostgreSQL: a request that does not fit is deferred to the
 * next minute. {@code spam_risk_too_many_posts} defers to the next (UTC) day. An unaudited client
 * posts {@code SELF_ONLY}.
 */
public final class TikTokPlatform implements PlatformAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(TikTokPlatform.class);
    private static final String PLATFORM = Platform.TIKTOK.name();
    private static final Duration MINUTE = Duration.ofMinutes(1);
    static final int INITS_PER_MINUTE = 6;
    static final int CREATOR_INFO_PER_MINUTE = 20;
    static final int STATUS_PER_MINUTE = 30;

    private final TikTokClient client;
    private final UploadSessions sessions;
    private final RateWindowLedger rates;
    private final TikTokSettings settings;
    private final int maxRetries;
    private final Duration backoff;
    private String username = "";

    public TikTokPlatform(
            TikTokClient client,
            UploadSessions sessions,
            RateWindowLedger rates,
            TikTokSettings settings,
            int maxRetries,
            Duration backoff) {
        this.client = client;
        this.sessions = sessions;
        this.rates = rates;
        this.settings = settings;
        this.maxRetries = maxRetries;
        this.backoff = backoff;
    }

    @Override
    public String name() {
        return "tiktok";
    }

    @Override
    public Limits limits(Platform platform) {
        // The daily cap is TikTok's own (spam_risk_too_many_posts), not a number it publishes.
        return platform == Platform.TIKTOK
                ? new Limits(settings.maxDurationS(), Integer.MAX_VALUE)
                : null;
    }

    /** The privacy level posts get: SELF_ONLY until the API client passed TikTok's audit. */
    String privacyLevel(TikTokClient.CreatorInfo creator) throws Refused {
        String wanted = settings.audited() ? "PUBLIC_TO_EVERYONE" : "SELF_ONLY";
        if (!creator.privacyLevelOptions().contains(wanted)) {
            throw new Refused(
                    "the TikTok account does not offer "
                            + wanted
                            + " (it offers "
                            + creator.privacyLevelOptions()
                            + ")",
                    null);
        }
        return wanted;
    }

    @Override
    public Upload upload(UploadRequest r) throws Refused, Exception {
        if (r.platform() != Platform.TIKTOK) {
            throw new Refused(
                    "the tiktok adapter publishes TIKTOK only, not " + r.platform(), null);
        }
        if (r.durationMs() > settings.maxDurationS() * 1000L) {
            throw new Refused(
                    "TIKTOK accepts videos up to " + settings.maxDurationS() + " s here", null);
        }
        if (!Files.isRegularFile(r.file()) || Files.size(r.file()) == 0) {
            throw new Refused("no file to upload at " + r.file().getFileName(), null);
        }
        UUID videoId = UUID.fromString(r.videoId());
        long total = Files.size(r.file());
        TikTokChunks chunks = TikTokChunks.of(total, settings.chunkBytes());
        try {
            Optional<String> publishId = sessions.uploadId(videoId, PLATFORM);
            if (publishId.isEmpty()) {
                publishId = Optional.of(init(r, videoId, chunks));
                send(r, videoId, chunks, 0);
            } else {
                LOG.info(
                        "video {}: TikTok post {} exists, asking its status",
                        r.videoId(),
                        publishId.get());
            }
            return awaitModeration(r, videoId, publishId.get(), chunks);
        } catch (TikTokApiException e) {
            if (e.credentials()) {
                throw e; // stops the publisher: nothing can succeed without credentials
            }
            if (e.tooManyPostsToday()) {
                throw nextDay(
                        r.now(), "TikTok refused more posts today (spam_risk_too_many_posts)");
            }
            if (e.rateLimited()) {
                throw nextMinute(r.now(), "TikTok asked to slow down: " + e.getMessage());
            }
            throw new Refused("TikTok refused the post: " + e.getMessage(), null);
        }
    }

    /** Creator info, then the init; the publish_id is saved before any byte is sent. */
    private String init(UploadRequest r, UUID videoId, TikTokChunks chunks) throws Exception {
        take("creator_info", CREATOR_INFO_PER_MINUTE, r.now());
        TikTokClient.CreatorInfo creator = client.creatorInfo();
        username = creator.username();
        if (creator.maxVideoPostDurationSec() > 0
                && r.durationMs() > creator.maxVideoPostDurationSec() * 1000L) {
            throw new Refused(
                    "the TikTok account accepts videos up to "
                            + creator.maxVideoPostDurationSec()
                            + " s, this one is "
                            + r.durationMs() / 1000
                            + " s",
                    null);
        }
        String privacy = privacyLevel(creator);
        take("init", INITS_PER_MINUTE, r.now());
        TikTokClient.Init init = client.initVideo(title(r), privacy, chunks);
        sessions.startedUpload(
                videoId, PLATFORM, init.publishId(), init.uploadUrl(), chunks.total());
        LOG.info(
                "video {}: TikTok post {} initialised ({} chunk(s), {})",
                r.videoId(),
                init.publishId(),
                chunks.count(),
                privacy);
        return init.publishId();
    }

    /**
     * Sends the chunks from the one holding {@code offset}, retrying interruptions with backoff;
     * after too many the publication is deferred and resumes from the confirmed bytes.
     */
    private void send(UploadRequest r, UUID videoId, TikTokChunks chunks, long offset)
            throws Exception {
        URI url =
                sessions.find(videoId, PLATFORM)
                        .orElseThrow(() -> new IllegalStateException("no TikTok upload URL saved"))
                        .uri();
        int interruptions = 0;
        int i = chunks.chunkAt(offset);
        while (i < chunks.count()) {
            try {
                int status =
                        client.putChunk(
                                url, r.file(), chunks.start(i), chunks.end(i), chunks.total());
                sessions.progress(videoId, PLATFORM, chunks.end(i));
                i++;
                if (status == 201) {
                    break;
                }
            } catch (IOException interrupted) {
                interruptions++;
                if (interruptions > maxRetries) {
                    throw new Refused(
                            "TikTok upload interrupted "
                                    + interruptions
                                    + " times ("
                                    + interrupted.getMessage()
                                    + "); resumes at chunk "
                                    + (i + 1)
                                    + " of "
                                    + chunks.count(),
                            r.now() + MINUTE.toMillis());
                }
                long wait = backoff.toMillis() << Math.min(interruptions - 1, 6);
                LOG.warn(
                        "video {}: TikTok chunk {} interrupted ({}), resending in {} ms",
                        r.videoId(),
                        i + 1,
                        interrupted.getMessage(),
                        wait);
                Thread.sleep(wait);
            }
        }
    }

    /**
     * Polls the post status until moderation ends; a post still uploading resumes its chunks, one
     * still being moderated is deferred (the next attempt polls the same post).
     */
    private Upload awaitModeration(
            UploadRequest r, UUID videoId, String publishId, TikTokChunks chunks) throws Exception {
        for (int poll = 0; poll < settings.statusPolls(); poll++) {
            if (poll > 0) {
                Thread.sleep(settings.statusPollSeconds() * 1000L);
            }
            take("status", STATUS_PER_MINUTE, r.now());
            TikTokClient.PostStatus st = client.fetchStatus(publishId);
            if (st.complete() && !st.publicPostIds().isEmpty()) {
                return accepted(r, st.publicPostIds().get(0));
            }
            if (st.failed()) {
                sessions.forgetUpload(videoId, PLATFORM);
                if (st.failReason().equals("spam_risk_too_many_posts")) {
                    throw nextDay(
                            r.now(), "TikTok refused more posts today (" + st.failReason() + ")");
                }
                throw new Refused("TikTok failed the post: " + st.failReason(), null);
            }
            if (st.status().equals("PROCESSING_UPLOAD") && st.uploadedBytes() < chunks.total()) {
                long confirmed = Math.max(st.uploadedBytes(), 0);
                LOG.info(
                        "video {}: TikTok has {} of {} bytes, resuming the upload",
                        r.videoId(),
                        confirmed,
                        chunks.total());
                send(
                        r,
                        videoId,
                        chunks,
                        Math.min(confirmed, sessions.confirmed(videoId, PLATFORM)));
            }
        }
        throw new Refused(
                "TikTok is still processing or moderating post "
                        + publishId
                        + "; polled again later",
                r.now() + Math.max(MINUTE.toMillis(), settings.statusPollSeconds() * 1000L));
    }

    private Upload accepted(UploadRequest r, String postId) throws InterruptedException {
        if (username.isEmpty()
                && rates.take(
                        PLATFORM + ":creator_info", r.now(), MINUTE, CREATOR_INFO_PER_MINUTE)) {
            // A restarted publisher did not query the creator: ask for the username the URL needs.
            try {
                username = client.creatorInfo().username();
            } catch (IOException | TikTokApiException e) {
                LOG.warn(
                        "video {}: no TikTok username for the post URL ({})",
                        r.videoId(),
                        e.getMessage());
            }
        }
        String url =
                username.isEmpty()
                        ? "https://www.tiktok.com/video/" + postId
                        : "https://www.tiktok.com/@" + username + "/video/" + postId;
        return new Upload(postId, r.now(), url);
    }

    /** Takes one request of a per-minute limit, or defers to the next minute. */
    private void take(String endpoint, int perMinute, long now) throws Refused {
        if (!rates.take(PLATFORM + ":" + endpoint, now, MINUTE, perMinute)) {
            throw nextMinute(
                    now,
                    "TikTok's limit of "
                            + perMinute
                            + " "
                            + endpoint
                            + " requests a minute is used");
        }
    }

    private static Refused nextMinute(long now, String why) {
        long at = RateWindowLedger.nextWindow(now, MINUTE);
        return new Refused(why + "; deferred to " + Instant.ofEpochMilli(at), at);
    }

    static Refused nextDay(long now, String why) {
        LocalDate day = Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC).toLocalDate();
        long at = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        return new Refused(why + "; deferred to " + Instant.ofEpochMilli(at), at);
    }

    private static String title(UploadRequest r) {
        String t = r.title() == null ? "" : r.title();
        return t.length() <= 2200 ? t : t.substring(0, 2200);
    }
}
