package io.flywheel.schemas.samples;

import io.flywheel.schemas.BudgetBreached;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.ContractRules;
import io.flywheel.schemas.DeadLetter;
import io.flywheel.schemas.EngagementObserved;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.EventType;
import io.flywheel.schemas.ModelPromoted;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.RecommendationsPublished;
import io.flywheel.schemas.Rendition;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.schemas.Stage;
import io.flywheel.schemas.StageCompleted;
import io.flywheel.schemas.StageFailed;
import io.flywheel.schemas.StageStarted;
import io.flywheel.schemas.TrendDetected;
import io.flywheel.schemas.VideoPublished;
import io.flywheel.schemas.VideoRendered;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Valid, realistic events of every type for one content job, derived from a seed: the same seed
 * gives the same events. For tests, examples and load generators of every module.
 */
public final class SampleEvents {
    private static final String PRODUCER = "sample-events@test";
    private static final String[] NICHES = {"personal-finance", "cooking", "fitness", "tech-news"};
    private static final Pattern EXAMPLE = Pattern.compile("e\\.g\\. ([^\\s,;]+?)[.,;]?(\\s|$)");

    private final Random random;
    private final long baseTime;

    public SampleEvents(long seed, long baseTimeMs) {
        this.random = new Random(seed);
        this.baseTime = baseTimeMs;
    }

    public String uuid() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return UUID.nameUUIDFromBytes(bytes).toString();
    }

    /**
     * A valid arm, one draw per field of the schema, so a new parameter needs no edit here: an
     * enum's symbols other than its default (UNKNOWN), a whole number in the range its doc states,
     * a niche of {@link #NICHES}, other text the example its doc gives ({@code e.g. en-us+f3}).
     */
    public ContentParameters parameters() {
        ContentParameters p = new ContentParameters();
        for (Schema.Field f : ContentParameters.getClassSchema().getFields()) {
            p.put(f.pos(), draw(f));
        }
        return p;
    }

    private Object draw(Schema.Field f) {
        Schema type = f.schema();
        if (type.getType() == Schema.Type.ENUM) {
            List<String> known =
                    type.getEnumSymbols().stream()
                            .filter(v -> !v.equals(type.getEnumDefault()))
                            .toList();
            return SpecificData.get().createEnum(known.get(random.nextInt(known.size())), type);
        }
        int[] range = ContractRules.range(f);
        if (range != null) {
            return range[0] + random.nextInt(range[1] - range[0] + 1);
        }
        if (f.name().equals("niche")) {
            return NICHES[random.nextInt(NICHES.length)];
        }
        Matcher example = f.doc() == null ? null : EXAMPLE.matcher(f.doc());
        if (type.getType() == Schema.Type.STRING && example != null && example.find()) {
            return example.group(1);
        }
        throw new IllegalStateException(
                "no sample for ContentParameters."
                        + f.name()
                        + ": a whole number's doc states its range (Rule: must be MIN-MAX.), a"
                        + " text's doc an example (e.g. ...)");
    }

    /** One event of every type, all belonging to one job and its video. */
    public List<SpecificRecord> oneOfEach() {
        String trace = uuid();
        String jobId = uuid();
        String videoId = uuid();
        List<SpecificRecord> out = new ArrayList<>();
        out.add(contentRequested(trace, jobId, parameters()));
        out.add(
                StageStarted.newBuilder()
                        .setEnvelope(Envelopes.create(StageStarted.class, PRODUCER, trace, t(1)))
                        .setJobId(jobId)
                        .setStage(Stage.NARRATION)
                        .setProvider("espeak-ng")
                        .setAttempt(1)
                        .build());
        out.add(
                StageFailed.newBuilder()
                        .setEnvelope(Envelopes.create(StageFailed.class, PRODUCER, trace, t(2)))
                        .setJobId(jobId)
                        .setStage(Stage.VISUALS)
                        .setProvider("openai-images")
                        .setAttempt(1)
                        .setLatencyMs(30_000)
                        .setCostMicroUsd(0)
                        .setErrorClass("timeout")
                        .setMessage("no answer within 30 s")
                        .setRetryable(true)
                        .build());
        out.add(
                StageCompleted.newBuilder()
                        .setEnvelope(Envelopes.create(StageCompleted.class, PRODUCER, trace, t(3)))
                        .setJobId(jobId)
                        .setStage(Stage.NARRATION)
                        .setProvider("espeak-ng")
                        .setAttempt(1)
                        .setLatencyMs(140)
                        .setCostMicroUsd(1_250)
                        .build());
        out.add(
                VideoRendered.newBuilder()
                        .setEnvelope(Envelopes.create(VideoRendered.class, PRODUCER, trace, t(4)))
                        .setJobId(jobId)
                        .setVideoId(videoId)
                        .setTitle("Why your budget fails in week two")
                        .setDurationMs(31_200)
                        .setLoudnessLufs(-14.1)
                        .setRenditions(
                                List.of(
                                        Rendition.newBuilder()
                                                .setLabel("1080x1920")
                                                .setWidth(1080)
                                                .setHeight(1920)
                                                .setDurationMs(31_200)
                                                .setBytes(8_400_000)
                                                .setUri("media/" + videoId + "/1080x1920.mp4")
                                                .build()))
                        .setThumbnailUri("media/" + videoId + "/thumb.jpg")
                        .setCaptionsSrtUri("media/" + videoId + "/captions.srt")
                        .setCaptionsVttUri("media/" + videoId + "/captions.vtt")
                        .setTotalBytes(8_500_000)
                        .build());
        out.add(
                VideoPublished.newBuilder()
                        .setEnvelope(Envelopes.create(VideoPublished.class, PRODUCER, trace, t(5)))
                        .setVideoId(videoId)
                        .setJobId(jobId)
                        .setPlatform(Platform.YOUTUBE_SHORTS)
                        .setPlatformVideoId("sbx-" + videoId.substring(0, 8))
                        .setPublishedAt(t(5))
                        .setUrl(null)
                        .build());
        out.add(engagement(trace, videoId, t(6), 120L, null));
        out.add(
                BudgetBreached.newBuilder()
                        .setEnvelope(Envelopes.create(BudgetBreached.class, PRODUCER, trace, t(7)))
                        .setBudgetPeriod("2026-11-21")
                        .setBudgetMicroUsd(5_000_000)
                        .setSpentMicroUsd(5_001_250)
                        .build());
        out.add(
                ModelPromoted.newBuilder()
                        .setEnvelope(Envelopes.create(ModelPromoted.class, PRODUCER, trace, t(8)))
                        .setModelName("engaged-views")
                        .setModelVersion("12")
                        .setPreviousVersion("11")
                        .setObjective("engaged_views_at_horizon")
                        .setArtifactUri("models/engaged-views/12")
                        .setTrainingTableVersion(42)
                        .setMetrics(Map.of("rmse", 12.5, "r2", 0.61))
                        .build());
        out.add(
                RecommendationsPublished.newBuilder()
                        .setEnvelope(
                                Envelopes.create(
                                        RecommendationsPublished.class, PRODUCER, trace, t(9)))
                        .setPolicyVersion("thompson@12")
                        .setModelVersion("12")
                        .setSegments(List.of("YOUTUBE_SHORTS/cooking"))
                        .setRecommendationCount(20)
                        .build());
        // A trend in the first enum parameter's last value (named by the schema, not here).
        Schema.Field trending =
                ContentParameters.getClassSchema().getFields().stream()
                        .filter(f -> f.schema().getType() == Schema.Type.ENUM)
                        .findFirst()
                        .orElseThrow();
        List<String> symbols = trending.schema().getEnumSymbols();
        out.add(
                TrendDetected.newBuilder()
                        .setEnvelope(Envelopes.create(TrendDetected.class, PRODUCER, trace, t(9)))
                        .setPlatform("TIKTOK")
                        .setDimension(trending.name())
                        .setValue(symbols.get(symbols.size() - 1))
                        .setArmKey(null)
                        .setWindowStart(t(9) - 600_000)
                        .setWindowEnd(t(9))
                        .setEngagedViews(420)
                        .setBaselineMean(120.0)
                        .setBaselineSd(15.5)
                        .setZScore(19.4)
                        .build());
        out.add(
                DeadLetter.newBuilder()
                        .setEnvelope(Envelopes.create(DeadLetter.class, PRODUCER, trace, t(10)))
                        .setConsumer("engagement-kpi-job")
                        .setSourceTopic("flywheel.engagement.events")
                        .setSourcePartition(3)
                        .setSourceOffset(1234)
                        .setFailureKind("BAD_HEADER")
                        .setReason("not Avro single-object encoding")
                        .setOriginalKey(null)
                        .setOriginalValue(
                                ByteBuffer.wrap("garbage".getBytes(StandardCharsets.UTF_8)))
                        .build());
        if (out.size() != EventType.values().length) {
            throw new IllegalStateException("SampleEvents misses an event type");
        }
        return out;
    }

    public ContentRequested contentRequested(
            String trace, String jobId, ContentParameters parameters) {
        return ContentRequested.newBuilder()
                .setEnvelope(Envelopes.create(ContentRequested.class, PRODUCER, trace, t(0)))
                .setJobId(jobId)
                .setBriefId(null)
                .setParameters(parameters)
                .setTitle(null)
                .setRenditions(
                        List.of(
                                RenditionSpec.newBuilder()
                                        .setLabel("1080x1920")
                                        .setWidth(1080)
                                        .setHeight(1920)
                                        .build()))
                .setPolicyVersion("thompson@12")
                .setSelectionProbability(0.25)
                .setExperimentId(null)
                .setExperimentArm(null)
                .build();
    }

    /** Engagement increments; {@code likes} null means "not reported", 0 means measured zero. */
    public EngagementObserved engagement(
            String trace, String videoId, long eventTime, Long views, Long likes) {
        return EngagementObserved.newBuilder()
                .setEnvelope(Envelopes.create(EngagementObserved.class, PRODUCER, trace, eventTime))
                .setVideoId(videoId)
                .setPlatform(Platform.YOUTUBE_SHORTS)
                .setPlatformVideoId("sbx-" + videoId.substring(0, 8))
                .setPeriodStart(eventTime - 60_000)
                .setPeriodEnd(eventTime)
                .setViews(views)
                .setEngagedViews(views == null ? null : views / 2)
                .setEstimatedMinutesWatched(views == null ? null : views * 0.3)
                .setAverageViewDuration(18.0)
                .setAverageViewPercentage(61.5)
                .setLikes(likes)
                .setComments(0L)
                .setShares(null)
                .setSubscribersGained(1L)
                .setSubscribersLost(0L)
                .setImpressions(views == null ? null : views * 4)
                .setReach(null)
                .setSaved(null)
                .build();
    }

    private long t(int step) {
        return baseTime + step * 1_000L;
    }
}
