package io.flywheel.render.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.DeadLetter;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.schemas.StageFailed;
import io.flywheel.schemas.Topic;
import io.flywheel.schemas.VideoRendered;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The media directory is a real 64 MiB tmpfs, filled until 1.5 MiB are left: the job fails with
 * ENOSPC in the middle of its stages. It is not dead-lettered and its offset is not committed; the
 * slot holds it back and, once the space is freed, renders it exactly once.
 */
class DiskFullTest {
    private static final long MIN_FREE = 1L << 20;
    private static final long LEFT = 3L << 19; // 1.5 MiB

    @TempDir Path data;

    @Test
    void aFullDiskKeepsTheJobQueuedAndItRendersOnceSpaceReturns() throws Exception {
        Path media = data.resolve("media");
        Files.createDirectories(media);
        assumeTrue(
                run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", media.toString()),
                "mounting a tmpfs needs root");
        RenderWorkerMain.Running worker = null;
        try {
            Path filler = media.resolve("filler");
            fill(filler, Files.getFileStore(media).getUsableSpace() - LEFT);
            String bootstrap = Ephemeral.kafka().spec().bootstrapServers();
            String prefix = RenderWorkerTest.topics(bootstrap);
            FlywheelConfig config =
                    RenderWorkerTest.config(
                            data,
                            bootstrap,
                            prefix,
                            Map.of("render.min.free.bytes", Long.toString(MIN_FREE)));
            ContentRequested job =
                    Requests.of(
                            "cooking", 8, "Disk full", List.of(new RenditionSpec("v", 360, 640)));
            worker = RenderWorkerMain.start(config, "disk");
            RenderWorkerMain.Running w = worker;
            try (EventProducer producer = EventProducer.create(bootstrap, prefix, "test");
                    TopicReader render =
                            new TopicReader(bootstrap, Topic.RENDER_EVENTS.name(prefix));
                    TopicReader dlq = new TopicReader(bootstrap, Topic.DLQ.name(prefix))) {
                producer.send(job).get();

                // The job ran into the full disk, and a later try was held back again.
                assertThat(waitFor(() -> w.counters().holds() >= 2, Duration.ofMinutes(3)))
                        .isTrue();
                render.drain(Duration.ofSeconds(2));
                // It failed in the middle of its stages (not only at the free-space check).
                assertThat(render.of(StageFailed.class))
                        .filteredOn(f -> f.getJobId().equals(job.getJobId()))
                        .isNotEmpty();
                dlq.drain(Duration.ofSeconds(2));
                assertThat(dlq.of(DeadLetter.class)).isEmpty();
                assertThat(render.of(VideoRendered.class)).isEmpty();
                assertThat(GroupOffsets.committed(bootstrap, prefix)).isZero();

                Files.delete(filler);
                render.until(
                        ev -> ev.stream().anyMatch(VideoRendered.class::isInstance),
                        Duration.ofMinutes(3));
                render.drain(Duration.ofSeconds(5));
                dlq.drain(Duration.ofSeconds(2));

                assertThat(render.of(VideoRendered.class))
                        .extracting(VideoRendered::getJobId)
                        .containsExactly(job.getJobId());
                assertThat(dlq.of(DeadLetter.class)).isEmpty();
                assertThat(GroupOffsets.committed(bootstrap, prefix)).isEqualTo(1);
                assertThat(worker.slotsAlive()).isEqualTo(1);
                // The deliveries that met the full disk are not counted as crashes.
                try (var markers =
                        Files.list(
                                media.resolve("jobs/" + job.getJobId() + "/" + CrashCount.DIR))) {
                    assertThat(markers).isEmpty();
                }
            }
        } finally {
            if (worker != null) {
                worker.stop();
            }
            run("umount", "-l", media.toString());
        }
    }

    private static void fill(Path file, long bytes) throws IOException {
        byte[] chunk = new byte[1 << 16];
        java.util.Arrays.fill(chunk, (byte) 7);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = bytes; left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
    }

    private static boolean waitFor(BooleanSupplier done, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end) {
            if (done.getAsBoolean()) {
                return true;
            }
            Thread.sleep(250);
        }
        return done.getAsBoolean();
    }

    private static boolean run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
