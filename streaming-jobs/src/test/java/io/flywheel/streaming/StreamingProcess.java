package io.flywheel.streaming;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The streaming process ({@link StreamingJobs#main}) started as {@code flywheel up} starts it. */
final class StreamingProcess {
    private final Process process;
    private String ui;

    private StreamingProcess(Process process) {
        this.process = process;
    }

    static StreamingProcess start(Map<String, String> env) throws Exception {
        ProcessBuilder pb =
                new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx768m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Dlog4j2.configurationFile=log4j2-test.properties",
                        StreamingJobs.class.getName());
        pb.environment().putAll(env);
        // Another Flywheel may use the default metrics port.
        pb.environment()
                .putIfAbsent(
                        "FLYWHEEL_METRICS_STREAMING_PORT",
                        Integer.toString(io.flywheel.embedded.FreePorts.pick()));
        pb.redirectErrorStream(true);
        return new StreamingProcess(pb.start());
    }

    /** Reads the output until it prints the web UI address; keeps draining it after. */
    String webUi() throws Exception {
        if (ui != null) {
            return ui;
        }
        BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> found = new CompletableFuture<>();
        Thread t =
                new Thread(
                        () -> {
                            try {
                                String line;
                                while ((line = r.readLine()) != null) {
                                    System.out.println("[streaming] " + line);
                                    if (line.startsWith("flink.web.ui=")) {
                                        found.complete(line.substring("flink.web.ui=".length()));
                                    }
                                }
                                found.completeExceptionally(new IllegalStateException("exited"));
                            } catch (Exception e) {
                                found.completeExceptionally(e);
                            }
                        });
        t.setDaemon(true);
        t.start();
        ui = found.get(120, TimeUnit.SECONDS);
        return ui;
    }

    void awaitRunningJobs(int n) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body =
                    http.send(
                                    HttpRequest.newBuilder(URI.create(webUi() + "/jobs/overview"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
            if (body.split("\"state\":\"RUNNING\"", -1).length - 1 >= n) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("jobs not running: " + body);
    }

    int exitValue() {
        return process.exitValue();
    }

    /** SIGTERM, as {@code flywheel down} sends it. */
    void stop() throws Exception {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the streaming process did not stop on SIGTERM");
        }
    }
}
