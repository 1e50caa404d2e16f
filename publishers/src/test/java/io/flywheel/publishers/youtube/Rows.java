package io.flywheel.publishers.youtube;

import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.Rendition;
import io.flywheel.schemas.VideoRendered;
import io.flywheel.schemas.samples.SampleEvents;
import io.flywheel.store.ContentJobStore;
import io.flywheel.store.VideoStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Content jobs, rendered videos and their MP4 files for the YouTube tests. */
public final class Rows {
    private final Jdbi jdbi;
    private final Path media;
    private final SampleEvents samples;

    public Rows(Jdbi jdbi, Path media, long now) {
        this.jdbi = jdbi;
        this.media = media;
        this.samples = new SampleEvents(UUID.randomUUID().getLeastSignificantBits(), now);
    }

    public ContentRequested job(int postingHour) {
        return job(postingHour, null);
    }

    /** A job as a demo's simulated channel history records it: never rendered. */
    public ContentRequested simulatedHistoryJob(int postingHour) {
        return job(postingHour, ContentJobStore.SIMULATED_HISTORY_POLICY);
    }

    private ContentRequested job(int postingHour, String policy) {
        ContentRequested r =
                samples.contentRequested(samples.uuid(), samples.uuid(), samples.parameters());
        if (policy != null) {
            r.setPolicyVersion(policy);
        }
        r.getParameters().setPlatform(Platform.YOUTUBE_SHORTS);
        r.getParameters().setPostingHour(postingHour);
        r.getParameters().setTargetDurationS(30);
        new ContentJobStore(jdbi).recordRequested(r);
        return r;
    }

    /** A rendered video of {@code bytes} random bytes (seeded), with its file in the media dir. */
    public VideoRendered rendered(ContentRequested job, int bytes) throws IOException {
        String videoId = UUID.randomUUID().toString();
        Path mp4 = media.resolve(videoId).resolve("1080x1920.mp4");
        Files.createDirectories(mp4.getParent());
        byte[] content = new byte[bytes];
        new Random(bytes).nextBytes(content);
        Files.write(mp4, content);
        VideoRendered v = (VideoRendered) samples.oneOfEach().get(4);
        v.getEnvelope().setTraceId(job.getEnvelope().getTraceId());
        v.setJobId(job.getJobId());
        v.setVideoId(videoId);
        v.setTitle("Three habits <that> compound");
        v.setDurationMs(30_000);
        v.setRenditions(
                List.of(
                        Rendition.newBuilder()
                                .setLabel("1080x1920")
                                .setWidth(1080)
                                .setHeight(1920)
                                .setDurationMs(30_000)
                                .setBytes(bytes)
                                .setUri(videoId + "/1080x1920.mp4")
                                .build()));
        return v;
    }

    /** Records the video, as the publisher does before claiming its publication. */
    public VideoRendered recorded(VideoRendered v) {
        new VideoStore(jdbi).recordRendered(v);
        return v;
    }

    public Path file(VideoRendered v) {
        return media.resolve(v.getRenditions().get(0).getUri());
    }
}
