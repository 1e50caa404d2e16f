package io.flywheel.render.worker;

import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.metrics.MetricsServer;
import io.flywheel.metrics.ProcessMetrics;
import io.flywheel.render.FfmpegSelection;
import io.flywheel.render.MediaPublisher;
import io.flywheel.render.Providers;
import io.flywheel.render.RenderPipeline;
import io.flywheel.render.RenderSetup;
import io.flywheel.render.pipeline.BudgetGate;
import io.flywheel.schemas.EventProducer;
import io.flywheel.storage.ObjectStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A render worker process: {@code render.concurrency} job slots in the {@code render-workers}
 * consumer group (start more processes for more throughput), one listener for budget events, and a
 * clean stop on SIGTERM (jobs in flight are interrupted and delivered again, resuming from their
 * checkpoints). A slot that dies is restarted with backoff; one that cannot be recovered makes the
 * process exit with status {@value #EXIT_SLOT_LOST}, so its supervisor starts a new one.
 */
public final class RenderWorkerMain {
    private static final Logger LOG = LoggerFactory.getLogger(RenderWorkerMain.class);

    /** The exit status of a worker that lost a slot for good. */
    public static final int EXIT_SLOT_LOST = 70;

    /**
     * Attempts to re-create a slot's Kafka clients (backoff 1 s doubling to 30 s, up to 60 s each).
     */
    static final int MAX_RECONNECT_ATTEMPTS = 10;

    private RenderWorkerMain() {}

    public static void main(String[] args) throws InterruptedException {
        // Pictures and captions are drawn with Java2D; no display is needed or wanted.
        System.setProperty("java.awt.headless", "true");
        FlywheelConfig config = ConfigLoader.fromEnvironment(Map.of());
        config.describe().forEach((k, v) -> LOG.info("config {} = {}", k, v));
        PrometheusMeterRegistry registry = ProcessMetrics.registry();
        MetricsServer metrics =
                MetricsServer.start(
                        config.listenAddress(),
                        config.metrics().renderPort(),
                        "metrics.render.port",
                        registry);
        Running r =
                start(
                        config,
                        System.getenv()
                                .getOrDefault(
                                        "FLYWHEEL_WORKER_ID",
                                        UUID.randomUUID().toString().substring(0, 8)),
                        rec -> {},
                        registry);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    r.stop();
                                    metrics.close();
                                },
                                "render-worker-stop"));
        r.join();
        if (r.slotLost()) {
            LOG.error(
                    "render worker exits with status {}: a slot could not be recovered ({})",
                    EXIT_SLOT_LOST,
                    r.counters());
            System.exit(EXIT_SLOT_LOST);
        }
    }

    /** A started worker process's threads. */
    public record Running(
            List<SlotSupervisor> slots,
            List<Thread> threads,
            BudgetListener budget,
            EventProducer events,
            JobRows jobRows,
            SlotCounters counters,
            AtomicBoolean lost) {
        public void stop() {
            slots.forEach(SlotSupervisor::stop);
            budget.stop();
            join();
            events.close();
            jobRows.close();
            LOG.info("render worker stopped ({})", counters);
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

        /** How many slot threads are running. */
        public long slotsAlive() {
            return threads.stream().filter(Thread::isAlive).count();
        }

        /** Whether a slot gave up (the process should exit non-zero). */
        public boolean slotLost() {
            return lost.get();
        }
    }

    public static Running start(FlywheelConfig config, String workerId) {
        return start(config, workerId, rec -> {}, new SimpleMeterRegistry());
    }

    static Running start(
            FlywheelConfig config,
            String workerId,
            Consumer<ConsumerRecord<String, byte[]>> beforeCommit) {
        return start(config, workerId, beforeCommit, new SimpleMeterRegistry());
    }

    /**
     * @param beforeCommit see {@link RenderWorker}; a fault test stops the broker there
     * @param registry where the worker's meters go (the process's Prometheus registry)
     */
    static Running start(
            FlywheelConfig config,
            String workerId,
            Consumer<ConsumerRecord<String, byte[]>> beforeCommit,
            MeterRegistry registry) {
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
        ObjectStore store = ObjectStore.of(config);
        LOG.info("finished media go to {}", store);
        RenderPipeline pipeline =
                new RenderPipeline(
                        providers,
                        RenderSetup.mediaRoot(config),
                        new MediaPublisher(store, RenderSetup.mediaRoot(config)));
        String bootstrap = config.kafka().bootstrapServers();
        String prefix = config.kafka().topicPrefix();
        EventProducer events =
                EventProducer.create(bootstrap, prefix, "render-worker-" + workerId + "-events");
        JobRows rows =
                config.render().jobStatusCheck()
                        ? new ContentJobRows(config.postgres())
                        : JobRows.unchecked();
        SlotCounters counters =
                new SlotCounters(
                        new RenderMetrics(registry, config.streaming().dailyBudgetMicroUsd()));
        counters.bindTo(registry);
        AtomicBoolean lost = new AtomicBoolean();
        List<SlotSupervisor> slots = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<Runnable> stopAll = new ArrayList<>();
        Runnable onFatal =
                () -> {
                    if (lost.compareAndSet(false, true)) {
                        // The other slots stop too, so the process exits and is restarted whole.
                        new Thread(() -> stopAll.forEach(Runnable::run), "render-worker-give-up")
                                .start();
                    }
                };
        for (int i = 0; i < config.render().concurrency(); i++) {
            RenderWorker.Settings settings =
                    new RenderWorker.Settings(
                            bootstrap,
                            prefix,
                            workerId,
                            i,
                            Duration.ofSeconds(config.render().jobTimeoutS()),
                            config.render().sessionTimeoutMs(),
                            RenderSetup.mediaRoot(config),
                            config.render().minFreeBytes(),
                            config.render().maxCrashes(),
                            MAX_RECONNECT_ATTEMPTS);
            SlotSupervisor s =
                    new SlotSupervisor(
                            i,
                            () ->
                                    new RenderWorker(
                                            settings,
                                            pipeline,
                                            events,
                                            rows,
                                            counters,
                                            beforeCommit),
                            counters.slotRestarts,
                            onFatal);
            slots.add(s);
            Thread t = new Thread(s, "render-slot-" + i);
            t.start();
            threads.add(t);
        }
        stopAll.add(() -> slots.forEach(SlotSupervisor::stop));
        BudgetListener listener = new BudgetListener(bootstrap, prefix, budget);
        stopAll.add(listener::stop);
        Thread bt = new Thread(listener, "render-budget");
        bt.setDaemon(true);
        bt.start();
        LOG.info("render worker {} started with {} slots", workerId, slots.size());
        return new Running(slots, threads, listener, events, rows, counters, lost);
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
