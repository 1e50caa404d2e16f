package io.flywheel.e2e.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.e2e.FlywheelCli;
import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.EngagementObserved;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.EventDeserializer;
import io.flywheel.schemas.Topic;
import io.flywheel.schemas.VideoPublished;
import io.flywheel.schemas.VideoRendered;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * bench/chaos: {@code flywheel demo} for a few cycles on its own data directory and ports while, at
 * set points of each cycle, the broker, PostgreSQL, the render worker, the streaming process and
 * the publisher are killed with SIGKILL; the supervisor brings them back. Then the known answer is
 * checked: every job rendered exactly once, every video published exactly once (read_committed),
 * and every video's KPI totals in PostgreSQL equal the engagement events on Kafka, each distinct
 * event once. Prints {@code RESULT faults=… lost=… duplicated=… restarts=… recovered_s_max=…}.
 */
public final class ChaosBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Kill {@code service} when the demo's output shows {@code phase} of cycle {@code cycle}. */
    record Fault(int cycle, String phase, String service) {}

    record Recovery(Fault fault, double seconds, boolean recovered) {}

    private ChaosBench() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("flywheel.home")).toAbsolutePath();
        int cycles = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int videos = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        List<Fault> schedule =
                List.of(
                        new Fault(1, "rendering", "render-worker"),
                        new Fault(1, "audience", "streaming"),
                        new Fault(2, "rendering", "kafka"),
                        new Fault(2, "audience", "postgres"),
                        new Fault(Math.min(3, cycles), "rendering", "publisher"));
        Path work = home.resolve("e2e/target/bench-chaos");
        deleteTree(work);
        Files.createDirectories(work);
        String password = "chaos-" + Long.toHexString(System.nanoTime());
        Path config = FlywheelCli.config(work, password);
        int pg = FlywheelCli.port(config, "postgres.port");
        int kafka = FlywheelCli.port(config, "kafka.broker.port");
        System.out.printf(
                Locale.ROOT,
                "bench/chaos: demo --cycles %d --videos %d with %d faults: %s%n",
                cycles,
                videos,
                schedule.size(),
                schedule);
        long t0 = System.nanoTime();
        List<Recovery> recoveries = new CopyOnWriteArrayList<>();
        int demoExit;
        try {
            demoExit = runDemo(home, config, cycles, videos, schedule, recoveries);
            System.out.printf(
                    Locale.ROOT,
                    "demo exited %d after %.1f min%n",
                    demoExit,
                    (System.nanoTime() - t0) / 60e9);
            Tally t;
            try {
                t = tally("127.0.0.1:" + kafka, pg, password);
            } catch (Exception e) {
                // A service that never came back: the answer cannot be checked, which is a finding.
                System.out.println("  ! cannot check the known answer: " + e);
                t = new Tally();
                t.lost = -1;
                t.duplicated = -1;
            }
            JsonNode status = status(home, config);
            long restarts = 0;
            List<String> perService = new ArrayList<>();
            for (JsonNode s : status.path("services")) {
                restarts += s.path("restarts").asLong();
                if (s.path("restarts").asLong() > 0) {
                    perService.add(s.path("name").asText() + " " + s.path("restarts").asLong());
                }
            }
            // More restarts than kills: a process died of another's fault (e.g. of the broker's).
            System.out.println("restarts by the supervisor: " + perService);
            double maxRecovery = recoveries.stream().mapToDouble(Recovery::seconds).max().orElse(0);
            long unrecovered = recoveries.stream().filter(r -> !r.recovered()).count();
            System.out.printf(
                    Locale.ROOT,
                    "jobs %d, rendered %d, published %d, videos with KPIs %d; recoveries %s%n",
                    t.jobs,
                    t.rendered,
                    t.published,
                    t.kpiVideos,
                    recoveries.stream()
                            .map(
                                    r ->
                                            String.format(
                                                    Locale.ROOT,
                                                    "%s %.1fs%s",
                                                    r.fault().service(),
                                                    r.seconds(),
                                                    r.recovered() ? "" : " (NOT recovered)"))
                            .toList());
            t.problems.stream().limit(20).forEach(p -> System.out.println("  ! " + p));
            if (demoExit != 0) {
                System.out.println("  ! the demo did not complete (exit " + demoExit + ")");
            }
            System.out.printf(
                    Locale.ROOT,
                    "RESULT faults=%d lost=%d duplicated=%d restarts=%d recovered_s_max=%.1f"
                            + " unrecovered=%d demo_exit=%d%n",
                    recoveries.size(),
                    t.lost,
                    t.duplicated,
                    restarts,
                    maxRecovery,
                    unrecovered,
                    demoExit);
        } finally {
            cli(home, Duration.ofMinutes(3), "down", "--config", config.toString());
        }
    }

    /** Runs the demo, killing each fault's service when its cycle's phase shows in the output. */
    private static int runDemo(
            Path home,
            Path config,
            int cycles,
            int videos,
            List<Fault> schedule,
            List<Recovery> recoveries)
            throws Exception {
        Process demo =
                cliProcess(
                        home,
                        "demo",
                        "--cycles",
                        Integer.toString(cycles),
                        "--videos",
                        Integer.toString(videos),
                        "--service-grace",
                        "240",
                        "--config",
                        config.toString());
        List<Fault> pending = new ArrayList<>(schedule);
        List<Thread> killers = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                System.out.println("  demo| " + line);
                for (Fault f : List.copyOf(pending)) {
                    if (line.contains("Cycle " + f.cycle() + "/") && line.contains(f.phase())) {
                        pending.remove(f);
                        Thread k = new Thread(() -> recoveries.add(inject(home, config, f)));
                        k.start();
                        killers.add(k);
                    }
                }
            }
        }
        for (Thread k : killers) {
            k.join(TimeUnit.MINUTES.toMillis(5));
        }
        if (!pending.isEmpty()) {
            System.out.println("faults never triggered (their phase did not show): " + pending);
        }
        return demo.waitFor();
    }

    /** Kills the service's process and measures how long until status reports it healthy. */
    private static Recovery inject(Path home, Path config, Fault f) {
        try {
            JsonNode s = service(status(home, config), f.service());
            long pid = s.path("pid").asLong(-1);
            if (pid <= 0) {
                System.out.println("chaos: " + f.service() + " has no pid to kill");
                return new Recovery(f, 0, false);
            }
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            long killed = System.nanoTime();
            System.out.printf(
                    Locale.ROOT, "chaos: killed %s (pid %d) at %s%n", f.service(), pid, f.phase());
            long deadline = killed + TimeUnit.MINUTES.toNanos(4);
            while (System.nanoTime() < deadline) {
                Thread.sleep(2000);
                JsonNode now = service(status(home, config), f.service());
                if (now.path("healthy").asBoolean() && now.path("pid").asLong() != pid) {
                    double secs = (System.nanoTime() - killed) / 1e9;
                    System.out.printf(
                            Locale.ROOT,
                            "chaos: %s healthy again after %.1f s (pid %d)%n",
                            f.service(),
                            secs,
                            now.path("pid").asLong());
                    return new Recovery(f, secs, true);
                }
            }
            return new Recovery(f, (System.nanoTime() - killed) / 1e9, false);
        } catch (Exception e) {
            System.out.println("chaos: " + f + " failed: " + e);
            return new Recovery(f, 0, false);
        }
    }

    private static JsonNode service(JsonNode status, String name) {
        for (JsonNode s : status.path("services")) {
            if (name.equals(s.path("name").asText())) {
                return s;
            }
        }
        return JSON.createObjectNode();
    }

    private static JsonNode status(Path home, Path config) throws Exception {
        return JSON.readTree(
                cli(
                        home,
                        Duration.ofMinutes(1),
                        "status",
                        "--json",
                        "--config",
                        config.toString()));
    }

    /** What Kafka (read_committed) and PostgreSQL say, against each other. */
    static final class Tally {
        long jobs;
        long rendered;
        long published;
        long kpiVideos;
        long lost;
        long duplicated;
        final List<String> problems = new ArrayList<>();
    }

    private static Tally tally(String bootstrap, int pg, String password) throws Exception {
        Map<String, Integer> renderedPerJob = new HashMap<>();
        Map<String, Integer> publishedPerVideo = new HashMap<>();
        Map<String, Set<String>> eventsPerVideo = new HashMap<>();
        Map<String, Long> viewsPerVideo = new HashMap<>();
        for (ConsumerRecord<String, DecodeResult> r :
                readAll(bootstrap, Topic.RENDER_EVENTS.name("flywheel."))) {
            if (r.value() instanceof DecodeResult.Decoded d
                    && d.event() instanceof VideoRendered v) {
                renderedPerJob.merge(v.getJobId(), 1, Integer::sum);
            }
        }
        for (ConsumerRecord<String, DecodeResult> r :
                readAll(bootstrap, Topic.PUBLISH_EVENTS.name("flywheel."))) {
            if (r.value() instanceof DecodeResult.Decoded d
                    && d.event() instanceof VideoPublished v) {
                publishedPerVideo.merge(v.getVideoId(), 1, Integer::sum);
            }
        }
        for (ConsumerRecord<String, DecodeResult> r :
                readAll(bootstrap, Topic.ENGAGEMENT_EVENTS.name("flywheel."))) {
            if (r.value() instanceof DecodeResult.Decoded d
                    && d.event() instanceof EngagementObserved e
                    && eventsPerVideo
                            .computeIfAbsent(e.getVideoId(), k -> new HashSet<>())
                            .add(Envelopes.of(e).getEventId())) {
                viewsPerVideo.merge(e.getVideoId(), e.getViews(), Long::sum);
            }
        }
        Tally t = new Tally();
        String url = "jdbc:postgresql://127.0.0.1:" + pg + "/flywheel";
        try (Connection c = DriverManager.getConnection(url, "flywheel", password);
                Statement st = c.createStatement()) {
            List<String> jobs = strings(st, "SELECT job_id::text FROM content_jobs");
            t.jobs = jobs.size();
            for (String job : jobs) {
                int n = renderedPerJob.getOrDefault(job, 0);
                if (n == 0) {
                    t.lost++;
                    t.problems.add("job " + job + " has no VideoRendered");
                } else if (n > 1) {
                    t.duplicated += n - 1;
                    t.problems.add("job " + job + " has " + n + " VideoRendered");
                }
            }
            t.rendered = renderedPerJob.size();
            List<String> videos = strings(st, "SELECT video_id::text FROM videos");
            for (String video : videos) {
                int n = publishedPerVideo.getOrDefault(video, 0);
                if (n == 0) {
                    t.lost++;
                    t.problems.add("video " + video + " was never published");
                } else if (n > 1) {
                    t.duplicated += n - 1;
                    t.problems.add("video " + video + " was published " + n + " times");
                }
            }
            t.published = publishedPerVideo.size();
            // Flink's KPI sink commits on checkpoints: give the last ones time to land.
            Map<String, long[]> kpis = Map.of();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline) {
                kpis = kpis(st);
                if (kpis.size() >= eventsPerVideo.size()
                        && matches(kpis, eventsPerVideo, viewsPerVideo)) {
                    break;
                }
                Thread.sleep(3000);
            }
            t.kpiVideos = kpis.size();
            for (Map.Entry<String, Set<String>> e : eventsPerVideo.entrySet()) {
                long[] k = kpis.getOrDefault(e.getKey(), new long[] {0, 0});
                long expectedEvents = e.getValue().size();
                long expectedViews = viewsPerVideo.getOrDefault(e.getKey(), 0L);
                if (k[0] < expectedEvents || k[1] < expectedViews) {
                    t.lost++;
                    t.problems.add(
                            String.format(
                                    Locale.ROOT,
                                    "video %s KPIs count %d events / %d views of %d / %d",
                                    e.getKey(),
                                    k[0],
                                    k[1],
                                    expectedEvents,
                                    expectedViews));
                } else if (k[0] > expectedEvents || k[1] > expectedViews) {
                    t.duplicated++;
                    t.problems.add(
                            String.format(
                                    Locale.ROOT,
                                    "video %s KPIs count %d events / %d views, more than %d / %d",
                                    e.getKey(),
                                    k[0],
                                    k[1],
                                    expectedEvents,
                                    expectedViews));
                }
            }
        }
        return t;
    }

    private static boolean matches(
            Map<String, long[]> kpis, Map<String, Set<String>> events, Map<String, Long> views) {
        for (Map.Entry<String, Set<String>> e : events.entrySet()) {
            long[] k = kpis.get(e.getKey());
            if (k == null
                    || k[0] != e.getValue().size()
                    || k[1] != views.getOrDefault(e.getKey(), 0L)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, long[]> kpis(Statement st) throws Exception {
        Map<String, long[]> out = new HashMap<>();
        try (ResultSet rs =
                st.executeQuery("SELECT video_id, events, views FROM kpi_video_totals")) {
            while (rs.next()) {
                out.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
            }
        }
        return out;
    }

    private static List<String> strings(Statement st, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Every committed record of a topic (read_committed), from the start to the end now. */
    private static List<ConsumerRecord<String, DecodeResult>> readAll(
            String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, DecodeResult>> out = new ArrayList<>();
        try (KafkaConsumer<String, DecodeResult> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new EventDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            c.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))
                    && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        return out;
    }

    private static Process cliProcess(Path home, String... args) throws Exception {
        return new FlywheelCli(home).start(args);
    }

    private static String cli(Path home, Duration timeout, String... args) throws Exception {
        return new FlywheelCli(home)
                .run(timeout, Files.createTempFile("flywheel", ".out"), args)
                .out();
    }

    private static void deleteTree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
