package io.flywheel.streaming.engagement;

import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.EngagementObserved;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.EventCodec;
import io.flywheel.schemas.HookStyle;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.Pacing;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.VideoPublished;
import io.flywheel.schemas.VisualStyle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A deterministic stream of engagement events with duplicates, out-of-order and late events and
 * malformed records, and the right answer for it, computed here from the generated numbers alone
 * (it shares no code with the job).
 */
final class EngagementScenario {
    static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    static final long BOUND_MS = 5_000;
    static final long LATENESS_MS = 60_000;
    static final Platform[] PLATFORMS = {
        Platform.YOUTUBE_SHORTS, Platform.TIKTOK, Platform.INSTAGRAM_REELS
    };

    /** One message for the engagement topic, in send order. */
    record Message(byte[] key, byte[] value) {}

    /** Exact sums; minutes and percentages are multiples of 1/4 so doubles add exactly. */
    static final class Sums {
        long events, views, engaged, likes, comments, shares, gained, lost, impressions;
        double minutes, pctWeighted;
        long pctViews;

        /** Millionths of a dollar; null while no event reported revenue. */
        Long revenue;

        void add(Raw r) {
            if (r.revenue != null) {
                revenue = (revenue == null ? 0 : revenue) + r.revenue;
            }
            events++;
            views += r.views;
            engaged += r.engaged;
            likes += r.likes;
            comments += r.comments;
            shares += r.shares;
            gained += r.gained;
            lost += r.lost == null ? 0 : r.lost;
            impressions += r.impressions;
            minutes += r.minutes;
            if (r.pct != null) {
                pctWeighted += r.pct * r.views;
                pctViews += r.views;
            }
        }
    }

    /** What the generator drew for one event. */
    record Raw(
            String eventId,
            String videoId,
            long time,
            long views,
            long engaged,
            long likes,
            long comments,
            long shares,
            long gained,
            Long lost,
            long impressions,
            double minutes,
            Double pct,
            Long revenue) {}

    record WindowKey(String niche, String platform, int seconds, long start) {}

    final List<byte[]> requests = new ArrayList<>();
    final List<byte[]> publications = new ArrayList<>();
    final List<Message> engagement = new ArrayList<>();
    final List<byte[]> malformed = new ArrayList<>();

    final Map<String, Sums> videoTotals = new TreeMap<>();
    final Map<String, String> nicheOfVideo = new HashMap<>();
    final Map<WindowKey, Sums> windows = new HashMap<>();
    final Set<String> lateEventIds = new HashSet<>();
    int duplicatesSent;
    int outOfOrder;

    static EngagementScenario generate(long seed, int arms, int videos, int events) {
        return generate(seed, arms, videos, events, 600, true);
    }

    /**
     * Events {@code stepMs} apart in strictly increasing time: none is late or out of order in send
     * order, whatever partitions they are spread over (duplicates and malformed records as in
     * {@link #generate(long, int, int, int)}).
     */
    static EngagementScenario inTimeOrder(
            long seed, int arms, int videos, int events, long stepMs) {
        return generate(seed, arms, videos, events, stepMs, false);
    }

    private static EngagementScenario generate(
            long seed, int arms, int videos, int events, long stepMs, boolean mixedTimes) {
        EventCodec codec = EventCodec.standard();
        Random rnd = new Random(seed);
        EngagementScenario s = new EngagementScenario();
        List<String> videoIds = new ArrayList<>();
        Map<String, Platform> platformOf = new HashMap<>();
        for (int v = 0; v < videos; v++) {
            int arm = v % arms;
            Platform platform = PLATFORMS[arm % PLATFORMS.length];
            String jobId = uuid(rnd);
            String videoId = uuid(rnd);
            String niche = "arm-" + arm;
            ContentRequested req =
                    ContentRequested.newBuilder()
                            .setEnvelope(env(rnd, ContentRequested.class, T0 - 600_000 + v))
                            .setJobId(jobId)
                            .setParameters(
                                    ContentParameters.newBuilder()
                                            .setPlatform(platform)
                                            .setNiche(niche)
                                            .setHookStyle(HookStyle.QUESTION)
                                            .setPacing(Pacing.FAST)
                                            .setTargetDurationS(30)
                                            .setVoice("en-us+f3")
                                            .setMusicMood(MusicMood.UPBEAT)
                                            .setCaptionStyle(CaptionStyle.WORD_HIGHLIGHT)
                                            .setVisualStyle(VisualStyle.BOLD)
                                            .setPostingHour(18)
                                            .build())
                            .setPolicyVersion("manual")
                            .setSelectionProbability(1.0)
                            .build();
            VideoPublished pub =
                    VideoPublished.newBuilder()
                            .setEnvelope(env(rnd, VideoPublished.class, T0 - 300_000 + v))
                            .setVideoId(videoId)
                            .setJobId(jobId)
                            .setPlatform(platform)
                            .setPlatformVideoId("pv-" + v)
                            .setPublishedAt(T0 - 300_000 + v)
                            .build();
            s.requests.add(codec.encode(req));
            s.publications.add(codec.encode(pub));
            videoIds.add(videoId);
            platformOf.put(videoId, platform);
            s.nicheOfVideo.put(videoId, niche);
        }

        // Events in send order; a duplicate is the same bytes sent again a little later.
        List<Raw> sent = new ArrayList<>();
        Map<Integer, List<Raw>> resendAt = new HashMap<>();
        for (int k = 0; k < events; k++) {
            long clock = T0 + k * stepMs;
            double dice = rnd.nextDouble();
            long time;
            if (!mixedTimes) {
                time = clock;
            } else if (dice < 0.03) {
                time = clock - 180_000; // beyond the allowed lateness: late
            } else if (dice < 0.06) {
                time = clock - 40_000; // behind, but within the allowed lateness
            } else {
                time = clock - rnd.nextInt(3_000); // out of order within the bound
            }
            String videoId = videoIds.get(rnd.nextInt(videoIds.size()));
            long views = rnd.nextInt(100);
            Raw r =
                    new Raw(
                            uuid(rnd),
                            videoId,
                            time,
                            views,
                            views == 0 ? 0 : rnd.nextInt((int) views + 1),
                            rnd.nextInt(10),
                            rnd.nextInt(4),
                            rnd.nextInt(3),
                            rnd.nextInt(2),
                            rnd.nextBoolean() ? null : (long) rnd.nextInt(2),
                            views * 3 + rnd.nextInt(50),
                            rnd.nextInt(400) / 4.0,
                            rnd.nextInt(5) == 0 ? null : rnd.nextInt(240) / 2.0,
                            rnd.nextInt(3) == 0 ? null : (long) rnd.nextInt(5_000));
            sent.add(r);
            if (rnd.nextDouble() < 0.08) {
                resendAt.computeIfAbsent(k + 1 + rnd.nextInt(30), x -> new ArrayList<>()).add(r);
            }
            for (Raw d : resendAt.getOrDefault(k, List.of())) {
                sent.add(d);
                s.duplicatesSent++;
            }
        }
        for (Raw d :
                resendAt.entrySet().stream()
                        .filter(e -> e.getKey() >= events)
                        .flatMap(e -> e.getValue().stream())
                        .toList()) {
            sent.add(d);
            s.duplicatesSent++;
        }

        Map<String, byte[]> encoded = new HashMap<>();
        int index = 0;
        for (Raw r : sent) {
            byte[] bytes =
                    encoded.computeIfAbsent(
                            r.eventId(),
                            id -> {
                                EngagementObserved e = engagement(r, platformOf.get(r.videoId()));
                                // Events without revenue: every other one as a v1 writer sent it.
                                return r.revenue() == null && r.views() % 2 == 0
                                        ? io.flywheel.schemas.samples.OlderWriters.encode(e, 1)
                                        : codec.encode(e);
                            });
            s.engagement.add(new Message(r.videoId().getBytes(StandardCharsets.UTF_8), bytes));
            if (index++ % 97 == 50) {
                byte[] bad = malformed(s.malformed.size(), rnd, codec, s.publications.get(0));
                s.malformed.add(bad);
                s.engagement.add(new Message(null, bad));
            }
        }

        // The right answer: watermark = highest event time so far - bound - 1, judged before the
        // event itself moves it; the first copy of an event id decides, later copies are dropped.
        long maxTime = Long.MIN_VALUE;
        Set<String> seen = new HashSet<>();
        long previous = Long.MIN_VALUE;
        for (Raw r : sent) {
            if (r.time() < previous) {
                s.outOfOrder++;
            }
            previous = Math.max(previous, r.time());
            if (seen.add(r.eventId())) {
                long watermark =
                        maxTime == Long.MIN_VALUE ? Long.MIN_VALUE : maxTime - BOUND_MS - 1;
                boolean late = watermark != Long.MIN_VALUE && r.time() + LATENESS_MS <= watermark;
                if (late) {
                    s.lateEventIds.add(r.eventId());
                } else {
                    s.videoTotals.computeIfAbsent(r.videoId(), x -> new Sums()).add(r);
                    String niche = s.nicheOfVideo.get(r.videoId());
                    String platform = platformOf.get(r.videoId()).name();
                    for (int size : new int[] {60, 3600}) {
                        long start = Math.floorDiv(r.time(), size * 1000L) * size * 1000L;
                        s.windows
                                .computeIfAbsent(
                                        new WindowKey(niche, platform, size, start),
                                        x -> new Sums())
                                .add(r);
                    }
                }
            }
            maxTime = Math.max(maxTime, r.time());
        }
        return s;
    }

    private static byte[] malformed(int n, Random rnd, EventCodec codec, byte[] publication) {
        return switch (n % 4) {
            case 0 -> "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8); // BAD_HEADER
            case 1 -> {
                byte[] b = new byte[24];
                rnd.nextBytes(b);
                b[0] = (byte) 0xC3;
                b[1] = 0x01;
                yield b; // UNKNOWN_SCHEMA
            }
            case 2 -> {
                byte[] b = publication.clone();
                yield java.util.Arrays.copyOf(b, b.length - 7); // CORRUPT_BODY (truncated)
            }
            default -> publication; // a valid event of the wrong type on this topic: INVALID
        };
    }

    private static EngagementObserved engagement(Raw r, Platform platform) {
        EngagementObserved.Builder b =
                EngagementObserved.newBuilder()
                        .setEnvelope(
                                io.flywheel.schemas.Envelope.newBuilder()
                                        .setEventId(r.eventId())
                                        .setEventType("EngagementObserved")
                                        .setEventTime(r.time())
                                        .setProducer("scenario")
                                        .setTraceId(r.eventId())
                                        .build())
                        .setVideoId(r.videoId())
                        .setPlatform(platform)
                        .setPlatformVideoId("pv")
                        .setPeriodStart(r.time() - 60_000)
                        .setPeriodEnd(r.time())
                        .setViews(r.views())
                        .setEngagedViews(r.engaged())
                        .setEstimatedMinutesWatched(r.minutes())
                        .setAverageViewPercentage(r.pct())
                        .setLikes(r.likes())
                        .setComments(r.comments())
                        .setShares(r.shares())
                        .setSubscribersGained(r.gained())
                        .setSubscribersLost(r.lost())
                        .setImpressions(r.impressions())
                        .setEstimatedRevenueMicroUsd(r.revenue());
        return b.build();
    }

    private static io.flywheel.schemas.Envelope env(
            Random rnd, Class<? extends org.apache.avro.specific.SpecificRecord> type, long time) {
        io.flywheel.schemas.Envelope e = Envelopes.create(type, "scenario", uuid(rnd), time);
        e.setEventId(uuid(rnd));
        return e;
    }

    private static String uuid(Random rnd) {
        return new UUID(rnd.nextLong(), rnd.nextLong()).toString();
    }
}
