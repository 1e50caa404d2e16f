package io.flywheel.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Thumbnail variants, tests and their counts (since V65). */
public final class ThumbnailStore {
    /** A test's state on one platform. */
    public record Test(
            UUID videoId,
            String platform,
            String platformVideoId,
            int currentVariant,
            Instant switchedAt,
            Integer winnerVariant,
            Double winnerProbability) {
        public boolean decided() {
            return winnerVariant != null;
        }
    }

    /** Impressions and clicks of one variant on one platform. */
    public record Counts(int variant, long impressions, long clicks) {}

    /** How many decided tests a style won on a platform. */
    public record StyleWins(String platform, ThumbnailStyle style, long wins) {}

    private final Jdbi jdbi;

    public ThumbnailStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Records a video's variants; a video rendered again replaces the rows of the same number. */
    public void recordVariants(UUID videoId, List<ThumbnailVariant> variants) {
        jdbi.useTransaction(
                h -> {
                    for (ThumbnailVariant v : variants) {
                        h.createUpdate(
                                        "INSERT INTO thumbnail_variants (video_id, variant,"
                                                + " frame_position, text_style, colour, frame_s,"
                                                + " wide_uri, tall_uri) VALUES (:video, :variant,"
                                                + " :frame, :text, :colour, :frameS, :wide, :tall)"
                                                + " ON CONFLICT (video_id, variant) DO UPDATE SET"
                                                + " frame_position = EXCLUDED.frame_position,"
                                                + " text_style = EXCLUDED.text_style, colour ="
                                                + " EXCLUDED.colour, frame_s = EXCLUDED.frame_s,"
                                                + " wide_uri = EXCLUDED.wide_uri, tall_uri ="
                                                + " EXCLUDED.tall_uri, recorded_at = now()")
                                .bind("video", videoId)
                                .bind("variant", v.variant())
                                .bind("frame", v.style().framePosition())
                                .bind("text", v.style().textStyle())
                                .bind("colour", v.style().colour())
                                .bind("frameS", v.frameS())
                                .bind("wide", v.wideUri())
                                .bind("tall", v.tallUri())
                                .execute();
                    }
                });
    }

    /** A video's variants by number; empty when none were recorded. */
    public List<ThumbnailVariant> variants(UUID videoId) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT * FROM thumbnail_variants WHERE video_id = :video"
                                                + " ORDER BY variant")
                                .bind("video", videoId)
                                .map((rs, ctx) -> variant(rs))
                                .list());
    }

    /**
     * Starts a test showing {@code firstVariant}, unless one exists for the video and platform.
     *
     * @return whether a test was started
     */
    public boolean start(
            UUID videoId, String platform, String platformVideoId, int firstVariant, Instant at) {
        return jdbi.withHandle(
                        h ->
                                h.createUpdate(
                                                "INSERT INTO thumbnail_tests (video_id, platform,"
                                                        + " platform_video_id, current_variant,"
                                                        + " started_at, switched_at) VALUES"
                                                        + " (:video, :platform, :pvid, :variant,"
                                                        + " :at, :at) ON CONFLICT DO NOTHING")
                                        .bind("at", at)
                                        .bind("video", videoId)
                                        .bind("platform", platform)
                                        .bind("pvid", platformVideoId)
                                        .bind("variant", firstVariant)
                                        .execute())
                > 0;
    }

    public Optional<Test> test(UUID videoId, String platform) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT * FROM thumbnail_tests WHERE video_id = :video AND"
                                                + " platform = :platform")
                                .bind("video", videoId)
                                .bind("platform", platform)
                                .map((rs, ctx) -> test(rs))
                                .findOne());
    }

    /** A video's tests, one per platform. */
    public List<Test> tests(UUID videoId) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT * FROM thumbnail_tests WHERE video_id = :video"
                                                + " ORDER BY platform")
                                .bind("video", videoId)
                                .map((rs, ctx) -> test(rs))
                                .list());
    }

    /** The undecided tests of a platform, oldest first. */
    public List<Test> open(String platform) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT * FROM thumbnail_tests WHERE platform = :platform"
                                                + " AND decided_at IS NULL ORDER BY started_at,"
                                                + " video_id")
                                .bind("platform", platform)
                                .map((rs, ctx) -> test(rs))
                                .list());
    }

    /**
     * Attributes the platform's totals since the current variant was shown to it: what they grew by
     * since the last call goes to that variant, so a poll repeated with the same totals adds
     * nothing. Totals lower than those seen (a platform revising its figures down) add nothing and
     * become the new reference. A switch starts the totals from zero.
     */
    public void observe(
            UUID videoId, String platform, long cumulativeImpressions, long cumulativeClicks) {
        jdbi.useTransaction(
                h -> {
                    Test t = lock(h, videoId, platform);
                    long[] seen =
                            h.createQuery(
                                            "SELECT seen_impressions, seen_clicks FROM"
                                                    + " thumbnail_tests WHERE video_id = :video AND"
                                                    + " platform = :platform")
                                    .bind("video", videoId)
                                    .bind("platform", platform)
                                    .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                                    .one();
                    long impressions = Math.max(0, cumulativeImpressions - seen[0]);
                    long clicks = Math.max(0, cumulativeClicks - seen[1]);
                    h.createUpdate(
                                    "INSERT INTO thumbnail_counts (video_id, platform, variant,"
                                            + " impressions, clicks) VALUES (:video, :platform,"
                                            + " :variant, :impressions, :clicks) ON CONFLICT"
                                            + " (video_id, platform, variant) DO UPDATE SET"
                                            + " impressions = thumbnail_counts.impressions +"
                                            + " EXCLUDED.impressions, clicks ="
                                            + " thumbnail_counts.clicks + EXCLUDED.clicks")
                            .bind("video", videoId)
                            .bind("platform", platform)
                            .bind("variant", t.currentVariant())
                            .bind("impressions", impressions)
                            .bind("clicks", Math.min(clicks, impressions))
                            .execute();
                    h.createUpdate(
                                    "UPDATE thumbnail_tests SET seen_impressions = :i, seen_clicks"
                                            + " = :c WHERE video_id = :video AND platform ="
                                            + " :platform")
                            .bind("i", cumulativeImpressions)
                            .bind("c", cumulativeClicks)
                            .bind("video", videoId)
                            .bind("platform", platform)
                            .execute();
                });
    }

    /** Every variant's counts on a platform, by variant number (zero for a variant not shown). */
    public List<Counts> counts(UUID videoId, String platform) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT v.variant, coalesce(c.impressions, 0) AS"
                                                + " impressions, coalesce(c.clicks, 0) AS clicks"
                                                + " FROM thumbnail_variants v LEFT JOIN"
                                                + " thumbnail_counts c ON c.video_id = v.video_id"
                                                + " AND c.variant = v.variant AND c.platform ="
                                                + " :platform WHERE v.video_id = :video ORDER BY"
                                                + " v.variant")
                                .bind("video", videoId)
                                .bind("platform", platform)
                                .map(
                                        (rs, ctx) ->
                                                new Counts(
                                                        rs.getInt("variant"),
                                                        rs.getLong("impressions"),
                                                        rs.getLong("clicks")))
                                .list());
    }

    /** The platform shows {@code variant} from {@code at} on. */
    public void switchTo(UUID videoId, String platform, int variant, Instant at) {
        jdbi.useHandle(
                h ->
                        h.createUpdate(
                                        "UPDATE thumbnail_tests SET current_variant = :variant,"
                                                + " switched_at = :at, seen_impressions = 0,"
                                                + " seen_clicks = 0 WHERE video_id = :video AND"
                                                + " platform = :platform")
                                .bind("variant", variant)
                                .bind("at", at)
                                .bind("video", videoId)
                                .bind("platform", platform)
                                .execute());
    }

    /** The test is decided at {@code at}: the winner is shown from then on. */
    public void decide(UUID videoId, String platform, int winner, double probability, Instant at) {
        jdbi.useHandle(
                h ->
                        h.createUpdate(
                                        "UPDATE thumbnail_tests SET current_variant = :winner,"
                                                + " switched_at = :at, winner_variant = :winner,"
                                                + " winner_probability = :p, decided_at = :at"
                                                + " WHERE video_id = :video AND platform ="
                                                + " :platform")
                                .bind("winner", winner)
                                .bind("at", at)
                                .bind("p", probability)
                                .bind("video", videoId)
                                .bind("platform", platform)
                                .execute());
    }

    /** Styles by the number of decided tests they won, per platform, most wins first. */
    public List<StyleWins> winningStyles() {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT t.platform, v.frame_position, v.text_style,"
                                                + " v.colour, count(*) AS wins FROM"
                                                + " thumbnail_tests t JOIN thumbnail_variants v ON"
                                                + " v.video_id = t.video_id AND v.variant ="
                                                + " t.winner_variant WHERE t.decided_at IS NOT NULL"
                                                + " GROUP BY 1, 2, 3, 4 ORDER BY 1, wins DESC, 2,"
                                                + " 3, 4")
                                .map(
                                        (rs, ctx) ->
                                                new StyleWins(
                                                        rs.getString("platform"),
                                                        style(rs),
                                                        rs.getLong("wins")))
                                .list());
    }

    /**
     * The style a platform's videos lead with: the one that won the most decided tests there (a tie
     * goes to the first style by frame position, text style and colour, alphabetically); empty
     * while no test on the platform is decided.
     */
    public Optional<StyleWins> leadStyle(String platform) {
        return winningStyles().stream().filter(w -> w.platform().equals(platform)).findFirst();
    }

    private static Test lock(Handle h, UUID videoId, String platform) {
        return h.createQuery(
                        "SELECT * FROM thumbnail_tests WHERE video_id = :video AND platform ="
                                + " :platform FOR UPDATE")
                .bind("video", videoId)
                .bind("platform", platform)
                .map((rs, ctx) -> test(rs))
                .findOne()
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "no thumbnail test of video "
                                                + videoId
                                                + " on "
                                                + platform));
    }

    private static Test test(ResultSet rs) throws SQLException {
        int winner = rs.getInt("winner_variant");
        boolean decided = !rs.wasNull();
        double p = rs.getDouble("winner_probability");
        return new Test(
                rs.getObject("video_id", UUID.class),
                rs.getString("platform"),
                rs.getString("platform_video_id"),
                rs.getInt("current_variant"),
                rs.getTimestamp("switched_at").toInstant(),
                decided ? winner : null,
                decided ? p : null);
    }

    private static ThumbnailVariant variant(ResultSet rs) throws SQLException {
        return new ThumbnailVariant(
                rs.getInt("variant"),
                style(rs),
                rs.getDouble("frame_s"),
                rs.getString("wide_uri"),
                rs.getString("tall_uri"));
    }

    private static ThumbnailStyle style(ResultSet rs) throws SQLException {
        return new ThumbnailStyle(
                rs.getString("frame_position"), rs.getString("text_style"), rs.getString("colour"));
    }
}
