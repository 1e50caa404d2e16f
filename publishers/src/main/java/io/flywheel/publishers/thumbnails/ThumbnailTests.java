package io.flywheel.publishers.thumbnails;

import io.flywheel.store.ThumbnailStore;
import io.flywheel.store.ThumbnailStore.Counts;
import io.flywheel.store.ThumbnailVariant;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the thumbnail tests of one platform. A test shows one variant at a time; each step
 * attributes what the platform's totals since the variant was shown grew by to it, applies the
 * {@link WinnerRule}, and then either shows the winner for good or switches to the variant with the
 * fewest impressions (so the variants are shown in turn and their counts stay balanced).
 */
public final class ThumbnailTests {
    private static final Logger LOG = LoggerFactory.getLogger(ThumbnailTests.class);

    private final ThumbnailStore store;
    private final ThumbnailPlatform platform;
    private final WinnerRule rule;
    private final Path mediaRoot;
    private final Clock clock;
    private final Counter started;
    private final Counter decided;

    /** Tests counted in Micrometer's global registry. */
    public ThumbnailTests(
            ThumbnailStore store,
            ThumbnailPlatform platform,
            WinnerRule rule,
            Path mediaRoot,
            Clock clock) {
        this(store, platform, rule, mediaRoot, clock, Metrics.globalRegistry);
    }

    /**
     * @param mediaRoot the directory the variants' URIs are relative to
     * @param registry where {@code flywheel.thumbnail.tests.started} and {@code
     *     flywheel.thumbnail.tests.decided} (tagged with the platform) count
     */
    public ThumbnailTests(
            ThumbnailStore store,
            ThumbnailPlatform platform,
            WinnerRule rule,
            Path mediaRoot,
            Clock clock,
            MeterRegistry registry) {
        this.clock = clock;
        this.started =
                Counter.builder("flywheel.thumbnail.tests.started")
                        .description("thumbnail tests started")
                        .tag("platform", platform.platform())
                        .register(registry);
        this.decided =
                Counter.builder("flywheel.thumbnail.tests.decided")
                        .description("thumbnail tests that declared a winner")
                        .tag("platform", platform.platform())
                        .register(registry);
        this.store = store;
        this.platform = platform;
        this.rule = rule;
        this.mediaRoot = mediaRoot.toAbsolutePath().normalize();
    }

    /**
     * Starts a test of a published video that has two variants or more, showing variant 1.
     *
     * @return whether a test was started
     */
    public boolean start(UUID videoId, String platformVideoId) throws Exception {
        List<ThumbnailVariant> variants = store.variants(videoId);
        if (variants.size() < 2 || store.test(videoId, platform.platform()).isPresent()) {
            return false;
        }
        ThumbnailVariant first = variants.get(0);
        platform.show(platformVideoId, first, file(first));
        boolean began =
                store.start(
                        videoId,
                        platform.platform(),
                        platformVideoId,
                        first.variant(),
                        clock.instant());
        if (began) {
            started.increment();
        }
        return began;
    }

    /** One step of every open test. */
    public void stepAll() throws Exception {
        for (ThumbnailStore.Test t : store.open(platform.platform())) {
            step(t.videoId());
        }
    }

    /** One step of one test: the decision, or the variant shown next. */
    public Optional<ThumbnailStore.Test> step(UUID videoId) throws Exception {
        ThumbnailStore.Test t = store.test(videoId, platform.platform()).orElseThrow();
        if (t.decided()) {
            return Optional.of(t);
        }
        ThumbnailPlatform.Totals totals =
                platform.totalsSinceShown(t.platformVideoId(), t.switchedAt());
        if (totals == null) {
            return Optional.of(t);
        }
        store.observe(videoId, platform.platform(), totals.impressions(), totals.clicks());
        Next next = next(store.counts(videoId, platform.platform()), rule);
        List<ThumbnailVariant> variants = store.variants(videoId);
        if (next.variant() != t.currentVariant()) {
            ThumbnailVariant v = variant(variants, next.variant());
            platform.show(t.platformVideoId(), v, file(v));
        }
        if (next.winner()) {
            store.decide(
                    videoId,
                    platform.platform(),
                    next.variant(),
                    next.probabilityBest(),
                    clock.instant());
            decided.increment();
            LOG.info(
                    "video {} on {}: thumbnail variant {} wins, P(best) = {}",
                    videoId,
                    platform.platform(),
                    next.variant(),
                    String.format("%.4f", next.probabilityBest()));
        } else if (next.variant() != t.currentVariant()) {
            store.switchTo(videoId, platform.platform(), next.variant(), clock.instant());
        }
        return store.test(videoId, platform.platform());
    }

    /**
     * What a test does after a look at its counts: the winner by {@code rule}, shown for good; or
     * else the variant with the fewest impressions (the lowest number on a tie), shown next.
     */
    public record Next(int variant, boolean winner, double probabilityBest) {}

    public static Next next(List<Counts> counts, WinnerRule rule) {
        WinnerRule.Decision d = rule.decide(counts);
        if (d.winner().isPresent()) {
            int i = d.winner().getAsInt();
            return new Next(counts.get(i).variant(), true, d.probabilityBest()[i]);
        }
        int least = 0;
        for (int i = 1; i < counts.size(); i++) {
            if (counts.get(i).impressions() < counts.get(least).impressions()) {
                least = i;
            }
        }
        return new Next(counts.get(least).variant(), false, d.probabilityBest()[least]);
    }

    private static ThumbnailVariant variant(List<ThumbnailVariant> variants, int n) {
        return variants.stream().filter(v -> v.variant() == n).findFirst().orElseThrow();
    }

    /** The 16:9 file of a variant, confined to the media root. */
    private Path file(ThumbnailVariant v) {
        Path f = mediaRoot.resolve(v.wideUri()).normalize();
        if (!f.startsWith(mediaRoot)) {
            throw new IllegalArgumentException(
                    "thumbnail " + v.wideUri() + " is outside the media root");
        }
        return f;
    }
}
