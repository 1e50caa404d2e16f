package io.flywheel.render.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.render.FfmpegSelection;
import io.flywheel.render.RenderSetup;
import io.flywheel.render.media.FfmpegBinaries;
import io.flywheel.render.media.MediaProbe;
import io.flywheel.render.media.ProcessRunner;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.DeadLetter;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.KafkaTopics;
import io.flywheel.schemas.Rendition;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.schemas.StageCompleted;
import io.flywheel.schemas.Topic;
import io.flywheel.schemas.VideoRendered;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workers on the real broker render real videos from ContentRequested events. */
class RenderWorkerTest {
    @TempDir Path data;

    static FlywheelConfig config(
            Path data, String bootstrap, String prefix, Map<String, String> extra) {
        Map<String, String> o = new HashMap<>();
        o.put("data.dir", data.toString());
        o.put("kafka.bootstrap.servers", bootstrap);
        o.put("kafka.topic.prefix", prefix);
        o.put("render.preset", "ultrafast");
        o.put("render.fps", "24");
        o.put("render.session.timeout.ms", "6000");
        // No PostgreSQL here: jobs have no rows to check (JobRowTest covers the check).
        o.put("render.job.status.check", "false");
        o.putAll(extra);
        return ConfigLoader.load(Optional.empty(), Map.of(), o, data);
    }

    static String topics(String bootstrap) {
        String prefix = "rw" + UUID.randomUUID().toString().substring(0, 6) + ".";
        KafkaTopics.ensure(bootstrap, Topic.allNames(prefix), 2, (short) 1, 3_600_000L);
        return prefix;
    }

    @Test
    void rendersRequestedVideosAndSendsUndecodableOnesToTheDlq() throws Exception {
        String bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        String prefix = topics(bootstrap);
        FlywheelConfig config = config(data, bootstrap, prefix, Map.of("render.concurrency", "2"));
        RenderWorkerMain.Running worker = RenderWorkerMain.start(config, "t1");
        try (EventProducer producer = EventProducer.create(bootstrap, prefix, "test");
                TopicReader render = new TopicReader(bootstrap, Topic.RENDER_EVENTS.name(prefix));
                TopicReader dlq = new TopicReader(bootstrap, Topic.DLQ.name(prefix))) {
            ContentRequested a =
                    Requests.of(
                            "science",
                            8,
                            "Space: the \"final\" %{frontier}; [ok]",
                            List.of(
                                    new RenditionSpec("vertical", 360, 640),
                                    new RenditionSpec("square", 360, 360)));
            ContentRequested b =
                    Requests.of("cooking", 6, null, List.of(new RenditionSpec("wide", 640, 360)));
            producer.send(a).get();
            producer.send(b).get();
            try (KafkaProducer<String, byte[]> raw =
                    new KafkaProducer<>(
                            props(bootstrap), new StringSerializer(), new ByteArraySerializer())) {
                raw.send(
                                new ProducerRecord<>(
                                        Topic.CONTENT_REQUESTS.name(prefix),
                                        "junk",
                                        "not avro".getBytes()))
                        .get();
            }

            render.until(
                    ev -> ev.stream().filter(VideoRendered.class::isInstance).count() >= 2,
                    Duration.ofMinutes(4));
            List<VideoRendered> videos = render.of(VideoRendered.class);
            assertThat(videos)
                    .extracting(VideoRendered::getJobId)
                    .containsExactlyInAnyOrder(a.getJobId(), b.getJobId());

            FfmpegBinaries bin =
                    FfmpegSelection.locate(Optional.empty(), data.resolve("cache/javacpp"));
            // Which ffmpeg the worker runs, and why, for `flywheel status`.
            assertThat(data.resolve("run/t1.ffmpeg")).hasContent(bin.describe());
            assertThat(Files.readString(data.resolve("run/t1.ffmpeg")))
                    .endsWith("\n")
                    .hasLineCount(1);
            MediaProbe probe = new MediaProbe(bin);
            Path media = RenderSetup.mediaRoot(config);
            for (VideoRendered v : videos) {
                ContentRequested req = v.getJobId().equals(a.getJobId()) ? a : b;
                assertThat(v.getRenditions()).hasSize(req.getRenditions().size());
                assertThat(v.getLoudnessLufs()).isBetween(-15.0, -13.0);
                for (Rendition r : v.getRenditions()) {
                    RenditionSpec spec =
                            req.getRenditions().stream()
                                    .filter(s -> s.getLabel().equals(r.getLabel()))
                                    .findFirst()
                                    .orElseThrow();
                    Path file = media.resolve(r.getUri());
                    MediaProbe.Info info = probe.probe(file);
                    assertThat(info.hasVideo()).isTrue();
                    assertThat(info.hasAudio()).isTrue();
                    assertThat(info.width()).isEqualTo(spec.getWidth());
                    assertThat(info.height()).isEqualTo(spec.getHeight());
                    assertThat(info.durationS())
                            .isCloseTo(
                                    v.getDurationMs() / 1000.0,
                                    org.assertj.core.data.Offset.offset(0.3));
                    assertThat(info.durationS())
                            .isBetween(
                                    req.getParameters().getTargetDurationS() * 0.5,
                                    req.getParameters().getTargetDurationS() * 2.0);
                    MediaProbe.Measures m = probe.measure(file, true);
                    assertThat(m.integratedLufs()).isBetween(-15.0, -13.0);
                    assertThat(captionPixels(bin, file, media.resolve(v.getCaptionsSrtUri()), data))
                            .isGreaterThan(0.0005);
                    // ...and the pictures under the captions have none of that yellow.
                    try (var scenes =
                            Files.walk(media.resolve("jobs/" + v.getJobId() + "/scenes"))) {
                        for (Path s : scenes.filter(f -> f.toString().endsWith(".jpg")).toList()) {
                            assertThat(yellowShare(ImageIO.read(s.toFile())))
                                    .as(s.toString())
                                    .isLessThan(0.0001);
                        }
                    }
                }
                assertThat(Files.readString(media.resolve(v.getCaptionsVttUri())))
                        .startsWith("WEBVTT");
                assertThat(media.resolve(v.getThumbnailUri())).exists();
            }
            assertThat(render.of(StageCompleted.class))
                    .extracting(e -> e.getStage().name())
                    .contains("SCRIPT", "NARRATION", "ASSEMBLY", "QA");

            dlq.until(ev -> !ev.isEmpty(), Duration.ofSeconds(30));
            assertThat(dlq.of(DeadLetter.class))
                    .singleElement()
                    .satisfies(d -> assertThat(d.getFailureKind()).isEqualTo("BAD_HEADER"));
        } finally {
            worker.stop();
        }
    }

    /**
     * Share of the frame, at the middle of the first caption cue, in the word-highlight yellow
     * (255, 214, 10): only a burned-in caption draws it (no mood palette has a yellow that bright
     * and that green).
     */
    static double captionPixels(FfmpegBinaries bin, Path video, Path srt, Path tmp)
            throws Exception {
        String[] cue = Files.readAllLines(srt).get(1).split(" --> ");
        double t = (seconds(cue[0]) + seconds(cue[1])) / 2;
        Path frame = tmp.resolve("frame-" + UUID.randomUUID() + ".png");
        ProcessRunner.check(
                List.of(
                        bin.ffmpeg().toString(),
                        "-y",
                        "-ss",
                        String.format(java.util.Locale.ROOT, "%.3f", t),
                        "-i",
                        video.toString(),
                        "-frames:v",
                        "1",
                        frame.toString()),
                Duration.ofSeconds(30));
        return yellowShare(ImageIO.read(frame.toFile()));
    }

    static double yellowShare(BufferedImage img) {
        int yellow = 0;
        int total = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
                if (r > 225 && g >= 196 && g <= 235 && b < 90) {
                    yellow++;
                }
                total++;
            }
        }
        return (double) yellow / total;
    }

    private static double seconds(String srtTime) {
        String[] p = srtTime.trim().replace(',', '.').split(":");
        return Integer.parseInt(p[0]) * 3600
                + Integer.parseInt(p[1]) * 60
                + Double.parseDouble(p[2]);
    }

    static Properties props(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        return p;
    }
}
