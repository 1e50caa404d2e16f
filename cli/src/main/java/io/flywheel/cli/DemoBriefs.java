package io.flywheel.cli;

import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.HookStyle;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.Pacing;
import io.flywheel.schemas.ParameterSpace;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.schemas.VisualStyle;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The demo's first briefs: with no model yet, arms are drawn uniformly at random within each
 * segment, and each event logs the exact probability of its draw (for off-policy evaluation).
 */
final class DemoBriefs {
    static final String POLICY = "uniform-random";
    private static final ParameterSpace SPACE = ParameterSpace.DEFAULT;

    private final Random random;
    private final String producer;

    DemoBriefs(long seed) {
        this.random = new Random(seed);
        this.producer = Envelopes.producerName("flywheel-demo");
    }

    /** The probability that a uniform draw picks any one arm of a segment. */
    static double selectionProbability() {
        return 1.0 / SPACE.armsPerSegment();
    }

    ContentRequested request(UUID briefId, Platform platform, String niche, long now) {
        ContentParameters p =
                ContentParameters.newBuilder()
                        .setPlatform(platform)
                        .setNiche(niche)
                        .setHookStyle(pick(HookStyle.values()))
                        .setPacing(pick(Pacing.values()))
                        .setTargetDurationS(
                                SPACE.durationsS().get(random.nextInt(SPACE.durationsS().size())))
                        .setVoice(SPACE.voices().get(random.nextInt(SPACE.voices().size())))
                        .setMusicMood(pick(MusicMood.values()))
                        .setCaptionStyle(pick(CaptionStyle.values()))
                        .setVisualStyle(pick(VisualStyle.values()))
                        .setPostingHour(random.nextInt(24))
                        .build();
        String trace = UUID.randomUUID().toString();
        return ContentRequested.newBuilder()
                .setEnvelope(Envelopes.create(ContentRequested.class, producer, trace, now))
                .setJobId(UUID.randomUUID().toString())
                .setBriefId(briefId.toString())
                .setParameters(p)
                .setTitle(null)
                .setRenditions(
                        List.of(
                                RenditionSpec.newBuilder()
                                        .setLabel("1080x1920")
                                        .setWidth(1080)
                                        .setHeight(1920)
                                        .build()))
                .setPolicyVersion(POLICY)
                .setSelectionProbability(selectionProbability())
                .setExperimentId(null)
                .setExperimentArm(null)
                .build();
    }

    /** A random symbol other than UNKNOWN (always the first). */
    private <T> T pick(T[] values) {
        return values[1 + random.nextInt(values.length - 1)];
    }
}
