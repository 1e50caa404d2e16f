package io.flywheel.cli;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.embedded.JavaService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the batch learning cycle (ingest → curate → train → recommend) as its own Spark JVM, the way
 * the scheduler does, with the demo's settings passed as configuration.
 */
final class DemoLearning {
    /** The cycle's one-line summary, or why it failed. */
    record Outcome(String summary, boolean failed) {}

    private final FlywheelConfig c;
    private final Map<String, String> env;

    /**
     * @param env configuration for the batch JVM as {@code FLYWHEEL_*} variables (e.g. the world's
     *     horizon and the demo's minimum training rows)
     */
    DemoLearning(FlywheelConfig c, Map<String, String> env) {
        this.c = c;
        this.env = env;
    }

    Outcome run(String label, long deadline) throws Exception {
        Path target = c.home().resolve("batch-jobs/target");
        Path flags = target.resolve("spark-jvm-flags.txt");
        if (!Files.exists(flags)) {
            return new Outcome("batch-jobs is not built; `./flywheel` builds everything", true);
        }
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                JavaService.javaBinary(),
                                "-Xmx2g",
                                "@" + flags,
                                "-cp",
                                target.resolve("classes") + ":" + target.resolve("lib") + "/*",
                                "io.flywheel.batch.BatchJobMain",
                                "cycle"));
        Path log = c.dataPath("logs").resolve("demo-learning.out");
        Files.createDirectories(log.getParent());
        ProcessBuilder pb =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("FLYWHEEL_HOME", c.home().toString());
        pb.environment().put("FLYWHEEL_DATA_DIR", c.dataDir().toString());
        pb.environment().putAll(env);
        System.out.print(label + " ... ");
        System.out.flush();
        long t = System.nanoTime();
        long before = Files.exists(log) ? Files.size(log) : 0;
        Process p = pb.start();
        long left = Math.max(TimeUnit.MINUTES.toNanos(1), deadline - System.nanoTime());
        if (!p.waitFor(left, TimeUnit.NANOSECONDS)) {
            p.destroy();
            System.out.println("timed out");
            return new Outcome("did not finish in time; see " + log, true);
        }
        System.out.printf(Locale.ROOT, "done (%.0f s)%n", (System.nanoTime() - t) / 1e9);
        String summary;
        try (var in = Files.newInputStream(log)) {
            in.skipNBytes(before);
            summary =
                    new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                            .lines()
                            .filter(l -> l.contains("ingest:"))
                            .reduce((a, b) -> b)
                            .map(l -> l.substring(l.indexOf("ingest:")).trim())
                            .orElse("see " + log);
        }
        if (p.exitValue() != 0) {
            return new Outcome("failed (exit " + p.exitValue() + "); see " + log, true);
        }
        return new Outcome(summary, false);
    }
}
