package io.flywheel.simulator;

import io.flywheel.publishers.thumbnails.ThumbnailPlatform;
import io.flywheel.store.ThumbnailStyle;
import io.flywheel.store.ThumbnailVariant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sandbox platform's side of a thumbnail test: it shows one thumbnail per video, and each
 * {@link #advance} brings every video a Poisson number of impressions, of which a binomial number
 * are clicked at the hidden rate of the style shown ({@link ThumbnailClickRates}). Totals count
 * from the last change of thumbnail.
 */
public final class SimulatedThumbnails implements ThumbnailPlatform {
    private final String platform;
    private final ThumbnailClickRates rates;
    private final SplittableRandom random;
    private final Map<String, ThumbnailStyle> shown = new ConcurrentHashMap<>();
    private final Map<String, Totals> totals = new ConcurrentHashMap<>();

    public SimulatedThumbnails(String platform, ThumbnailClickRates rates, long seed) {
        this.platform = platform;
        this.rates = rates;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public String platform() {
        return platform;
    }

    /** The totals since the thumbnail shown now was shown (the sandbox keeps its own time). */
    @Override
    public Totals totalsSinceShown(String platformVideoId, Instant shownAt) {
        return totals.get(platformVideoId);
    }

    @Override
    public void show(String platformVideoId, ThumbnailVariant variant, Path image) {
        if (!Files.isRegularFile(image)) {
            throw new IllegalArgumentException("no thumbnail file at " + image);
        }
        shown.put(platformVideoId, variant.style());
        totals.put(platformVideoId, new Totals(0, 0));
    }

    /** The style a video shows now, or null. */
    public ThumbnailStyle shown(String platformVideoId) {
        return shown.get(platformVideoId);
    }

    /** One period: each video shown gets Poisson({@code meanImpressions}) impressions. */
    public synchronized void advance(double meanImpressions) {
        shown.forEach(
                (id, style) -> {
                    long n = Sampling.poisson(random, meanImpressions);
                    long clicks = Sampling.binomial(random, n, rates.rate(style));
                    totals.merge(
                            id,
                            new Totals(n, clicks),
                            (a, b) ->
                                    new Totals(
                                            a.impressions() + b.impressions(),
                                            a.clicks() + b.clicks()));
                });
    }
}
