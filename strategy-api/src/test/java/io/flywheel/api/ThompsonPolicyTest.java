package io.flywheel.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.api.http.RateLimiter;
import io.flywheel.api.scoring.CandidatePool;
import io.flywheel.api.scoring.Champion;
import io.flywheel.api.scoring.ModelLoader;
import io.flywheel.api.scoring.Pick;
import io.flywheel.api.scoring.PublishedArms;
import io.flywheel.api.scoring.ThompsonPolicy;
import io.flywheel.api.videos.RequestedRange;
import io.flywheel.model.Arm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.ByteRange;
import org.junit.jupiter.api.Test;

/** The policy's reported selection probabilities, the rate limiter and byte ranges, exactly. */
class ThompsonPolicyTest {

    @Test
    void reportedSelectionProbabilitiesMatchTheObservedFrequencies() throws Exception {
        Path models = Files.createTempDirectory("flywheel-policy");
        TinyModels.train(models, 1, 5, 0, 11); // no planted signal: the boosters disagree
        Champion champion = new Champion();
        champion.swap(new ModelLoader(models).load("engagement/v1"));
        ThompsonPolicy policy =
                new ThompsonPolicy(
                        champion, PublishedArms.none(), io.flywheel.api.trends.TrendBoost.OFF, 0.5);
        int draws = 6000;
        Map<String, Integer> seen = new HashMap<>();
        Map<String, Double> reported = new HashMap<>();
        for (int seed = 0; seed < draws; seed++) {
            Pick p = policy.recommend("TIKTOK", "cooking", 1, 0.3, seed).picks().get(0);
            seen.merge(p.arm().armKey(), 1, Integer::sum);
            Double before = reported.put(p.arm().armKey(), p.selectionProbability());
            if (before != null) {
                assertThat(p.selectionProbability()).isEqualTo(before);
            }
        }
        // A video is the ensemble mean's best arm or, with probability 0.3, a booster's favourite:
        // the arms seen carry all the probability, and their frequencies match what was reported.
        double total = 0;
        for (Map.Entry<String, Double> e : reported.entrySet()) {
            total += e.getValue();
            double observed = seen.get(e.getKey()) / (double) draws;
            assertThat(observed).as(e.getKey()).isCloseTo(e.getValue(), within(0.03));
        }
        assertThat(total).as("probabilities of the arms seen").isCloseTo(1.0, within(1e-6));
        assertThat(reported.values()).as("the mean's best").anyMatch(p -> p >= 0.7);
        assertThat(reported).as("the boosters' favourites").hasSizeGreaterThan(1);
    }

    @Test
    void aBriefsVideosRepeatTheBestArmAndExploreTheBoostersFavourites() throws Exception {
        Path models = Files.createTempDirectory("flywheel-repeats");
        TinyModels.train(models, 1, 5, 0, 11); // no planted signal: the boosters disagree
        Champion champion = new Champion();
        champion.swap(new ModelLoader(models).load("engagement/v1"));
        ThompsonPolicy policy =
                new ThompsonPolicy(
                        champion, PublishedArms.none(), io.flywheel.api.trends.TrendBoost.OFF, 0.5);

        List<Pick> greedy = policy.recommend("TIKTOK", "cooking", 30, 0.0, 1).picks();
        assertThat(greedy).hasSize(30).allMatch(p -> !p.exploration());
        assertThat(greedy.stream().map(p -> p.arm().armKey()).distinct()).hasSize(1);
        assertThat(greedy.get(0).selectionProbability()).isEqualTo(1.0);

        List<Pick> explored = policy.recommend("TIKTOK", "cooking", 30, 1.0, 1).picks();
        Set<String> favourites = new HashSet<>();
        explored.forEach(p -> favourites.add(p.arm().armKey()));
        assertThat(explored).allMatch(Pick::exploration);
        // 30 draws over five boosters' favourites: repeats, at most five arms, more than one.
        assertThat(favourites).hasSizeBetween(2, 5);
    }

    @Test
    void theBatchsPublishedArmsJoinTheSegmentsPoolOnceTheyAreRead() throws Exception {
        Path models = Files.createTempDirectory("flywheel-published");
        TinyModels.train(models, 1, 3, 15, 7);
        Champion champion = new Champion();
        champion.swap(new ModelLoader(models).load("engagement/v1"));
        Set<String> design = new HashSet<>();
        CandidatePool.forSegment("TIKTOK", "cooking").forEach(a -> design.add(a.armKey()));
        java.util.Random r = new java.util.Random(3);
        List<Arm> outside = new java.util.ArrayList<>();
        while (outside.size() < 20_000) {
            Arm a = TinyModels.randomArm(r, "TIKTOK", "cooking");
            if (!design.contains(a.armKey())) {
                outside.add(a);
            }
        }
        // What the batch search would publish: the best of many arms outside the design, and two
        // more of them.
        Arm found = bestByMean(champion, outside);
        List<Arm> fresh = new java.util.ArrayList<>(List.of(found));
        outside.stream().filter(a -> !a.equals(found)).limit(2).forEach(fresh::add);
        Arm otherSegment = TinyModels.randomArm(r, "TIKTOK", "fitness");
        AtomicInteger reads = new AtomicInteger();
        long[] now = {0};
        Clock clock =
                new Clock() {
                    @Override
                    public ZoneOffset getZone() {
                        return ZoneOffset.UTC;
                    }

                    @Override
                    public Clock withZone(java.time.ZoneId zone) {
                        return this;
                    }

                    @Override
                    public Instant instant() {
                        return Instant.ofEpochMilli(now[0]);
                    }
                };
        PublishedArms published =
                new PublishedArms(
                        (platform, niche) -> {
                            reads.incrementAndGet();
                            List<Arm> out = new java.util.ArrayList<>(fresh);
                            out.add(otherSegment); // another segment's arm is never a candidate
                            out.add(fresh.get(0)); // nor counted twice
                            return out;
                        },
                        clock);
        ThompsonPolicy policy =
                new ThompsonPolicy(champion, published, io.flywheel.api.trends.TrendBoost.OFF, 0.5);

        // The pool is the design plus this segment's published arms, each once.
        List<Arm> pool =
                champion.with(
                        e ->
                                e.get()
                                        .pool(
                                                "TIKTOK",
                                                "cooking",
                                                published.of("TIKTOK", "cooking"))
                                        .arms());
        Set<String> inPool = new HashSet<>();
        pool.forEach(a -> inPool.add(a.armKey()));
        assertThat(pool).hasSize(CandidatePool.SIZE + 3);
        assertThat(inPool).containsAll(design);
        fresh.forEach(a -> assertThat(inPool).contains(a.armKey()));
        assertThat(inPool).doesNotContain(otherSegment.armKey());

        // Without exploration every video is the mean's best of that pool: a published arm when
        // the batch found one better than the whole design.
        String bestKey = bestByMean(champion, pool).armKey();
        assertThat(policy.recommend("TIKTOK", "cooking", 7, 0.0, 1).picks())
                .hasSize(7)
                .allMatch(x -> x.arm().armKey().equals(bestKey));
        // Trees over categorical splits give many arms the same prediction: the pool's best is
        // the published arm or a design arm that ties with it, never a worse one.
        Arm best = pool.stream().filter(a -> a.armKey().equals(bestKey)).findFirst().get();
        assertThat(meanOf(champion, best))
                .as("the best is as good as the published one")
                .isEqualTo(meanOf(champion, found));
        assertThat(meanOf(champion, found))
                .as("the published arm beats the design's best alone")
                .isGreaterThanOrEqualTo(meanOf(champion, bestByMean(champion, designArms())));

        policy.recommend("TIKTOK", "cooking", 1, 0.0, 2);
        assertThat(reads.get()).as("read once per TTL").isEqualTo(1);
        now[0] += 11_000;
        policy.recommend("TIKTOK", "cooking", 1, 0.0, 3);
        assertThat(reads.get()).isEqualTo(2);
    }

    private static double meanOf(Champion champion, Arm a) {
        return champion.with(e -> e.get().score(List.of(a)).mean()[0]);
    }

    private static List<Arm> designArms() {
        return CandidatePool.forSegment("TIKTOK", "cooking");
    }

    /** The arm with the highest mean over the champion's boosters (scored as a segment's pool). */
    private static Arm bestByMean(Champion champion, List<Arm> arms) {
        return champion.with(
                e -> {
                    var scored = e.get().pool("TIKTOK", "cooking", arms);
                    float[][] p = scored.scores().byMember();
                    Set<String> wanted = new HashSet<>();
                    arms.forEach(a -> wanted.add(a.armKey()));
                    int best = -1;
                    double bestMean = 0;
                    for (int i = 0; i < scored.arms().size(); i++) {
                        double mean = 0;
                        for (float[] booster : p) {
                            mean += booster[i];
                        }
                        mean /= p.length;
                        if (wanted.contains(scored.arms().get(i).armKey())
                                && (best < 0 || mean > bestMean)) {
                            best = i;
                            bestMean = mean;
                        }
                    }
                    return scored.arms().get(best);
                });
    }

    private static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }

    @Test
    void anArmKeyNamesItsArmAndTheArmItsEvent() {
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < 200; i++) {
            var arm = TinyModels.randomArm(r, "INSTAGRAM_REELS", "personal-finance");
            assertThat(io.flywheel.model.Arm.ofKey(arm.armKey())).isEqualTo(arm);
            assertThat(io.flywheel.model.Arm.fromAvro(arm.toAvro()).armKey())
                    .isEqualTo(arm.armKey());
        }
    }

    @Test
    void tokenBucketAllowsTheBurstThenTheRate() {
        AtomicLong now = new AtomicLong(0);
        RateLimiter limiter = new RateLimiter(2.0, 3, 1000, now::get);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.take("k").allowed()).isTrue();
        }
        RateLimiter.Decision d = limiter.take("k");
        assertThat(d.allowed()).isFalse();
        assertThat(d.retryAfterSeconds()).isEqualTo(1);
        assertThat(limiter.take("other").allowed()).isTrue();
        now.addAndGet(500_000_000L); // half a second refills one token at 2/s
        assertThat(limiter.take("k").allowed()).isTrue();
        assertThat(limiter.take("k").allowed()).isFalse();
        now.addAndGet(60_000_000_000L); // never more than the burst
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.take("k").allowed()).isTrue();
        }
        assertThat(limiter.take("k").allowed()).isFalse();
    }

    @Test
    void byteRangesFollowRfc9110() throws Exception {
        assertThat(RequestedRange.of("bytes=0-99", 1000)).contains(new ByteRange(0, 99));
        assertThat(RequestedRange.of("bytes=990-2000", 1000)).contains(new ByteRange(990, 999));
        assertThat(RequestedRange.of("bytes=-5000", 1000)).contains(new ByteRange(0, 999));
        assertThat(RequestedRange.of("bytes=900-,0-9", 1000)).contains(new ByteRange(0, 9));
        assertThat(RequestedRange.of("items=0-1", 1000)).isEmpty();
        assertThat(RequestedRange.of(null, 1000)).isEmpty();
        for (String unsatisfiable :
                List.of("bytes=1000-", "bytes=-0", "bytes=99999999999999999999-", "bytes=5-1")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> RequestedRange.of(unsatisfiable, 1000))
                    .as(unsatisfiable)
                    .isInstanceOf(RequestedRange.Unsatisfiable.class);
        }
    }
}
