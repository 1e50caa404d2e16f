package io.flywheel.e2e.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.e2e.FlywheelCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * bench/chaos: {@code flywheel demo} for a few cycles on its own data directory and ports while, at
 * set points of each cycle, the broker, PostgreSQL, the render worker, the streaming process and
 * the publisher are killed with SIGKILL; the supervisor brings them back. Then the known answer is
 * checked: every job rendered exactly once, every video published exactly once (read_committed),
 * and every video's KPI totals in PostgreSQL equal the engagement events on Kafka, each distinct
 * event once. Prints {@code RESULT faults=… lost=… duplicated=… late=… restarts=…
 * recovered_s_max=…}.
 */
public final class ChaosBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChaosBench() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("flywheel.home")).toAbsolutePath();
        int cycles = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int videos = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        List<FaultedDemo.Fault> schedule =
                List.of(
                        new FaultedDemo.Fault(1, "rendering", "render-worker"),
                        new FaultedDemo.Fault(1, "audience", "streaming"),
                        new FaultedDemo.Fault(2, "rendering", "kafka"),
                        new FaultedDemo.Fault(2, "audience", "postgres"),
                        new FaultedDemo.Fault(Math.min(3, cycles), "rendering", "publisher"));
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
        List<FaultedDemo.Recovery> recoveries = new CopyOnWriteArrayList<>();
        int demoExit;
        try {
            demoExit = FaultedDemo.runDemo(home, config, cycles, videos, schedule, recoveries);
            System.out.printf(
                    Locale.ROOT,
                    "demo exited %d after %.1f min%n",
                    demoExit,
                    (System.nanoTime() - t0) / 60e9);
            KnownAnswer.Tally t;
            try {
                t = KnownAnswer.tally("127.0.0.1:" + kafka, pg, password);
            } catch (Exception e) {
                // A service that never came back: the answer cannot be checked, which is a finding.
                System.out.println("  ! cannot check the known answer: " + e);
                t = new KnownAnswer.Tally();
                t.lost = -1;
                t.duplicated = -1;
            }
            JsonNode status = FaultedDemo.status(home, config);
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
            double maxRecovery =
                    recoveries.stream().mapToDouble(FaultedDemo.Recovery::seconds).max().orElse(0);
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
                    "RESULT faults=%d lost=%d duplicated=%d late=%d restarts=%d"
                            + " recovered_s_max=%.1f unrecovered=%d demo_exit=%d%n",
                    recoveries.size(),
                    t.lost,
                    t.duplicated,
                    t.late,
                    restarts,
                    maxRecovery,
                    unrecovered,
                    demoExit);
        } finally {
            FaultedDemo.cli(home, Duration.ofMinutes(3), "down", "--config", config.toString());
        }
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
