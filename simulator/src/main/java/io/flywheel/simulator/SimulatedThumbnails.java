package io.flywheel.simulator;

import io.flywheel.publishers.thumbnails.ThumbnailPlatform;
import io.flywheel.store.ThumbnailStyle;
import io.flywheel.store.ThumbnailVariant;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The sandbox platform's side of a thumbnail test: it shows one thumbnail per video and clicks each
 * impression at the hidden rate of the style shown ({@link ThumbnailClickRates}). Impressions come
 * from the audience's reports ({@link #reported}): a period reported after the thumbnail was shown
 * counts for it, with a binomial number of clicks drawn from the seed, the video and the period (so
 * a period reported again, as after a restart, counts once and with the same clicks). {@link
 * #advance} brings every video a Poisson number of impressions instead, for measuring the rule
 * alone. Totals count from the last change of thumbnail.
 */
public final class SimulatedThumbnails implements ThumbnailPlatform {
    private static final class Showing {
        final ThumbnailStyle style;
        final long shownAt;
        final Map<Long, Totals> periods = new ConcurrentHashMap<>();
        volatile Totals drawn = new Totals(0, 0);

        Showing(ThumbnailStyle style, long shownAt) {
            this.style = style;
            this.shownAt = shownAt;
        }

        Totals totals() {
            long i = drawn.impressions();
            long c = drawn.clicks();
            for (Totals t : periods.values()) {
                i += t.impressions();
                c += t.clicks();
            }
            return new Totals(i, c);
        }
    }

    private final String platform;
    private final ThumbnailClickRates rates;
    private final long seed;
    private final SplittableRandom random;
    private final LongSupplier now;
    private final Map<String, Showing> shown = new ConcurrentHashMap<>();

    /**
     * @param now the platform's time (simulated epoch ms): a thumbnail shown at {@code t} counts
     *     the periods reported after {@code t}
     */
    public SimulatedThumbnails(
            String platform, ThumbnailClickRates rates, long seed, LongSupplier now) {
        this.platform = platform;
        this.rates = rates;
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.now = now;
    }

    /** A platform whose time stands still: for {@link #advance} alone. */
    public SimulatedThumbnails(String platform, ThumbnailClickRates rates, long seed) {
        this(platform, rates, seed, () -> 0L);
    }

    @Override
    public String platform() {
        return platform;
    }

    /** The totals since the thumbnail shown now was shown (the sandbox keeps its own time). */
    @Override
    public Totals totalsSinceShown(String platformVideoId, Instant shownAt) {
        Showing s = shown.get(platformVideoId);
        return s == null ? null : s.totals();
    }

    @Override
    public void show(String platformVideoId, ThumbnailVariant variant, Path image) {
        if (!Files.isRegularFile(image)) {
            throw new IllegalArgumentException("no thumbnail file at " + image);
        }
        shown.put(platformVideoId, new Showing(variant.style(), now.getAsLong()));
    }

    /**
     * Shows {@code style} since {@code shownAt} again, as before a restart (the periods reported
     * since then are counted again as they are reported again).
     */
    public void resume(String platformVideoId, ThumbnailStyle style, long shownAt) {
        shown.putIfAbsent(platformVideoId, new Showing(style, shownAt));
    }

    /** The style a video shows now, or null. */
    public ThumbnailStyle shown(String platformVideoId) {
        Showing s = shown.get(platformVideoId);
        return s == null ? null : s.style;
    }

    /**
     * The audience's report of a period starting at {@code periodStart}, due at {@code dueAt}, with
     * {@code impressions}: counted for the thumbnail shown if it was shown before the report.
     */
    public void reported(String platformVideoId, long periodStart, long dueAt, long impressions) {
        Showing s = shown.get(platformVideoId);
        if (s == null || dueAt <= s.shownAt || impressions < 0) {
            return;
        }
        String key = seed + ":" + platformVideoId + ":" + periodStart;
        SplittableRandom r =
                new SplittableRandom(
                        UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8))
                                .getLeastSignificantBits());
        long clicks = Sampling.binomial(r, impressions, rates.rate(s.style));
        s.periods.putIfAbsent(periodStart, new Totals(impressions, clicks));
    }

    /** One period: each video shown gets Poisson({@code meanImpressions}) impressions. */
    public synchronized void advance(double meanImpressions) {
        shown.forEach(
                (id, s) -> {
                    long n = Sampling.poisson(random, meanImpressions);
                    long clicks = Sampling.binomial(random, n, rates.rate(s.style));
                    Totals t = s.drawn;
                    s.drawn = new Totals(t.impressions() + n, t.clicks() + clicks);
                });
    }
}
