package io.flywheel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.config.ConfigLoader;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.embedded.FreePorts;
import io.flywheel.embedded.JavaService;
import io.flywheel.embedded.PostgresServer;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The render worker, publisher, API and scheduler jars that the build leaves in each module's
 * target run with {@code java -jar} alone: the manifest names the main class and target/lib.
 */
class RunnableJarsTest {
    private static final Path HOME = ConfigLoader.homeFrom(System.getenv());

    @TempDir Path dir;

    static Path jar(String module) throws Exception {
        try (Stream<Path> s = Files.list(HOME.resolve(module).resolve("target"))) {
            return s.filter(
                            p ->
                                    p.getFileName()
                                            .toString()
                                            .matches(
                                                    "flywheel-[a-z-]+(-0\\.1\\.0-SNAPSHOT)?\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(module + " has no jar; run mvn package"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "render-workers, io.flywheel.render.worker.RenderWorkerMain",
        "publishers, io.flywheel.publishers.service.PublisherMain",
        "simulator, io.flywheel.simulator.AudienceSimulatorMain",
        "strategy-api, io.flywheel.api.ApiMain",
        "cli, io.flywheel.cli.scheduler.SchedulerMain"
    })
    void eachJarNamesItsMainAndEveryJarOfItsClasspath(String module, String main) throws Exception {
        Path jar = jar(module);
        try (JarFile j = new JarFile(jar.toFile())) {
            var attrs = j.getManifest().getMainAttributes();
            assertThat(attrs.getValue("Main-Class")).isEqualTo(main);
            List<String> cp = List.of(attrs.getValue("Class-Path").split(" "));
            assertThat(cp).isNotEmpty().allMatch(e -> e.startsWith("lib/"));
            for (String e : cp) {
                assertThat(jar.getParent().resolve(e)).as(module + " " + e).isRegularFile();
            }
        }
        // Started with a bad setting, each fails on that setting, not on a missing class.
        Run r = run(jar, Map.of("FLYWHEEL_KAFKA_BROKER_PORT", "not-a-port"), 60);
        assertThat(r.code()).isNotZero();
        assertThat(r.out())
                .contains("kafka.broker.port")
                .doesNotContain("ClassNotFoundException")
                .doesNotContain("NoClassDefFoundError");
    }

    @Test
    void theApiJarStartsAndAnswersHealth() throws Exception {
        PostgresServer pg = Ephemeral.postgres();
        String db = Ephemeral.database("jar_api");
        int port = FreePorts.pick();
        Map<String, String> env =
                Map.of(
                        "FLYWHEEL_DATA_DIR", dir.resolve("data").toString(),
                        "FLYWHEEL_API_PORT", Integer.toString(port),
                        "FLYWHEEL_POSTGRES_EMBEDDED", "false",
                        "FLYWHEEL_POSTGRES_PORT", Integer.toString(pg.spec().port()),
                        "FLYWHEEL_POSTGRES_DATABASE", db,
                        "FLYWHEEL_POSTGRES_USER", pg.spec().user(),
                        "FLYWHEEL_POSTGRES_PASSWORD", pg.spec().password().reveal(),
                        "FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS",
                                Ephemeral.kafka().spec().bootstrapServers());
        Path log = dir.resolve("api.out");
        Process p = process(jar("strategy-api"), env).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            int status = 0;
            while (status != 200 && System.nanoTime() < deadline && p.isAlive()) {
                try {
                    status =
                            http.send(
                                            HttpRequest.newBuilder(
                                                            URI.create(
                                                                    "http://127.0.0.1:"
                                                                            + port
                                                                            + "/health"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString())
                                    .statusCode();
                } catch (java.io.IOException e) {
                    Thread.sleep(250);
                }
            }
            assertThat(status).as(Files.readString(log)).isEqualTo(200);
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    record Run(int code, String out) {}

    private Run run(Path jar, Map<String, String> env, int seconds) throws Exception {
        Path out = Files.createTempFile(dir, "run", ".out");
        Process p = process(jar, env).redirectOutput(out.toFile()).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(jar + " still runs after " + seconds + " s");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    private ProcessBuilder process(Path jar, Map<String, String> env) {
        // From another directory, with nothing but the jar on the command line (no -cp).
        ProcessBuilder pb =
                new ProcessBuilder(
                                JavaService.javaBinary(),
                                "-Xmx256m",
                                "-Djava.awt.headless=true",
                                "-jar",
                                jar.toString())
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("FLYWHEEL_"));
        pb.environment().put("FLYWHEEL_HOME", HOME.toString());
        pb.environment().putAll(env);
        return pb;
    }
}
