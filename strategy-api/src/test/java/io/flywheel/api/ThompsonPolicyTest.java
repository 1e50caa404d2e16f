package io.flywheel.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.api.http.RateLimiter;
import io.flywheel.api.scoring.Arm;
import io.flywheel.api.scoring.CandidatePool;
import io.flywheel.api.scoring.Champion;
import io.flywheel.api.scoring.ModelLoader;
import io.flywheel.api.scoring.Pick;
import io.flywheel.api.scoring.PublishedArms;
import io.flywheel.api.scoring.ThompsonPolicy;
import io.flywheel.api.videos.ByteRange;
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
import org.junit.jupiter.api.Test;

/** The policy's reported selection probabilities, the rate limiter and byte ranges, exactly. */
class ThompsonPolicyTest {

    @Test
    void reportedSelectionProbabilitiesMatchTheObservedFrequencies() throws Exception {
        Path models = Files.createTempDirectory("flywheel-policy");
        TinyModels.train(models, 1, 5, 15, 11); // a weak signal: boosters disagree
        Champion champion = new Champion();
        champion.swap(new ModelLoader(models).load("engagement/v1"));
        ThompsonPolicy policy = new ThompsonPolicy(champion, PublishedArms.none());
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
        // Every arm the policy can pick has probability 0.3/240 from exploration; the boosters'
        // favourites have the rest. Check the favourites' frequencies against what was reported.
        double total = 0;
        for (Map.Entry<String, Double> e : reported.entrySet()) {
            total += e.getValue();
            if (e.getValue() > 0.05) {
                double observed = seen.get(e.getKey()) / (double) draws;
                assertThat(observed).as(e.getKey()).isCloseTo(e.getValue(), within(0.03));
            }
        }
        assertThat(total).as("probabilities of the arms seen").isLessThanOrEqualTo(1.0 + 1e-9);
        double unseen = (240 - reported.size()) * 0.3 / 240;
        assertThat(total + unseen).isCloseTo(1.0, within(1e-6));
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
        List<Arm> fresh = new java.util.ArrayList<>();
        while (fresh.size() < 3) {
            Arm a = TinyModels.randomArm(r, "TIKTOK", "cooking");
            if (!design.contains(a.armKey())) {
                fresh.add(a);
            }
        }
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
        ThompsonPolicy policy = new ThompsonPolicy(champion, published);

        // With no exploration and a count larger than the pool, every candidate is picked once.
        List<Pick> all = policy.recommend("TIKTOK", "cooking", 1000, 0.0, 1).picks();
        Set<String> picked = new HashSet<>();
        all.forEach(p -> picked.add(p.arm().armKey()));
        assertThat(all).hasSize(CandidatePool.SIZE + 3);
        assertThat(picked).hasSize(CandidatePool.SIZE + 3).containsAll(design);
        fresh.forEach(a -> assertThat(picked).contains(a.armKey()));
        assertThat(picked).doesNotContain(otherSegment.armKey());

        policy.recommend("TIKTOK", "cooking", 1, 0.0, 2);
        assertThat(reads.get()).as("read once per TTL").isEqualTo(1);
        now[0] += 11_000;
        policy.recommend("TIKTOK", "cooking", 1, 0.0, 3);
        assertThat(reads.get()).isEqualTo(2);
    }

    private static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }

    @Test
    void armKeyIsTheSchemasArmKey() {
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < 200; i++) {
            var arm = TinyModels.randomArm(r, "INSTAGRAM_REELS", "personal-finance");
            assertThat(arm.armKey()).isEqualTo(io.flywheel.schemas.ArmKey.of(arm.toAvro()));
        }
    }

    @Test
    void tokenBucketAllowsTheBurstThenTheRate() {
        AtomicLong now = new AtomicLong(0);
        RateLimiter limiter = new RateLimiter(2.0, 3, now::get);
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
        assertThat(ByteRange.parse("bytes=0-99", 1000)).contains(new ByteRange(0, 99));
        assertThat(ByteRange.parse("bytes=990-2000", 1000)).contains(new ByteRange(990, 999));
        assertThat(ByteRange.parse("bytes=-5000", 1000)).contains(new ByteRange(0, 999));
        assertThat(ByteRange.parse("bytes=5-1,7-8", 1000)).isEmpty(); // invalid: ignored
        assertThat(ByteRange.parse("items=0-1", 1000)).isEmpty();
        assertThat(ByteRange.parse(null, 1000)).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> ByteRange.parse("bytes=1000-", 1000))
                .isInstanceOf(ByteRange.Unsatisfiable.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ByteRange.parse("bytes=-0", 1000))
                .isInstanceOf(ByteRange.Unsatisfiable.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> ByteRange.parse("bytes=99999999999999999999-", 1000))
                .isInstanceOf(ByteRange.Unsatisfiable.class);
    }
}
