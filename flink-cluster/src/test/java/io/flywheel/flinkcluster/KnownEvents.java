package io.flywheel.flinkcluster;

import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.EngagementObserved;
import io.flywheel.schemas.Envelope;
import io.flywheel.schemas.EventCodec;
import io.flywheel.schemas.HookStyle;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.Pacing;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.Stage;
import io.flywheel.schemas.StageCompleted;
import io.flywheel.schemas.VideoPublished;
import io.flywheel.schemas.VisualStyle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * A seeded stream of engagement and render events, with duplicates (the same event sent again),
 * whose right answer is summed here as the events are drawn: per video the distinct events, views,
 * likes, engaged views, impressions and minutes; per render job the cost. Event times are the
 * sending time, and the test allows an hour of lateness, so no event is late and every event
 * counts.
 */
final class KnownEvents {
    static final Stage[] STAGES = {Stage.SCRIPT, Stage.NARRATION, Stage.VISUALS, Stage.ASSEMBLY};

    /** A record for a topic (suffix without the prefix), with its key. */
    record Message(String topic, byte[] key, byte[] value) {}

    /** The sums of one video; minutes are multiples of 1/4, so doubles add exactly. */
    static final class VideoSums {
        long events, views, likes, engaged, impressions;
        double minutes;
    }

    private final EventCodec codec = EventCodec.standard();
    private final Random rnd;
    private final List<String> videos = new ArrayList<>();
    private final List<String> renderJobs = new ArrayList<>();
    final Map<String, VideoSums> videoTotals = new TreeMap<>();
    final Map<String, Long> jobCosts = new TreeMap<>();
    int duplicates;
    private final List<Message> resend = new ArrayList<>();

    KnownEvents(long seed) {
        this.rnd = new Random(seed);
    }

    /** The requests and publications of {@code n} videos (their arms), to send first. */
    List<Message> videos(int n, int renderJobCount) {
        List<Message> out = new ArrayList<>();
        Platform[] platforms = {Platform.YOUTUBE_SHORTS, Platform.TIKTOK};
        long now = System.currentTimeMillis();
        for (int v = 0; v < n; v++) {
            String job = uuid();
            String video = uuid();
            Platform platform = platforms[v % platforms.length];
            out.add(
                    new Message(
                            "content.requests",
                            job.getBytes(StandardCharsets.UTF_8),
                            codec.encode(
                                    ContentRequested.newBuilder()
                                            .setEnvelope(env(ContentRequested.class, now))
                                            .setJobId(job)
                                            .setParameters(
                                                    ContentParameters.newBuilder()
                                                            .setPlatform(platform)
                                                            .setNiche("niche-" + (v % 3))
                                                            .setHookStyle(HookStyle.QUESTION)
                                                            .setPacing(Pacing.FAST)
                                                            .setTargetDurationS(30)
                                                            .setVoice("en-us+f3")
                                                            .setMusicMood(MusicMood.UPBEAT)
                                                            .setCaptionStyle(
                                                                    CaptionStyle.WORD_HIGHLIGHT)
                                                            .setVisualStyle(VisualStyle.BOLD)
                                                            .setPostingHour(18)
                                                            .build())
                                            .setPolicyVersion("manual")
                                            .setSelectionProbability(1.0)
                                            .build())));
            out.add(
                    new Message(
                            "publish.events",
                            job.getBytes(StandardCharsets.UTF_8),
                            codec.encode(
                                    VideoPublished.newBuilder()
                                            .setEnvelope(env(VideoPublished.class, now))
                                            .setVideoId(video)
                                            .setJobId(job)
                                            .setPlatform(platform)
                                            .setPlatformVideoId("pv-" + v)
                                            .setPublishedAt(now)
                                            .build())));
            videos.add(video);
        }
        for (int j = 0; j < renderJobCount; j++) {
            renderJobs.add(uuid());
        }
        return out;
    }

    /** The next {@code n} events (engagement, and one render event in eight), duplicates among. */
    List<Message> next(int n) {
        List<Message> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            if (!resend.isEmpty() && rnd.nextInt(10) == 0) {
                out.add(resend.remove(rnd.nextInt(resend.size())));
                duplicates++;
                continue;
            }
            Message m = rnd.nextInt(8) == 0 ? render() : engagement();
            out.add(m);
            if (rnd.nextInt(12) == 0) {
                resend.add(m);
            }
        }
        return out;
    }

    /** The duplicates not sent yet. */
    List<Message> remainingDuplicates() {
        List<Message> out = new ArrayList<>(resend);
        duplicates += resend.size();
        resend.clear();
        return out;
    }

    private Message engagement() {
        String video = videos.get(rnd.nextInt(videos.size()));
        long now = System.currentTimeMillis();
        long views = rnd.nextInt(100);
        long engaged = views == 0 ? 0 : rnd.nextInt((int) views + 1);
        long likes = rnd.nextInt(10);
        long impressions = views * 3 + rnd.nextInt(50);
        double minutes = rnd.nextInt(400) / 4.0;
        VideoSums s = videoTotals.computeIfAbsent(video, x -> new VideoSums());
        s.events++;
        s.views += views;
        s.likes += likes;
        s.engaged += engaged;
        s.impressions += impressions;
        s.minutes += minutes;
        EngagementObserved e =
                EngagementObserved.newBuilder()
                        .setEnvelope(env(EngagementObserved.class, now))
                        .setVideoId(video)
                        .setPlatform(Platform.TIKTOK)
                        .setPlatformVideoId("pv")
                        .setPeriodStart(now - 60_000)
                        .setPeriodEnd(now)
                        .setViews(views)
                        .setEngagedViews(engaged)
                        .setEstimatedMinutesWatched(minutes)
                        .setLikes(likes)
                        .setComments(0L)
                        .setShares(0L)
                        .setSubscribersGained(0L)
                        .setImpressions(impressions)
                        .build();
        return new Message(
                "engagement.events", video.getBytes(StandardCharsets.UTF_8), codec.encode(e));
    }

    private Message render() {
        String job = renderJobs.get(rnd.nextInt(renderJobs.size()));
        long cost = 1 + rnd.nextInt(5000);
        jobCosts.merge(job, cost, Long::sum);
        StageCompleted c =
                StageCompleted.newBuilder()
                        .setEnvelope(env(StageCompleted.class, System.currentTimeMillis()))
                        .setJobId(job)
                        .setStage(STAGES[rnd.nextInt(STAGES.length)])
                        .setProvider("offline")
                        .setAttempt(1)
                        .setLatencyMs(10 + rnd.nextInt(2000))
                        .setCostMicroUsd(cost)
                        .build();
        return new Message("render.events", job.getBytes(StandardCharsets.UTF_8), codec.encode(c));
    }

    private Envelope env(Class<? extends SpecificRecord> type, long time) {
        return Envelope.newBuilder()
                .setEventId(uuid())
                .setEventType(type.getSimpleName())
                .setEventTime(time)
                .setProducer("cluster-test")
                .setTraceId(uuid())
                .build();
    }

    private String uuid() {
        return new UUID(rnd.nextLong(), rnd.nextLong()).toString();
    }
}
