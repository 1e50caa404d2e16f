package io.flywheel.demo;

import io.flywheel.cli.Progress;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.model.Arm;
import io.flywheel.model.Parameter;
import io.flywheel.model.ParameterSpace;
import io.flywheel.model.ParameterTable;
import io.flywheel.model.Role;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.Rendition;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.schemas.VideoRendered;
import io.flywheel.store.ContentJobStore;
import io.flywheel.store.Database;
import io.flywheel.store.JobStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * A simulated channel history: videos with arms drawn uniformly at random, handed to the sandbox
 * publisher as if rendered but never rendered (each "rendition" is one small placeholder file), so
 * the simulated audience watches them and their engagement flows through Kafka, Flink and Spark
 * like any video's. The model trained on them chooses the demo's first rendered cycle.
 *
 * <p>The jobs carry the policy {@link ContentJobStore#SIMULATED_HISTORY_POLICY}: the sandbox
 * publisher publishes them without licence evidence (they are made of no assets), and a real
 * platform's publisher refuses them. The jobs' {@code ContentRequested} events, which the lake
 * reads the arms from, go to the broker only once the jobs' rows are final (published): the render
 * worker skips such a job instead of rendering it.
 */
final class ChannelHistory {
    static final String PRODUCER = Envelopes.producerName("flywheel-demo-history");
    static final String TAG = "History (not rendered) ";

    /** The one file every history video "uploads": the sandbox needs a file, nothing was made. */
    static final String PLACEHOLDER = "channel-history/not-rendered.txt";

    /**
     * The arm's length in seconds, for the video's duration (the sandbox checks it against the
     * platform's limit): the one content parameter that is a number.
     */
    static final Parameter LENGTH = length();

    /** Rows in these states are over: the render worker does not render their requests. */
    private static final Set<JobStatus> FINAL =
            EnumSet.of(JobStatus.PUBLISHED, JobStatus.FAILED, JobStatus.REJECTED);

    private final FlywheelConfig c;
    private final DataSource ds;
    private final List<Platform> platforms;
    private final List<String> niches;
    private final RenditionSpec rendition;
    private final long seed;

    ChannelHistory(
            FlywheelConfig c,
            DataSource ds,
            List<Platform> platforms,
            List<String> niches,
            RenditionSpec rendition,
            long seed) {
        this.c = c;
        this.ds = ds;
        this.platforms = platforms;
        this.niches = niches;
        this.rendition = rendition;
        this.seed = seed;
    }

    /** An arm of the segment with every chosen parameter drawn uniformly from its values. */
    static Arm uniformArm(Platform platform, String niche, Random random) {
        return ParameterSpace.DEFAULT.random(platform.name(), niche, random);
    }

    private static Parameter length() {
        List<Parameter> numbers =
                ParameterTable.of(Role.CONTENT).stream().filter(Parameter::integer).toList();
        if (numbers.size() != 1) {
            throw new IllegalStateException(
                    "a history video's length is the one numeric content parameter, not one of "
                            + numbers);
        }
        return numbers.get(0);
    }

    /** The probability of each uniform draw in its segment, as the content jobs record it. */
    static double selectionProbability() {
        return 1.0 / ParameterSpace.DEFAULT.armsPerSegment();
    }

    /**
     * Publishes {@code videos} history videos, spread evenly over the segments, then measures and
     * learns from them through {@code cycle}'s stages.
     */
    DemoCycle.Result run(int videos, DemoCycle cycle, DemoTimings timings) throws Exception {
        DemoTimings.Lap handing =
                timings.start(DemoCycle.phase(DemoReport.HISTORY, "handing to the publisher"));
        Path media = c.dataPath("media");
        byte[] placeholder = placeholderText().getBytes(StandardCharsets.UTF_8);
        Path file = media.resolve(PLACEHOLDER);
        Files.createDirectories(file.getParent());
        Files.write(file, placeholder);

        Jdbi jdbi = Database.jdbi(ds);
        ContentJobStore store = new ContentJobStore(jdbi);
        Random random = new Random(seed * 7_919L + 17);
        List<UUID> jobs = new ArrayList<>();
        List<ContentRequested> requests = new ArrayList<>();
        String label = DemoCycle.label(TAG, "handing to publisher");
        try (EventProducer producer =
                EventProducer.create(
                        c.kafka().bootstrapServers(),
                        c.kafka().topicPrefix(),
                        "flywheel-demo-history")) {
            List<CompletableFuture<?>> acks = new ArrayList<>();
            int segments = platforms.size() * niches.size();
            for (int i = 0; i < videos; i++) {
                int segment = i % segments;
                Platform platform = platforms.get(segment / niches.size());
                String niche = niches.get(segment % niches.size());
                Arm arm = uniformArm(platform, niche, random);
                UUID job = UUID.randomUUID();
                UUID video = UUID.randomUUID();
                String trace = UUID.randomUUID().toString();
                long now = System.currentTimeMillis();
                ContentRequested request = requested(job, trace, arm, i + 1, now);
                store.recordRequested(request);
                requests.add(request);
                acks.add(
                        producer.send(
                                rendered(job, video, trace, arm, i + 1, placeholder.length, now)));
                jobs.add(job);
                Progress.counted(System.out, label, i + 1, videos);
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(2, TimeUnit.MINUTES);
        }
        handing.end();
        return cycle.measureAndLearn(
                DemoReport.HISTORY,
                TAG,
                jobs,
                videos,
                0,
                0,
                new ArrayList<>(),
                () -> announce(requests));
    }

    /**
     * Sends the requests of the jobs whose rows are final (the render worker skips those); a job
     * still waiting is left out, so nothing is rendered.
     */
    private void announce(List<ContentRequested> requests) throws Exception {
        ContentJobStore store = new ContentJobStore(Database.jdbi(ds));
        List<CompletableFuture<?>> acks = new ArrayList<>();
        int left = 0;
        try (EventProducer producer =
                EventProducer.create(
                        c.kafka().bootstrapServers(),
                        c.kafka().topicPrefix(),
                        "flywheel-demo-history")) {
            for (ContentRequested r : requests) {
                boolean over =
                        store.find(UUID.fromString(r.getJobId()))
                                .map(j -> FINAL.contains(j.status()))
                                .orElse(false);
                if (over) {
                    acks.add(producer.send(r));
                } else {
                    left++;
                }
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(2, TimeUnit.MINUTES);
        }
        if (left > 0) {
            System.out.printf(
                    Locale.ROOT,
                    "  %d history videos were not published in time; they are left out of the"
                            + " learning%n",
                    left);
        }
    }

    private ContentRequested requested(UUID job, String trace, Arm arm, int n, long now) {
        return ContentRequested.newBuilder()
                .setEnvelope(Envelopes.create(ContentRequested.class, PRODUCER, trace, now))
                .setJobId(job.toString())
                .setBriefId(null)
                .setParameters(arm.toAvro())
                .setTitle(title(n))
                .setRenditions(List.of())
                .setPolicyVersion(ContentJobStore.SIMULATED_HISTORY_POLICY)
                .setSelectionProbability(selectionProbability())
                .build();
    }

    private VideoRendered rendered(
            UUID job, UUID video, String trace, Arm arm, int n, long bytes, long now) {
        long durationMs = 1000L * (Integer) arm.get(LENGTH);
        return VideoRendered.newBuilder()
                .setEnvelope(Envelopes.create(VideoRendered.class, PRODUCER, trace, now))
                .setJobId(job.toString())
                .setVideoId(video.toString())
                .setTitle(title(n))
                .setDurationMs(durationMs)
                .setLoudnessLufs(null)
                .setRenditions(
                        List.of(
                                new Rendition(
                                        "not-rendered",
                                        rendition.getWidth(),
                                        rendition.getHeight(),
                                        durationMs,
                                        bytes,
                                        PLACEHOLDER)))
                .setThumbnailUri(null)
                .setCaptionsSrtUri(null)
                .setCaptionsVttUri(null)
                .setTotalBytes(bytes)
                .setModerationFlags(List.of())
                .build();
    }

    private static String title(int n) {
        return "Simulated channel history #" + n + " (not rendered)";
    }

    private static String placeholderText() {
        return "Flywheel demo: a simulated channel history video. Nothing was rendered; the"
                + " sandbox publishes this file in its place so the simulated audience can watch"
                + " the video's arm.\n";
    }
}
