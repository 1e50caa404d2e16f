package io.flywheel.render.worker;

import io.flywheel.embedded.Ephemeral;
import io.flywheel.schemas.ConsumerGroups;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.schemas.Stage;
import io.flywheel.schemas.StageCompleted;
import io.flywheel.schemas.Topic;
import io.flywheel.schemas.VideoRendered;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.utils.Utils;

/**
 * bench/cluster's render part: the same N content requests (preview size 360x640, the preview's
 * ultrafast encoder) rendered by one and then by two render worker processes (each its own JVM, one
 * slot each) in one consumer group, from the first request sent to the last {@code VideoRendered}
 * read back (read_committed). The requests are spread evenly over the topic's two partitions, so
 * neither worker gets more than its share. Then one of two workers is killed with SIGKILL while
 * both render and is started again, as the supervisor does: its recovery is the time until the
 * group is stable with two members again without the killed one.
 *
 * <p>Environment: BENCH_RENDER_JOBS (default 4), BENCH_RENDER_SECONDS (video length, default 6).
 * Last line: {@code PART render_w1_per_min=… render_w2_per_min=… render_w2_vs_w1=…
 * recovery_render_worker_s=…}
 */
public final class RenderWorkersBench {
    private static final int PARTITIONS = 2;

    private RenderWorkersBench() {}

    public static void main(String[] args) throws Exception {
        int jobs = Integer.parseInt(env("BENCH_RENDER_JOBS", "4"));
        int seconds = Integer.parseInt(env("BENCH_RENDER_SECONDS", "6"));
        // One data directory for every worker: the bundled ffmpeg is unpacked and checked once.
        Path data = Files.createTempDirectory("flywheel-bench-render-");
        String bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        int code = 0;
        try {
            double one = run(data, bootstrap, 1, jobs, seconds, false)[0];
            double[] two = run(data, bootstrap, 2, jobs, seconds, true);
            System.out.printf(
                    Locale.ROOT,
                    "PART render_w1_per_min=%.2f render_w2_per_min=%.2f render_w2_vs_w1=%.2f"
                            + " recovery_render_worker_s=%.1f%n",
                    one,
                    two[0],
                    two[0] / one,
                    two[1]);
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            code = 1;
        } finally {
            Ephemeral.kafka().stop();
        }
        System.exit(code);
    }

    /** Videos per minute with {@code workers} processes, and (if asked) a worker's recovery. */
    static double[] run(
            Path data, String bootstrap, int workers, int jobs, int seconds, boolean kill)
            throws Exception {
        Files.createDirectories(data);
        String prefix = RenderWorkerTest.topics(bootstrap);
        String group = prefix + ConsumerGroups.RENDER_WORKERS;
        List<Process> procs = new ArrayList<>();
        try (Admin admin = admin(bootstrap);
                EventProducer producer = EventProducer.create(bootstrap, prefix, "bench");
                TopicReader render = new TopicReader(bootstrap, Topic.RENDER_EVENTS.name(prefix))) {
            long t0 = System.nanoTime();
            for (int i = 1; i <= workers; i++) {
                procs.add(worker(data, bootstrap, prefix, "w" + i));
            }
            awaitGroup(admin, group, workers, null, Duration.ofSeconds(300));
            System.out.printf(
                    Locale.ROOT,
                    "render: %d worker(s) in the group in %.1f s%n",
                    workers,
                    secs(t0));
            List<ContentRequested> requests = balanced(jobs, seconds);
            long start = System.nanoTime();
            for (ContentRequested r : requests) {
                producer.send(r).get();
            }
            render.until(ev -> rendered(ev.stream()) >= jobs, Duration.ofSeconds(60L * jobs + 120));
            double s = secs(start);
            long done = rendered(render.events.stream());
            if (done != jobs) {
                throw new AssertionError("rendered " + done + " of " + jobs + " videos");
            }
            double perMin = jobs * 60.0 / s;
            System.out.printf(
                    Locale.ROOT,
                    "render: %d worker(s): %d videos (%d s, 360x640) in %.1f s = %.2f videos/min%n",
                    workers,
                    jobs,
                    seconds,
                    s,
                    perMin);
            double recovery = Double.NaN;
            if (kill) {
                recovery = killAndRecover(data, bootstrap, prefix, admin, producer, render, procs);
            }
            return new double[] {perMin, recovery};
        } finally {
            for (Process p : procs) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Two jobs (one per partition) in flight; worker 2 is killed once both have narrated and is
     * started again after the supervisor's first backoff (1 s).
     */
    private static double killAndRecover(
            Path data,
            String bootstrap,
            String prefix,
            Admin admin,
            EventProducer producer,
            TopicReader render,
            List<Process> procs)
            throws Exception {
        String group = prefix + ConsumerGroups.RENDER_WORKERS;
        List<ContentRequested> requests = balanced(2, 10);
        Set<String> ids =
                requests.stream().map(ContentRequested::getJobId).collect(Collectors.toSet());
        for (ContentRequested r : requests) {
            producer.send(r).get();
        }
        render.until(
                ev ->
                        ev.stream()
                                        .filter(
                                                e ->
                                                        e instanceof StageCompleted c
                                                                && ids.contains(c.getJobId())
                                                                && c.getStage() == Stage.NARRATION)
                                        .count()
                                >= 2,
                Duration.ofMinutes(2));
        String killedMember =
                members(admin, group).stream()
                        .filter(
                                m ->
                                        m.clientId()
                                                .startsWith(
                                                        ConsumerGroups.renderWorkerClientPrefix(
                                                                "w2")))
                        .map(MemberDescription::consumerId)
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("w2 is not in the group"));
        long killed = System.nanoTime();
        procs.get(1).destroyForcibly(); // SIGKILL
        procs.get(1).waitFor(30, TimeUnit.SECONDS);
        Thread.sleep(1000); // the supervisor's first backoff
        procs.set(1, worker(data, bootstrap, prefix, "w2"));
        awaitGroup(admin, group, 2, killedMember, Duration.ofSeconds(300));
        double recovery = secs(killed);
        System.out.printf(
                Locale.ROOT,
                "RECOVERY render worker: group stable with 2 members again %.1f s after the kill%n",
                recovery);
        render.until(
                ev ->
                        ev.stream()
                                        .filter(
                                                e ->
                                                        e instanceof VideoRendered v
                                                                && ids.contains(v.getJobId()))
                                        .count()
                                >= 2,
                Duration.ofMinutes(3));
        render.drain(Duration.ofSeconds(3));
        long renderedOnce =
                render.of(VideoRendered.class).stream()
                        .filter(v -> ids.contains(v.getJobId()))
                        .count();
        System.out.printf(
                Locale.ROOT,
                "render: both jobs in flight at the kill rendered %.1f s after it, VideoRendered"
                        + " %d for 2 jobs%n",
                secs(killed),
                renderedOnce);
        if (renderedOnce != 2) {
            throw new AssertionError("expected one VideoRendered per job, got " + renderedOnce);
        }
        return recovery;
    }

    /**
     * Requests whose keys (job ids) fall on the partitions in turn, as Kafka's partitioner puts
     * them.
     */
    static List<ContentRequested> balanced(int n, int seconds) {
        List<ContentRequested> out = new ArrayList<>();
        while (out.size() < n) {
            ContentRequested r =
                    Requests.of(
                            "travel",
                            seconds,
                            "Bench " + out.size(),
                            List.of(new RenditionSpec("preview", 360, 640)));
            byte[] key = r.getJobId().getBytes(StandardCharsets.UTF_8);
            if (Utils.toPositive(Utils.murmur2(key)) % PARTITIONS == out.size() % PARTITIONS) {
                out.add(r);
            }
        }
        return out;
    }

    private static long rendered(java.util.stream.Stream<?> events) {
        return events.filter(VideoRendered.class::isInstance).count();
    }

    /** A worker as its own JVM, as `flywheel up` starts it, at the preview's encoder. */
    static Process worker(Path data, String bootstrap, String prefix, String id) throws Exception {
        return WorkerProcess.start(data, bootstrap, prefix, id, "ultrafast");
    }

    /** Waits until the group is stable with {@code n} members, none of them {@code gone}. */
    private static void awaitGroup(Admin admin, String group, int n, String gone, Duration max)
            throws Exception {
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end) {
            ConsumerGroupDescription d;
            try {
                d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            } catch (ExecutionException notYet) { // e.g. no member has joined yet
                Thread.sleep(200);
                continue;
            }
            boolean ok =
                    d.groupState() == GroupState.STABLE
                            && d.members().size() == n
                            && d.members().stream()
                                    .allMatch(
                                            m ->
                                                    !m.assignment().topicPartitions().isEmpty()
                                                            && !m.consumerId().equals(gone));
            if (ok) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("group " + group + " not stable with " + n + " members");
    }

    private static List<MemberDescription> members(Admin admin, String group) throws Exception {
        return new ArrayList<>(
                admin.describeConsumerGroups(List.of(group)).all().get().get(group).members());
    }

    private static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(p);
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }
}
