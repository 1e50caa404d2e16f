package io.flywheel.simulator;

import io.flywheel.publishers.thumbnails.ThumbnailTests;
import io.flywheel.publishers.thumbnails.WinnerRule;
import io.flywheel.schemas.EngagementObserved;
import io.flywheel.schemas.Platform;
import io.flywheel.store.ThumbnailStore;
import io.flywheel.store.ThumbnailVariant;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thumbnail tests on the sandbox, run by the simulated audience: each report it sends brings the
 * video's impressions to the thumbnail shown ({@link SimulatedThumbnails}, clicked at the style's
 * hidden rate), and the test is stepped by the same {@link ThumbnailTests} as on YouTube. A test
 * starts with the video's first report. Tests run on the platforms whose real API sets a thumbnail
 * after upload and reports impressions ({@link #PLATFORMS}), where the world reports impressions.
 */
public final class SandboxThumbnailTests {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxThumbnailTests.class);

    /** The platforms with thumbnail tests (docs/thumbnails.md: TikTok and Instagram have none). */
    public static final Set<Platform> PLATFORMS = Set.of(Platform.YOUTUBE_SHORTS);

    /** The hidden rates' base click-through rate and the log-normal spread of their multipliers. */
    public static final double BASE_RATE = 0.05;

    public static final double SPREAD = 0.2;

    private final ThumbnailStore store;
    private final Map<String, SimulatedThumbnails> platforms = new LinkedHashMap<>();
    private final Map<String, ThumbnailTests> tests = new LinkedHashMap<>();
    // Videos with fewer than two variants: no test, and no need to look again.
    private final Set<String> untested = new HashSet<>();

    /**
     * @param rates the audience's hidden click-through rate per style
     * @param clock simulated time: when variants are shown and tests switch
     */
    public SandboxThumbnailTests(
            ThumbnailStore store,
            World world,
            ThumbnailClickRates rates,
            long seed,
            Path mediaRoot,
            Clock clock,
            MeterRegistry registry) {
        this.store = store;
        for (Platform p : PLATFORMS) {
            if (world.unreported().getOrDefault(p, Set.of()).contains("impressions")) {
                continue;
            }
            SimulatedThumbnails sandbox =
                    new SimulatedThumbnails(p.name(), rates, seed, clock::millis);
            platforms.put(p.name(), sandbox);
            tests.put(
                    p.name(),
                    new ThumbnailTests(
                            store, sandbox, WinnerRule.DEFAULT, mediaRoot, clock, registry));
        }
    }

    /** The platforms tests run on in this world. */
    public Set<String> platforms() {
        return platforms.keySet();
    }

    /** Counts the reports sent for the thumbnails shown, and steps their videos' tests. */
    public void reported(List<EngagementReport> reports) {
        Set<String> touched = new LinkedHashSet<>();
        for (EngagementReport r : reports) {
            EngagementObserved e = r.event();
            String platform = e.getPlatform().name();
            SimulatedThumbnails sandbox = platforms.get(platform);
            if (sandbox == null || e.getImpressions() == null) {
                continue;
            }
            try {
                if (!showing(sandbox, tests.get(platform), e)) {
                    continue;
                }
                sandbox.reported(
                        e.getPlatformVideoId(), e.getPeriodStart(), r.dueAt(), e.getImpressions());
                touched.add(platform + "|" + e.getVideoId());
            } catch (Exception x) {
                LOG.warn("thumbnail test of video {}: {}", e.getVideoId(), x.toString());
            }
        }
        for (String key : touched) {
            String[] pv = key.split("\\|", 2);
            try {
                tests.get(pv[0]).step(UUID.fromString(pv[1]));
            } catch (Exception x) {
                LOG.warn("thumbnail test of video {}: {}", pv[1], x.toString());
            }
        }
    }

    /**
     * Whether the sandbox shows a variant of the video: a test started now, or one found in the
     * store (started before a restart) shown again from where it was.
     */
    private boolean showing(SimulatedThumbnails sandbox, ThumbnailTests tests, EngagementObserved e)
            throws Exception {
        String pvid = e.getPlatformVideoId();
        if (sandbox.shown(pvid) != null) {
            return true;
        }
        if (untested.contains(pvid)) {
            return false;
        }
        UUID video = UUID.fromString(e.getVideoId());
        Optional<ThumbnailStore.Test> known = store.test(video, sandbox.platform());
        if (known.isEmpty()) {
            if (tests.start(video, pvid)) {
                return true;
            }
            untested.add(pvid);
            return false;
        }
        ThumbnailStore.Test t = known.get();
        ThumbnailVariant v =
                store.variants(video).stream()
                        .filter(x -> x.variant() == t.currentVariant())
                        .findFirst()
                        .orElseThrow();
        sandbox.resume(pvid, v.style(), t.switchedAt().toEpochMilli());
        return true;
    }
}
