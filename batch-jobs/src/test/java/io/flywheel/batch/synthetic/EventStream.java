package io.flywheel.batch.synthetic;

import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.EngagementObserved;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.VideoPublished;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * Deterministic synthetic events of the loop's last half: a content request (random arm), its
 * publication, and engagement increments every 24 hours whose total follows {@link PlantedSignal}.
 * Videos are published ten minutes apart from {@code start}.
 */
public final class EventStream {
    public static final long HOUR_MS = 3_600_000L;
    private final Random random;
    private long nextPublish;
    private String experimentId;
    private List<ContentParameters> experimentArms = List.of();

    public EventStream(long seed, long start) {
        this.random = new Random(seed);
        this.nextPublish = start;
    }

    /** Make the following videos part of an experiment, choosing uniformly among its arms. */
    public EventStream inExperiment(String id, List<ContentParameters> arms) {
        this.experimentId = id;
        this.experimentArms = List.copyOf(arms);
        return this;
    }

    /**
     * @param periods engagement increments per video, 24 h each; the first three fall inside a 72 h
     *     horizon, later ones after it
     */
    public List<SpecificRecord> videos(int count, int periods) {
        List<SpecificRecord> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.addAll(video(periods));
        }
        return out;
    }

    public List<SpecificRecord> video(int periods) {
        String jobId = UUID.nameUUIDFromBytes(longBytes(random.nextLong())).toString();
        String videoId = UUID.nameUUIDFromBytes(longBytes(random.nextLong())).toString();
        long published = nextPublish;
        nextPublish += 10 * 60_000L;
        ContentParameters arm;
        String armName = null;
        double probability;
        if (experimentId != null) {
            int k = random.nextInt(experimentArms.size());
            arm = experimentArms.get(k);
            armName = "arm-" + k;
            probability = 1.0 / experimentArms.size();
        } else {
            arm = PlantedSignal.randomArm(random);
            probability = 1.0 / PlantedSignal.armsPerSegment();
        }
        List<SpecificRecord> out = new ArrayList<>();
        out.add(
                ContentRequested.newBuilder()
                        .setEnvelope(
                                Envelopes.create(
                                        ContentRequested.class,
                                        "synthetic",
                                        jobId,
                                        published - HOUR_MS))
                        .setJobId(jobId)
                        .setParameters(arm)
                        .setPolicyVersion(experimentId != null ? "experiment" : "uniform-random")
                        .setSelectionProbability(probability)
                        .setExperimentId(experimentId)
                        .setExperimentArm(armName)
                        .build());
        out.add(
                VideoPublished.newBuilder()
                        .setEnvelope(
                                Envelopes.create(
                                        VideoPublished.class, "synthetic", jobId, published))
                        .setVideoId(videoId)
                        .setJobId(jobId)
                        .setPlatform(arm.getPlatform())
                        .setPlatformVideoId("p-" + videoId)
                        .setPublishedAt(published)
                        .build());
        long total = PlantedSignal.observe(arm, random);
        long[] parts = split(total, Math.min(periods, 3));
        for (int k = 0; k < periods; k++) {
            long engaged = k < parts.length ? parts[k] : random.nextInt(20);
            long start = published + k * 24 * HOUR_MS;
            out.add(
                    EngagementObserved.newBuilder()
                            .setEnvelope(
                                    Envelopes.create(
                                            EngagementObserved.class,
                                            "synthetic",
                                            jobId,
                                            start + 24 * HOUR_MS))
                            .setVideoId(videoId)
                            .setPlatform(arm.getPlatform())
                            .setPlatformVideoId("p-" + videoId)
                            .setPeriodStart(start)
                            .setPeriodEnd(start + 24 * HOUR_MS)
                            .setViews(engaged * 2 + 5)
                            .setEngagedViews(engaged)
                            .setEstimatedMinutesWatched(engaged * 0.4)
                            .setLikes(engaged / 10)
                            .setComments(engaged / 50)
                            .setShares(engaged / 40)
                            .setSubscribersGained(engaged / 100)
                            .setImpressions(engaged * 8 + 40)
                            .build());
        }
        return out;
    }

    /** Splits a total into n non-negative parts, front-loaded like real attention decay. */
    private static long[] split(long total, int n) {
        long[] parts = new long[Math.max(n, 1)];
        long left = total;
        for (int i = 0; i < parts.length - 1; i++) {
            parts[i] = left * 6 / 10;
            left -= parts[i];
        }
        parts[parts.length - 1] = left;
        return parts;
    }

    private static byte[] longBytes(long v) {
        return java.nio.ByteBuffer.allocate(8).putLong(v).array();
    }
}
