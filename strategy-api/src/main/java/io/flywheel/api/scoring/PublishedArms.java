package io.flywheel.api.scoring;

import io.flywheel.model.Arm;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.jdbi.v3.core.Jdbi;

/**
 * The arms the batch RecommendJob published for a segment (table {@code recommendations}): the
 * model's best arms found over the whole parameter space, which the fixed {@link CandidatePool}
 * design of 240 arms rarely contains. The policy scores them alongside the design, so the API can
 * exploit what the batch search found. Read at most every {@link #TTL} per segment.
 */
public final class PublishedArms {
    static final Duration TTL = Duration.ofSeconds(10);

    private record Cached(List<Arm> arms, long readAt) {}

    private final BiFunction<String, String, List<Arm>> source;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public PublishedArms(BiFunction<String, String, List<Arm>> source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    /** No published arms: the policy uses the design alone. */
    public static PublishedArms none() {
        return new PublishedArms((p, n) -> List.of(), Clock.systemUTC());
    }

    public static PublishedArms from(Jdbi jdbi) {
        return new PublishedArms(
                (platform, niche) ->
                        jdbi.withHandle(
                                h ->
                                        h.createQuery(
                                                        "SELECT platform, niche, hook_style, pacing,"
                                                                + " target_duration_s, voice,"
                                                                + " music_mood, caption_style,"
                                                                + " visual_style, posting_hour"
                                                                + " FROM recommendations"
                                                                + " WHERE platform = :p AND niche = :n"
                                                                + " ORDER BY rank")
                                                .bind("p", platform)
                                                .bind("n", niche)
                                                .map(
                                                        (rs, ctx) ->
                                                                new Arm(
                                                                        rs.getString(1),
                                                                        rs.getString(2),
                                                                        rs.getString(3),
                                                                        rs.getString(4),
                                                                        rs.getInt(5),
                                                                        rs.getString(6),
                                                                        rs.getString(7),
                                                                        rs.getString(8),
                                                                        rs.getString(9),
                                                                        rs.getInt(10)))
                                                .list()),
                Clock.systemUTC());
    }

    public List<Arm> of(String platform, String niche) {
        long now = clock.millis();
        Cached c =
                cache.compute(
                        platform + "/" + niche,
                        (k, old) ->
                                old != null && now - old.readAt() < TTL.toMillis()
                                        ? old
                                        : new Cached(
                                                List.copyOf(source.apply(platform, niche)), now));
        return c.arms();
    }
}
