package io.flywheel.publishers.youtube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flywheel.config.YouTubeSettings;
import io.flywheel.publishers.PlatformAdapter;
import io.flywheel.publishers.PostingTime;
import io.flywheel.publishers.UploadSessions;
import io.flywheel.schemas.Platform;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes YouTube Shorts through the Data API v3: a resumable upload per (video, platform), its
 * session saved on the publication row before any byte is sent, so a retry (after a network drop or
 * a crashed publisher) resumes that session and a completed upload is found, never sent twice.
 * Every new session is one {@code videos.insert} call, counted against that method's own daily
 * bucket ({@code youtube.quota.uploads.daily}, 100 by default); when the day's bucket is used up,
 * by our count or by the API's {@code quotaExceeded}, the upload is deferred to the next quota day.
 */
public final class YouTubePlatform implements PlatformAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(YouTubePlatform.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLATFORM = Platform.YOUTUBE_SHORTS.name();

    /** Scheduled videos go live at least this long after the upload starts (processing time). */
    static final long MIN_LEAD_MS = Duration.ofMinutes(15).toMillis();

    /** After too many interruptions in a row, the publication is deferred this long. */
    static final long RETRY_LATER_MS = Duration.ofMinutes(10).toMillis();

    private final ResumableUploadClient client;
    private final UploadSessions sessions;
    private final QuotaLedger quota;
    private final YouTubeSettings settings;
    private final int maxRetries;
    private final Duration backoff;

    /**
     * @param maxRetries interruptions tolerated per upload before giving up (the publication stays
     *     resumable)
     * @param backoff the first wait after an interruption; doubles each time
     */
    public YouTubePlatform(
            ResumableUploadClient client,
            UploadSessions sessions,
            QuotaLedger quota,
            YouTubeSettings settings,
            int maxRetries,
            Duration backoff) {
        this.client = client;
        this.sessions = sessions;
        this.quota = quota;
        this.settings = settings;
        this.maxRetries = maxRetries;
        this.backoff = backoff;
    }

    @Override
    public String name() {
        return "youtube";
    }

    @Override
    public Limits limits(Platform platform) {
        return platform == Platform.YOUTUBE_SHORTS
                ? new Limits(settings.maxDurationS(), settings.dailyUploads())
                : null;
    }

    /** {@code videos.insert} calls made on the Pacific-time day of {@code now}, of the bucket. */
    @Override
    public java.util.Optional<Quota> quota(Platform platform, long now) {
        if (platform != Platform.YOUTUBE_SHORTS) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(
                new Quota(quota.used(PLATFORM, QuotaLedger.day(now)), settings.dailyUploads()));
    }

    @Override
    public Upload upload(UploadRequest r) throws Refused, Exception {
        if (r.platform() != Platform.YOUTUBE_SHORTS) {
            throw new Refused(
                    "the youtube adapter publishes YOUTUBE_SHORTS only, not " + r.platform(), null);
        }
        if (r.durationMs() > settings.maxDurationS() * 1000L) {
            throw new Refused(
                    "YOUTUBE_SHORTS accepts videos up to "
                            + settings.maxDurationS()
                            + " s, this one is "
                            + r.durationMs() / 1000
                            + " s",
                    null);
        }
        if (!Files.isRegularFile(r.file())) {
            throw new Refused("no file to upload at " + r.file().getFileName(), null);
        }
        UUID videoId = UUID.fromString(r.videoId());
        long total = Files.size(r.file());
        if (total == 0) {
            throw new Refused("the file to upload is empty", null);
        }
        int interruptions = 0;
        while (true) {
            try {
                Optional<ResumableUploadClient.SessionStatus> done = attempt(r, videoId, total);
                if (done.isPresent()) {
                    return accepted((ResumableUploadClient.SessionStatus.Complete) done.get(), r);
                }
            } catch (YouTubeApiException e) {
                if (e.credentials()) {
                    throw e; // stops the publisher: no upload can succeed without credentials
                }
                throw new Refused("YouTube refused the upload: " + e.getMessage(), null);
            } catch (IOException interrupted) {
                interruptions++;
                if (interruptions > maxRetries) {
                    // The session is kept: the deferred retry resumes it where it stopped.
                    throw new Refused(
                            "upload interrupted "
                                    + interruptions
                                    + " times ("
                                    + interrupted.getMessage()
                                    + "); resumes later",
                            r.now() + RETRY_LATER_MS);
                }
                long wait = backoff.toMillis() << Math.min(interruptions - 1, 6);
                LOG.warn(
                        "video {}: upload interrupted ({}), resuming in {} ms",
                        r.videoId(),
                        interrupted.getMessage(),
                        wait);
                Thread.sleep(wait);
            }
        }
    }

    /**
     * One attempt: resume the saved session from the byte the server confirms (or find it
     * complete), or start a new one.
     *
     * @return the completed upload, or empty if the session was gone and a new one is needed
     */
    private Optional<ResumableUploadClient.SessionStatus> attempt(
            UploadRequest r, UUID videoId, long total) throws Exception {
        Optional<UploadSessions.Session> saved = sessions.find(videoId, PLATFORM);
        URI session;
        long offset;
        if (saved.isPresent() && saved.get().total() == total) {
            session = saved.get().uri();
            ResumableUploadClient.SessionStatus st = client.status(session, total);
            if (st instanceof ResumableUploadClient.SessionStatus.Complete) {
                LOG.info("video {}: the upload had completed", r.videoId());
                return Optional.of(st);
            }
            if (st instanceof ResumableUploadClient.SessionStatus.Gone g) {
                LOG.info(
                        "video {}: upload session gone (HTTP {}), starting over",
                        r.videoId(),
                        g.status());
                sessions.forget(videoId, PLATFORM);
                return Optional.empty();
            }
            offset = ((ResumableUploadClient.SessionStatus.Incomplete) st).confirmed();
            sessions.progress(videoId, PLATFORM, offset);
            LOG.info("video {}: resuming upload at byte {} of {}", r.videoId(), offset, total);
        } else {
            if (saved.isPresent()) {
                LOG.info("video {}: the file changed size, starting a new session", r.videoId());
                sessions.forget(videoId, PLATFORM);
            }
            session = startSession(r, videoId, total);
            offset = 0;
        }
        ResumableUploadClient.SessionStatus done = send(r, videoId, session, offset, total);
        if (done instanceof ResumableUploadClient.SessionStatus.Gone) {
            sessions.forget(videoId, PLATFORM);
            return Optional.empty();
        }
        return Optional.of(done);
    }

    /** Takes quota and opens a session, saved before any byte goes out. */
    private URI startSession(UploadRequest r, UUID videoId, long total) throws Exception {
        LocalDate day = QuotaLedger.day(r.now());
        if (!quota.reserve(PLATFORM, day, 1, settings.dailyUploads())) {
            throw deferred("the YouTube quota of " + day + " is used up", day);
        }
        URI session;
        try {
            session = client.start(resource(r), total, "video/mp4");
        } catch (YouTubeApiException e) {
            if (e.quotaExceeded() || e.reason().equals("uploadLimitExceeded")) {
                quota.exhausted(PLATFORM, day, settings.dailyUploads());
                throw deferred("YouTube refused the upload: " + e.getMessage(), day);
            }
            if (e.rateLimited()) {
                throw new Refused(
                        "YouTube asked to slow down: " + e.getMessage(), r.now() + RETRY_LATER_MS);
            }
            throw e;
        }
        sessions.started(videoId, PLATFORM, session, total);
        return session;
    }

    private static Refused deferred(String why, LocalDate day) {
        long retryAt = QuotaLedger.nextReset(day);
        return new Refused(why + "; deferred to " + Instant.ofEpochMilli(retryAt), retryAt);
    }

    /**
     * Sends chunks from {@code offset} until the server has everything. An interruption (an
     * IOException or a 5xx) propagates: the caller waits, asks the status and resumes.
     */
    private ResumableUploadClient.SessionStatus send(
            UploadRequest r, UUID videoId, URI session, long offset, long total) throws Exception {
        long at = offset;
        while (true) {
            int length = (int) Math.min(settings.chunkBytes(), total - at);
            ResumableUploadClient.SessionStatus st =
                    client.sendChunk(session, r.file(), at, length, total);
            if (st instanceof ResumableUploadClient.SessionStatus.Incomplete i) {
                if (i.confirmed() <= at) {
                    throw new IOException(
                            "the server confirmed no new bytes (" + i.confirmed() + ")");
                }
                at = i.confirmed();
                sessions.progress(videoId, PLATFORM, at);
                continue;
            }
            return st;
        }
    }

    private Upload accepted(ResumableUploadClient.SessionStatus.Complete c, UploadRequest r) {
        String id = c.videoId();
        if (id.isEmpty()) {
            throw new IllegalStateException("YouTube completed the upload without a video id");
        }
        String publishAt = c.video().path("status").path("publishAt").asText("");
        long at = publishAt.isEmpty() ? publishAt(r) : Instant.parse(publishAt).toEpochMilli();
        return new Upload(id, at, "https://www.youtube.com/shorts/" + id);
    }

    /** The posting hour's next occurrence, at least {@link #MIN_LEAD_MS} ahead. */
    static long publishAt(UploadRequest r) {
        long at = PostingTime.next(r.now(), r.postingHour());
        if (at < r.now() + MIN_LEAD_MS) {
            at = PostingTime.next(r.now() + MIN_LEAD_MS, r.postingHour());
            at = Math.max(at, r.now() + MIN_LEAD_MS);
        }
        return at;
    }

    /** The video resource sent when the session starts. */
    String resource(UploadRequest r) {
        ObjectNode v = JSON.createObjectNode();
        ObjectNode snippet = v.putObject("snippet");
        snippet.put("title", truncate(r.title(), 100));
        snippet.put("description", truncate(r.description(), 5000));
        r.tags().forEach(snippet.putArray("tags")::add);
        snippet.put("categoryId", settings.categoryId());
        ObjectNode status = v.putObject("status");
        status.put("privacyStatus", "private");
        status.put("publishAt", Instant.ofEpochMilli(publishAt(r)).toString());
        status.put("selfDeclaredMadeForKids", false);
        return v.toString();
    }

    private static String truncate(String s, int max) {
        String t = s == null ? "" : s.replace('<', ' ').replace('>', ' ');
        return t.length() <= max ? t : t.substring(0, max);
    }
}
