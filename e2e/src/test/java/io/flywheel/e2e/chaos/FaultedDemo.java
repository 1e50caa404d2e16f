package io.flywheel.e2e.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.e2e.FlywheelCli;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code flywheel demo} on its own data directory while, at set points of its cycles, processes are
 * killed with SIGKILL; measures how long each takes to be healthy again in {@code status}.
 */
public final class FaultedDemo {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Kill {@code service} when the demo's output shows {@code phase} of cycle {@code cycle}; when
     * {@code target} is given, it names the service at that moment instead (for example the Flink
     * TaskManager that runs a given job).
     */
    public record Fault(int cycle, String phase, String service, Supplier<String> target) {
        public Fault(int cycle, String phase, String service) {
            this(cycle, phase, service, () -> service);
        }

        @Override
        public String toString() {
            return "Fault[cycle=" + cycle + ", phase=" + phase + ", service=" + service + "]";
        }
    }

    public record Recovery(Fault fault, double seconds, boolean recovered) {}

    private FaultedDemo() {}

    /** Runs the demo, killing each fault's service when its cycle's phase shows in the output. */
    public static int runDemo(
            Path home,
            Path config,
            int cycles,
            int videos,
            List<Fault> schedule,
            List<Recovery> recoveries,
            String... extraArgs)
            throws Exception {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "demo",
                                "--cycles",
                                Integer.toString(cycles),
                                "--videos",
                                Integer.toString(videos),
                                "--service-grace",
                                "240",
                                // the faults hit rendered cycles; a channel history only adds time
                                "--history",
                                "0",
                                "--config",
                                config.toString()));
        args.addAll(List.of(extraArgs));
        Process demo = new FlywheelCli(home).start(args.toArray(String[]::new));
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
            String name = f.target().get();
            JsonNode s = service(status(home, config), name);
            long pid = s.path("pid").asLong(-1);
            if (pid <= 0) {
                System.out.println("chaos: " + name + " has no pid to kill");
                return new Recovery(f, 0, false);
            }
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            long killed = System.nanoTime();
            System.out.printf(
                    Locale.ROOT, "chaos: killed %s (pid %d) at %s%n", name, pid, f.phase());
            long deadline = killed + TimeUnit.MINUTES.toNanos(4);
            while (System.nanoTime() < deadline) {
                Thread.sleep(2000);
                JsonNode now = service(status(home, config), name);
                if (now.path("healthy").asBoolean() && now.path("pid").asLong() != pid) {
                    double secs = (System.nanoTime() - killed) / 1e9;
                    System.out.printf(
                            Locale.ROOT,
                            "chaos: %s healthy again after %.1f s (pid %d)%n",
                            name,
                            secs,
                            now.path("pid").asLong());
                    return new Recovery(f, secs, true);
                }
            }
            return new Recovery(f, (System.nanoTime() - killed) / 1e9, false);
        } catch (Exception | AssertionError e) { // a status that did not answer in time, too
            System.out.println("chaos: " + f + " failed: " + e);
            return new Recovery(f, 0, false);
        }
    }

    public static JsonNode service(JsonNode status, String name) {
        for (JsonNode s : status.path("services")) {
            if (name.equals(s.path("name").asText())) {
                return s;
            }
        }
        return JSON.createObjectNode();
    }

    public static JsonNode status(Path home, Path config) throws Exception {
        return JSON.readTree(
                cli(
                        home,
                        // status asks every node; on the cluster profile at a load of 16 it took 45
                        // s
                        Duration.ofMinutes(3),
                        "status",
                        "--json",
                        "--config",
                        config.toString()));
    }

    public static String cli(Path home, Duration timeout, String... args) throws Exception {
        return new FlywheelCli(home)
                .run(timeout, Files.createTempFile("flywheel", ".out"), args)
                .out();
    }
}
