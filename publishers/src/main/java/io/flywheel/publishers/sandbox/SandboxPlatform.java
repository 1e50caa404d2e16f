package io.flywheel.publishers.sandbox;

import io.flywheel.publishers.PlatformAdapter;
import io.flywheel.publishers.PostingTime;
import io.flywheel.schemas.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/**
 * A local stand-in for a short-video platform: it accepts uploads into its directory, gives them
 * platform ids, schedules them for the requested posting hour, and enforces the limits the real
 * platforms have (maximum duration, a daily upload quota). Ids are derived from the video, so an
 * upload retried after a crash lands on the same id instead of a second copy.
 */
public final class SandboxPlatform implements PlatformAdapter {
    /** The platforms' published limits for short videos (2025), used unless configured. */
    public static final Map<Platform, Limits> DEFAULT_LIMITS =
            Map.of(
                    Platform.YOUTUBE_SHORTS, new Limits(180, 100),
                    Platform.TIKTOK, new Limits(600, 100),
                    Platform.INSTAGRAM_REELS, new Limits(180, 100));

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final Path dir;
    private final Map<Platform, Limits> limits;

    public SandboxPlatform(Path dir, Map<Platform, Limits> limits) {
        this.dir = dir;
        this.limits = limits;
    }

    public static String platformVideoId(String videoId, Platform platform) {
        return "sbx-"
                + UUID.nameUUIDFromBytes((platform + ":" + videoId).getBytes())
                        .toString()
                        .substring(0, 13);
    }

    @Override
    public String name() {
        return "sandbox";
    }

    /** The demo's channel history is simulated, like this platform and its audience. */
    @Override
    public boolean publishesSimulatedHistory() {
        return true;
    }

    @Override
    public Limits limits(Platform platform) {
        return limits.get(platform);
    }

    /** Uploads counted for the UTC day of {@code simNow} (the day videos going live then use). */
    @Override
    public synchronized java.util.Optional<Quota> quota(Platform platform, long simNow) {
        Limits l = limits.get(platform);
        if (l == null) {
            return java.util.Optional.empty();
        }
        LocalDate day = Instant.ofEpochMilli(simNow).atZone(ZoneOffset.UTC).toLocalDate();
        Path counter = dir.resolve("quota").resolve(platform.name()).resolve(day.toString());
        try {
            int used =
                    Files.exists(counter) ? Integer.parseInt(Files.readString(counter).trim()) : 0;
            return java.util.Optional.of(new Quota(used, l.dailyUploads()));
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read the sandbox quota " + counter, e);
        }
    }

    @Override
    public synchronized Upload upload(UploadRequest r) throws Refused {
        String videoId = r.videoId();
        Path mp4 = r.file();
        long durationMs = r.durationMs();
        Platform platform = r.platform();
        long simNow = r.now();
        Limits l = limits.get(platform);
        if (l == null) {
            throw new Refused("the sandbox has no platform " + platform, null);
        }
        if (durationMs > l.maxDurationS() * 1000L) {
            throw new Refused(
                    platform
                            + " accepts videos up to "
                            + l.maxDurationS()
                            + " s, this one is "
                            + durationMs / 1000
                            + " s",
                    null);
        }
        if (!Files.isRegularFile(mp4)) {
            throw new Refused("no file to upload at " + mp4.getFileName(), null);
        }
        long publishedAt = nextPostingTime(simNow, r.postingHour());
        LocalDate day = Instant.ofEpochMilli(publishedAt).atZone(ZoneOffset.UTC).toLocalDate();
        String id = platformVideoId(videoId, platform);
        Path target = dir.resolve(platform.name()).resolve(id + ".mp4");
        Path counter = dir.resolve("quota").resolve(platform.name()).resolve(day.toString());
        try {
            boolean again = Files.exists(target);
            int used =
                    Files.exists(counter) ? Integer.parseInt(Files.readString(counter).trim()) : 0;
            if (!again && used >= l.dailyUploads()) {
                long nextDay =
                        day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                throw new Refused(
                        platform
                                + " daily upload quota of "
                                + l.dailyUploads()
                                + " is used for "
                                + day,
                        nextDay);
            }
            Files.createDirectories(target.getParent());
            Files.copy(mp4, target, StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(target.resolveSibling(id + ".post.json"), post(r));
            if (!again) {
                Files.createDirectories(counter.getParent());
                Files.writeString(counter, Integer.toString(used + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("sandbox upload failed", e);
        }
        return new Upload(id, publishedAt, "sandbox://" + platform.name().toLowerCase() + "/" + id);
    }

    /** What the post says, recorded beside its video as {@code <id>.post.json}. */
    static String post(UploadRequest r) {
        com.fasterxml.jackson.databind.node.ObjectNode doc = JSON.createObjectNode();
        doc.put("title", r.title());
        doc.put("description", r.description());
        r.tags().forEach(doc.putArray("tags")::add);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first moment at or after {@code simNow} whose UTC hour is {@code hour}. */
    public static long nextPostingTime(long simNow, int hour) {
        return PostingTime.next(simNow, hour);
    }
}
