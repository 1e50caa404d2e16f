package io.flywheel.api.scoring;

import io.flywheel.model.Arm;
import io.flywheel.model.ArmColumns;
import io.flywheel.model.ParameterTable;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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

    private record Segment(String platform, String niche) {}

    private final ExpiringReads<Segment, List<Arm>> reads;

    public PublishedArms(BiFunction<String, String, List<Arm>> source, Clock clock) {
        this.reads =
                new ExpiringReads<>(
                        s -> List.copyOf(source.apply(s.platform(), s.niche())), TTL, clock);
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
                                                        "SELECT "
                                                                + ArmColumns.names(
                                                                        ParameterTable.ALL)
                                                                + " FROM recommendations"
                                                                + " WHERE platform = :p AND niche = :n"
                                                                + " ORDER BY rank")
                                                .bind("p", platform)
                                                .bind("n", niche)
                                                .map((rs, ctx) -> ArmColumns.read(rs))
                                                .list()),
                Clock.systemUTC());
    }

    public List<Arm> of(String platform, String niche) {
        return reads.get(new Segment(platform, niche));
    }
}
