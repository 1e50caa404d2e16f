package io.flywheel.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flywheel.model.ParameterSpace;
import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.EngagementObserved;
import io.flywheel.schemas.EventCodec;
import io.flywheel.schemas.HookStyle;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.Pacing;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.VisualStyle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AudienceSimulatorTest {
    private static final long T0 = 1_795_000_000_000L;
    private static final long HOUR = 3_600_000L;

    static ContentParameters arm(Platform platform, String niche, HookStyle hook, Pacing pacing) {
        return ContentParameters.newBuilder()
                .setPlatform(platform)
                .setNiche(niche)
                .setHookStyle(hook)
                .setPacing(pacing)
                .setTargetDurationS(30)
                .setVoice("en-us+f3")
                .setMusicMood(MusicMood.UPBEAT)
                .setCaptionStyle(CaptionStyle.WORD_HIGHLIGHT)
                .setVisualStyle(VisualStyle.BOLD)
                .setPostingHour(19)
                .build();
    }

    @Test
    void theSameSeedGivesTheSameAudienceAndAnotherSeedAnother() {
        World w = WorldFile.builtin("baseline");
        ContentParameters p =
                arm(Platform.YOUTUBE_SHORTS, "cooking", HookStyle.QUESTION, Pacing.FAST);
        String video = UUID.randomUUID().toString();

        List<EngagementReport> a =
                new AudienceModel(w, 42, HOUR)
                        .reports(video, "sbx-1", UUID.randomUUID().toString(), p, T0);
        List<EngagementReport> b =
                new AudienceModel(w, 42, HOUR)
                        .reports(video, "sbx-1", UUID.randomUUID().toString(), p, T0);
        List<EngagementReport> c =
                new AudienceModel(w, 43, HOUR)
                        .reports(video, "sbx-1", UUID.randomUUID().toString(), p, T0);

        assertThat(a.stream().map(r -> r.event().getViews()).toList())
                .isEqualTo(b.stream().map(r -> r.event().getViews()).toList())
                .isNotEqualTo(c.stream().map(r -> r.event().getViews()).toList());
        assertThat(a.stream().map(r -> r.event().getEnvelope().getEventId()).toList())
                .as("event ids are derived, so a repeated report is recognisable")
                .isEqualTo(b.stream().map(r -> r.event().getEnvelope().getEventId()).toList())
                .doesNotHaveDuplicates();
        assertThat(a.stream().map(r -> r.event().getLikes()).toList())
                .isEqualTo(b.stream().map(r -> r.event().getLikes()).toList());
    }

    /** Over many videos of one arm, the mean at the horizon is the world's stated expectation. */
    @ParameterizedTest
    @ValueSource(strings = {"baseline", "hooks-and-pacing", "night-owls"})
    void meansMatchTheWorldWithinSamplingErrorAndCountsAreOverDispersed(String worldName) {
        World w = WorldFile.builtin(worldName);
        String segment = w.segments().keySet().iterator().next();
        String[] parts = segment.split("/");
        ContentParameters p =
                arm(Platform.valueOf(parts[0]), parts[1], HookStyle.STORY, Pacing.MEDIUM);
        AudienceModel model = new AudienceModel(w, 7, 6 * HOUR);
        Random ids = new Random(1);
        int n = 3000;
        double[] engaged = new double[n];
        double[] views = new double[n];
        for (int i = 0; i < n; i++) {
            String video = new UUID(ids.nextLong(), ids.nextLong()).toString();
            for (EngagementReport r : model.reports(video, "sbx", video, p, T0)) {
                engaged[i] += r.event().getEngagedViews();
                views[i] += r.event().getViews();
            }
        }
        assertWithinSamplingError(engaged, w.expectedObjective(p));
        assertWithinSamplingError(views, w.expectedViews(p));
        double mean = mean(views);
        assertThat(variance(views, mean))
                .as("negative-binomial: variance well above the Poisson's (= mean)")
                .isGreaterThan(5 * mean);
    }

    @Test
    void incrementsCoverPublicationToHorizonAndArriveAfterTheReportingLag() {
        World w = WorldFile.builtin("baseline");
        ContentParameters p = arm(Platform.TIKTOK, "cooking", HookStyle.BOLD_CLAIM, Pacing.FAST);
        String video = UUID.randomUUID().toString();
        AudienceSimulator sim = new AudienceSimulator(new AudienceModel(w, 1, HOUR));
        sim.published(video, "sbx-9", UUID.randomUUID().toString(), p, T0);

        long lag = (long) (w.reportingLagMinutes() * 60_000);
        assertThat(sim.pending()).isEqualTo(72);
        assertThat(sim.due(T0 + HOUR + lag - 1)).isEmpty();
        List<EngagementObserved> first = sim.due(T0 + HOUR + lag);
        assertThat(first).hasSize(1);
        assertThat(first.get(0).getPeriodStart()).isEqualTo(T0);
        assertThat(first.get(0).getPeriodEnd()).isEqualTo(T0 + HOUR);
        assertThat(first.get(0).getEnvelope().getEventTime()).isEqualTo(T0 + HOUR);
        List<EngagementObserved> rest = sim.due(Long.MAX_VALUE);
        assertThat(rest).hasSize(71);
        for (int i = 1; i < rest.size(); i++) {
            assertThat(rest.get(i).getPeriodStart()).isEqualTo(rest.get(i - 1).getPeriodEnd());
        }
        assertThat(rest.get(70).getPeriodEnd()).isEqualTo(T0 + 72 * HOUR);

        // TikTok does not report impressions in this world: null, never a made-up zero.
        assertThat(rest).allSatisfy(e -> assertThat(e.getImpressions()).isNull());
        assertThat(rest).allSatisfy(e -> assertThat(e.getComments()).isNotNull());
        EventCodec codec = EventCodec.standard();
        assertThat(rest)
                .allSatisfy(e -> assertThat(codec.decode(codec.encode(e)).isDecoded()).isTrue());
    }

    @Test
    void revenueIsViewsTimesTheSegmentsRpmAndNullWhereThePlatformHasNone() {
        World w = WorldFile.builtin("baseline");
        String video = UUID.randomUUID().toString();
        ContentParameters tiktok =
                arm(Platform.TIKTOK, "personal-finance", HookStyle.STORY, Pacing.FAST);
        double rpm = w.segments().get("TIKTOK/personal-finance").rpmUsd();
        assertThat(rpm).isPositive();
        List<EngagementReport> reports =
                new AudienceModel(w, 3, HOUR).reports(video, "sbx", video, tiktok, T0);
        long views = 0;
        long revenue = 0;
        for (EngagementReport r : reports) {
            EngagementObserved e = r.event();
            assertThat(e.getEstimatedRevenueMicroUsd())
                    .isEqualTo(Math.round(e.getViews() * rpm * 1000));
            views += e.getViews();
            revenue += e.getEstimatedRevenueMicroUsd();
        }
        assertThat(views).isPositive();
        assertThat(revenue / 1e6)
                .isCloseTo(views * rpm / 1000, org.assertj.core.data.Offset.offset(1e-3));

        ContentParameters reels =
                arm(Platform.INSTAGRAM_REELS, "cooking", HookStyle.STORY, Pacing.FAST);
        assertThat(new AudienceModel(w, 3, HOUR).reports(video, "sbx", video, reels, T0))
                .allSatisfy(r -> assertThat(r.event().getEstimatedRevenueMicroUsd()).isNull());
    }

    @Test
    void theOracleFindsThePlantedBestArm() {
        World w = WorldFile.builtin("hooks-and-pacing");
        WorldOracle.Best best =
                new WorldOracle(w, ParameterSpace.DEFAULT).best(Platform.TIKTOK, "cooking");

        assertThat(best.arm().getHookStyle()).isEqualTo(HookStyle.CONTRARIAN);
        assertThat(best.arm().getPacing()).isEqualTo(Pacing.FAST);
        assertThat(best.arms()).isEqualTo(ParameterSpace.DEFAULT.armsPerSegment());
        assertThat(best.expectedObjective()).isGreaterThan(2 * best.meanObjective());
    }

    @Test
    void worldFilesAreCheckedStrictly(@TempDir Path dir) throws Exception {
        String good =
                new String(getClass().getResourceAsStream("/worlds/baseline.json").readAllBytes());
        assertThatThrownBy(
                        () ->
                                WorldFile.load(
                                        write(
                                                dir,
                                                good.replace(
                                                        "\"BOLD_CLAIM\": 0.30",
                                                        "\"BOLD_CLAM\": 0.30"))))
                .isInstanceOf(WorldException.class)
                .hasMessageContaining("'BOLD_CLAM' is not a hook_style");
        assertThatThrownBy(
                        () ->
                                WorldFile.load(
                                        write(
                                                dir,
                                                good.replace("\"dispersion\"", "\"dispersal\""))))
                .hasMessageContaining("unknown key 'dispersal'");
        assertThatThrownBy(
                        () ->
                                WorldFile.load(
                                        write(
                                                dir,
                                                good.replace(
                                                        "\"hook_style\": {\"QUESTION\"",
                                                        "\"hook\": {\"QUESTION\""))))
                .hasMessageContaining("unknown parameter 'hook'");
        assertThatThrownBy(() -> WorldFile.builtin("mars"))
                .hasMessageContaining("no built-in world 'mars'");
        assertThat(WorldFile.load(write(dir, good)).name()).isEqualTo("baseline");
    }

    /** A larger gamma shape keeps every expectation and narrows the spread of the outcomes. */
    @Test
    void aLargerDispersionShapeKeepsTheMeansAndLowersTheNoise() {
        World w = WorldFile.builtin("baseline");
        World calm = w.withDispersion(w.dispersion() * 16);
        ContentParameters p =
                arm(Platform.YOUTUBE_SHORTS, "cooking", HookStyle.STORY, Pacing.MEDIUM);
        assertThat(calm.expectedObjective(p)).isEqualTo(w.expectedObjective(p));
        assertThat(calm.dispersion()).isEqualTo(48.0);
        double[] noisy = engagedAtHorizon(w, p, 2000);
        double[] quiet = engagedAtHorizon(calm, p, 2000);
        assertWithinSamplingError(quiet, calm.expectedObjective(p));
        // variance μ + μ²/k: the shape's 16 times smaller μ²/k term
        assertThat(variance(quiet, mean(quiet))).isLessThan(variance(noisy, mean(noisy)) / 5);
        assertThatThrownBy(() -> w.withDispersion(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dispersion");
    }

    private static double[] engagedAtHorizon(World w, ContentParameters p, int n) {
        AudienceModel model = new AudienceModel(w, 11, 6 * HOUR);
        Random ids = new Random(3);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            String video = new UUID(ids.nextLong(), ids.nextLong()).toString();
            for (EngagementReport r : model.reports(video, "sbx", video, p, T0)) {
                out[i] += r.event().getEngagedViews();
            }
        }
        return out;
    }

    private static Path write(Path dir, String json) throws Exception {
        Path f = Files.createTempFile(dir, "world", ".json");
        Files.writeString(f, json);
        return f;
    }

    private static void assertWithinSamplingError(double[] xs, double expected) {
        double m = mean(xs);
        double se = Math.sqrt(variance(xs, m) / xs.length);
        assertThat(Math.abs(m - expected))
                .as("sample mean %.1f vs expected %.1f (SE %.2f)", m, expected, se)
                .isLessThan(4 * se);
    }

    private static double mean(double[] xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.length;
    }

    private static double variance(double[] xs, double mean) {
        double s = 0;
        for (double x : xs) {
            s += (x - mean) * (x - mean);
        }
        return s / (xs.length - 1);
    }
}
