package io.flywheel.render.worker;

import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.render.FfmpegSelection;
import io.flywheel.render.Providers;
import io.flywheel.render.RenderPipeline;
import io.flywheel.render.RenderSetup;
import io.flywheel.render.pipeline.BudgetGate;
import io.flywheel.schemas.EventProducer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A render worker process: {@code render.concurrency} job slots in the {@code render-workers}
 * consumer group (start more processes for more throughput), one listener for budget events, and a
 * clean stop on SIGTERM (jobs in flight are interrupted and delivered again, resuming from their
 * checkpoints).
 */
public final class RenderWorkerMain {
    private static final Logger LOG = LoggerFactory.getLogger(RenderWorkerMain.class);

    private RenderWorkerMain() {}

    public static void main(String[] args) throws InterruptedException {
        // Pictures and captions are drawn with Java2D; no display is needed or wanted.
        System.setProperty("java.awt.headless", "true");
        FlywheelConfig config = ConfigLoader.fromEnvironment(Map.of());
        config.describe().forEach((k, v) -> LOG.info("config {} = {}", k, v));
        Running r =
                start(
                        config,
                        System.getenv()
                                .getOrDefault(
                                        "FLYWHEEL_WORKER_ID",
                                        UUID.randomUUID().toString().substring(0, 8)));
        Runtime.getRuntime().addShutdownHook(new Thread(r::stop, "render-worker-stop"));
        r.join();
    }

    /** A started worker process's threads. */
    public record Running(
            List<RenderWorker> slots,
            List<Thread> threads,
            BudgetListener budget,
            EventProducer events) {
        public void stop() {
            slots.forEach(RenderWorker::stop);
            budget.stop();
            join();
            events.close();
        }

        public void join() {
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    public static Running start(FlywheelConfig config, String workerId) {
        BudgetGate budget = RenderSetup.budget();
        Path status = ffmpegStatusFile(config, workerId);
        Providers providers;
        try {
            providers = RenderSetup.providers(config, budget);
        } catch (FfmpegSelection.UnusableFfmpegException e) {
            writeStatus(status, "none: " + e.getMessage());
            throw e;
        }
        writeStatus(status, providers.ffmpeg().describe());
        RenderPipeline pipeline = new RenderPipeline(providers, RenderSetup.mediaRoot(config));
        String bootstrap = config.kafka().bootstrapServers();
        String prefix = config.kafka().topicPrefix();
        EventProducer events =
                EventProducer.create(bootstrap, prefix, "render-worker-" + workerId + "-events");
        List<RenderWorker> slots = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < config.render().concurrency(); i++) {
            RenderWorker w =
                    new RenderWorker(
                            new RenderWorker.Settings(
                                    bootstrap,
                                    prefix,
                                    workerId,
                                    i,
                                    Duration.ofSeconds(config.render().jobTimeoutS()),
                                    config.render().sessionTimeoutMs()),
                            pipeline,
                            events);
            slots.add(w);
            Thread t = new Thread(w, "render-slot-" + i);
            t.start();
            threads.add(t);
        }
        BudgetListener listener = new BudgetListener(bootstrap, prefix, budget);
        Thread bt = new Thread(listener, "render-budget");
        bt.setDaemon(true);
        bt.start();
        LOG.info("render worker {} started with {} slots", workerId, slots.size());
        return new Running(slots, threads, listener, events);
    }

    /**
     * {@code <data dir>/run/<worker id>.ffmpeg}: one line saying which ffmpeg the worker runs and
     * why (for {@code flywheel status}).
     */
    public static Path ffmpegStatusFile(FlywheelConfig config, String workerId) {
        return config.dataPath("run", workerId + ".ffmpeg");
    }

    private static void writeStatus(Path file, String line) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".ffmpeg-", ".tmp");
            Files.writeString(tmp, line.replace('\n', ' ') + "\n", StandardCharsets.UTF_8);
            Files.move(
                    tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}", file, e.toString());
        }
    }
}
