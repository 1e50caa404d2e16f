package io.flywheel.batch.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.batch.ControlEvents;
import io.flywheel.batch.TestDatabase;
import io.flywheel.batch.TestSpark;
import io.flywheel.batch.db.Jdbc;
import io.flywheel.batch.lake.Lake;
import io.flywheel.batch.registry.ModelRegistry;
import io.flywheel.model.Arm;
import io.flywheel.model.ChannelLocales;
import io.flywheel.model.ParameterSpace;
import io.flywheel.model.ParameterTable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecommendJobTest {
    /** The default space with one duration, one voice and one posting hour. */
    static final ParameterSpace ONE_DURATION_VOICE_AND_HOUR =
            ParameterSpace.DEFAULT
                    .with(ParameterTable.get("target_duration_s"), List.of(30))
                    .with(ParameterTable.get("voice"), List.of("en-us+f3"))
                    .with(ParameterTable.get("posting_hour"), List.of(18));

    @TempDir Path dir;

    @Test
    void aColdStartPublishesADiverseExplorationSetNotAnError() throws Exception {
        Jdbc jdbc = TestDatabase.create("coldstart");
        RecommendJob.Settings s =
                new RecommendJob.Settings(
                        "m",
                        12,
                        0.2,
                        50_000,
                        1L,
                        List.of("cooking"),
                        new ChannelLocales(Map.of("TIKTOK", List.of("es-ES", "en-US"))));
        RecommendJob job =
                new RecommendJob(
                        TestSpark.session(),
                        new Lake(dir),
                        new ModelRegistry(jdbc),
                        jdbc,
                        ControlEvents.none(),
                        s,
                        Clock.systemUTC());

        RecommendJob.Result first = job.run();
        RecommendJob.Result second = job.run();

        assertThat(first.modelVersion()).isNull();
        assertThat(first.policyVersion()).isEqualTo("cold-start-diverse");
        assertThat(first.segments())
                .containsExactly(
                        "YOUTUBE_SHORTS/cooking", "TIKTOK/cooking", "INSTAGRAM_REELS/cooking");
        assertThat(second.count()).isEqualTo(36);
        try (Connection c = jdbc.connect();
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery(
                                "SELECT * FROM recommendations WHERE platform = 'TIKTOK'"
                                        + " ORDER BY rank")) {
            Set<String> hooks = new HashSet<>();
            Set<String> moods = new HashSet<>();
            Set<String> arms = new HashSet<>();
            Set<String> languages = new HashSet<>();
            int rows = 0;
            while (rs.next()) {
                rows++;
                languages.add(rs.getString("video_locale"));
                assertThat(rs.getBoolean("exploration")).isTrue();
                rs.getDouble("predicted_mean");
                assertThat(rs.wasNull()).isTrue();
                hooks.add(rs.getString("hook_style"));
                moods.add(rs.getString("music_mood"));
                arms.add(rs.getString("arm_key"));
            }
            assertThat(rows).as("the second run replaced the first").isEqualTo(12);
            assertThat(hooks).as("every hook style is tried").hasSize(6);
            assertThat(moods).as("every music mood is tried").hasSize(5);
            assertThat(arms).hasSize(12);
            assertThat(languages)
                    .as("TIKTOK's videos are made in the locales its channel allows, both tried")
                    .containsExactlyInAnyOrder("ES_ES", "EN_US");
        }
        try (Connection c = jdbc.connect();
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery(
                                "SELECT DISTINCT video_locale FROM recommendations"
                                        + " WHERE platform <> 'TIKTOK'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("a channel without a setting").isEqualTo("EN_US");
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void rankingExploitsTheBestMeansAndExploresByThompsonDraws() {
        List<Arm> arms =
                CandidateArms.of("TIKTOK", "fitness", ONE_DURATION_VOICE_AND_HOUR, 50_000, 1);
        assertThat(arms).hasSize(6 * 3 * 5 * 3 * 5);
        float[][] byMember = new float[4][arms.size()];
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < arms.size(); i++) {
                byMember[k][i] = i; // the last arm is best for every member...
            }
        }
        byMember[3][0] = arms.size(); // ...but member 3 believes in arm 0 (a low mean still)

        List<Recommendation> recs = Ranking.rank(arms, byMember, 5, 0.4, new Random(1));

        assertThat(recs).hasSize(5);
        assertThat(recs.get(0).arm()).isEqualTo(arms.get(arms.size() - 1));
        assertThat(recs.get(0).thompsonShare()).isEqualTo(0.75);
        assertThat(recs.subList(0, 3)).noneMatch(Recommendation::exploration);
        assertThat(recs.subList(3, 5)).allMatch(Recommendation::exploration);
        assertThat(recs.get(0).predictedSd()).isZero();
    }

    @Test
    void recommendationsThatFailTheirChecksAreNotWritten() {
        Arm arm = CandidateArms.of("TIKTOK", "fitness", ONE_DURATION_VOICE_AND_HOUR, 1, 1).get(0);
        List<Recommendation> twice =
                List.of(
                        new Recommendation(1, arm, 10.0, 1.0, 1.0, false),
                        new Recommendation(2, arm, Double.NaN, 1.0, 0.0, true));

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> RecommendJob.check("TIKTOK/fitness", twice))
                .isInstanceOf(io.flywheel.batch.quality.DataQualityException.class)
                .hasMessageContaining(
                        "recommendations of TIKTOK/fitness (2 rows): 2 of 5 checks FAILED")
                .hasMessageContaining("FAIL  unique: arm_key")
                .hasMessageContaining("FAIL  finite: predictions");
    }
}
