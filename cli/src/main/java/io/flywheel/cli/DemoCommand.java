package io.flywheel.cli;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.Topic;
import io.flywheel.store.Brief;
import io.flywheel.store.BriefStore;
import io.flywheel.store.ContentJobStore;
import io.flywheel.store.Database;
import io.flywheel.store.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jdbi.v3.core.Jdbi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run the loop on the embedded default and report what happened.",
            "This build runs the parts that exist: the services, briefs and content jobs, and"
                    + " the ContentRequested events through the real broker. Rendering, live KPIs,"
                    + " learning and the dashboard are listed as not built yet; nothing is faked."
        })
final class DemoCommand implements Callable<Integer> {
    static final String[] NICHES = {"personal-finance", "cooking"};
    static final Platform[] PLATFORMS = {Platform.YOUTUBE_SHORTS, Platform.TIKTOK};

    @Mixin ConfigOptions options;

    @Option(names = "--videos", description = "Videos per brief (default ${DEFAULT-VALUE}).")
    int videosPerBrief = 3;

    @Option(names = "--seed", description = "Seed of the arms drawn (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Override
    public Integer call() throws Exception {
        if (videosPerBrief < 1 || videosPerBrief > 1000) {
            throw new UserError("--videos must be 1-1000");
        }
        FlywheelConfig c = options.load();
        LocalStack stack = new LocalStack(c, options.file());
        Bringup bringup = new Bringup(stack, System.out);
        double upSeconds = bringup.run(true, false);
        System.out.println();

        String topic = Topic.CONTENT_REQUESTS.name(c.kafka().topicPrefix());
        List<ContentRequested> sent = new ArrayList<>();
        int briefs = 0;
        long t0 = System.nanoTime();
        try (var ds = Database.dataSource(c.postgres(), "flywheel-demo");
                EventProducer producer =
                        EventProducer.create(
                                c.kafka().bootstrapServers(),
                                c.kafka().topicPrefix(),
                                "flywheel-demo");
                KafkaConsumer<String, DecodeResult> reader =
                        KafkaClients.reader(c.kafka().bootstrapServers())) {
            Jdbi jdbi = Database.jdbi(ds);
            BriefStore briefStore = new BriefStore(jdbi);
            ContentJobStore jobs = new ContentJobStore(jdbi);
            List<TopicPartition> parts = partitions(reader, topic);
            reader.assign(parts);
            Map<TopicPartition, Long> start = reader.endOffsets(parts);
            start.forEach(reader::seek);

            DemoBriefs demo = new DemoBriefs(seed);
            int total = PLATFORMS.length * NICHES.length * videosPerBrief;
            List<CompletableFuture<?>> acks = new ArrayList<>();
            for (Platform platform : PLATFORMS) {
                for (String niche : NICHES) {
                    UUID briefId = UUID.randomUUID();
                    briefStore.insert(
                            new Brief(
                                    briefId,
                                    platform.name(),
                                    niche,
                                    videosPerBrief,
                                    1.0,
                                    "flywheel-demo",
                                    Instant.now().truncatedTo(ChronoUnit.MICROS)));
                    briefs++;
                    for (int i = 0; i < videosPerBrief; i++) {
                        ContentRequested r =
                                demo.request(briefId, platform, niche, System.currentTimeMillis());
                        jobs.recordRequested(r);
                        acks.add(producer.send(r));
                        sent.add(r);
                        System.out.print(
                                "\rBriefs → jobs → Kafka  " + Progress.bar(sent.size(), total, 30));
                    }
                }
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(60, TimeUnit.SECONDS);
            System.out.println();

            Set<String> expected = new HashSet<>();
            sent.forEach(r -> expected.add(r.getJobId()));
            Set<String> readBack = new HashSet<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (readBack.size() < expected.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, DecodeResult> rec :
                        reader.poll(Duration.ofMillis(200))) {
                    if (rec.value() instanceof DecodeResult.Decoded d
                            && d.event() instanceof ContentRequested cr
                            && expected.contains(cr.getJobId())) {
                        readBack.add(cr.getJobId());
                    }
                }
                System.out.print(
                        "\rRead back from Kafka   "
                                + Progress.bar(readBack.size(), expected.size(), 30));
            }
            System.out.println();
            double loopSeconds = (System.nanoTime() - t0) / 1e9;

            Map<JobStatus, Integer> statuses = new LinkedHashMap<>();
            for (ContentRequested r : sent) {
                jobs.find(UUID.fromString(r.getJobId()))
                        .ifPresent(j -> statuses.merge(j.status(), 1, Integer::sum));
            }
            printSummary(c, upSeconds, loopSeconds, briefs, sent.size(), readBack.size(), statuses);
            return readBack.size() == sent.size() ? 0 : 1;
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        List<TopicPartition> parts = new ArrayList<>();
        consumer.partitionsFor(topic, Duration.ofSeconds(10))
                .forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
        return parts;
    }

    private static void printSummary(
            FlywheelConfig c,
            double upSeconds,
            double loopSeconds,
            int briefs,
            int sent,
            int readBack,
            Map<JobStatus, Integer> statuses) {
        System.out.println();
        System.out.println("Summary");
        String row = "  %-34s %-15s %s%n";
        System.out.printf(row, "PART", "RESULT", "DETAIL");
        System.out.printf(
                row,
                "Kafka + PostgreSQL",
                "ran",
                String.format(Locale.ROOT, "up in %.1f s", upSeconds));
        System.out.printf(
                row,
                "Briefs → content jobs (PostgreSQL)",
                "ran",
                briefs + " briefs, " + sent + " jobs " + statuses);
        System.out.printf(
                row,
                "ContentRequested through Kafka",
                readBack == sent ? "ran" : "INCOMPLETE",
                String.format(
                        Locale.ROOT,
                        "%d sent, %d read back in %.1f s",
                        sent,
                        readBack,
                        loopSeconds));
        System.out.printf(row, "Render workers (MP4s)", "not built yet", "jobs stay 'requested'");
        System.out.printf(
                row, "Publishers + audience simulator", "not built yet", "no engagement events");
        System.out.printf(row, "Live KPIs (Flink)", "not built yet", "");
        System.out.printf(
                row, "Learning (Spark, XGBoost)", "not built yet", "no model, no recommendations");
        System.out.printf(row, "Dashboard", "not built yet", "no URL to open");
        System.out.println();
        System.out.println(
                "Inspect: ./flywheel topics · ./flywheel tail content.requests · psql "
                        + c.postgres().libpqUrl());
        System.out.println("Services keep running; `./flywheel down` stops them.");
    }
}
