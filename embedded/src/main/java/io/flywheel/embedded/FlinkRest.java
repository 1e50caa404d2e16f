package io.flywheel.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A client of Flink's REST API (the JobManager's {@code rest.port}) in plain {@code java.net.http}
 * and Jackson, so the CLI can submit, watch and stop jobs without Flink on its classpath. Field
 * names as in Flink 2.2's REST API ({@code JarRunRequestBody}, {@code JobDetails}, {@code
 * TaskManagerInfo}, {@code StopWithSavepointRequestBody}).
 */
public final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    /** One job of {@code GET /jobs/overview}: tasks counts by execution state. */
    public record Job(String id, String name, String state, int tasks, int runningTasks) {
        /** The job runs and so do all of its tasks (not only scheduled or deploying). */
        public boolean fullyRunning() {
            return "RUNNING".equals(state) && tasks > 0 && runningTasks == tasks;
        }
    }

    /** One TaskManager of {@code GET /taskmanagers}. */
    public record TaskManager(String id, String address, int slots, int freeSlots) {}

    /**
     * What {@code POST /jars/:jarid/run} runs.
     *
     * @param entryClass the main class (empty for the jar manifest's)
     * @param args the program arguments, one per element (no shell splitting)
     * @param savepointPath a savepoint or retained checkpoint to start from, if any
     * @param allowNonRestoredState skip state of operators the job no longer has
     */
    public record Run(
            String entryClass,
            List<String> args,
            Optional<String> savepointPath,
            boolean allowNonRestoredState) {
        public static Run of(String entryClass, List<String> args) {
            return new Run(entryClass, args, Optional.empty(), false);
        }

        public Run from(String savepoint) {
            return new Run(entryClass, args, Optional.of(savepoint), true);
        }
    }

    private final String base;
    private final HttpClient http;

    /**
     * @param base e.g. {@code http://127.0.0.1:8081}
     */
    public FlinkRest(String base) {
        this.base = base.replaceAll("/+$", "");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    }

    public String base() {
        return base;
    }

    /** {@code POST /jars/upload} (multipart, field {@code jarfile}); returns the jar id. */
    public String uploadJar(Path jar) {
        String boundary = "flywheel-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            body.write(
                    ("--"
                                    + boundary
                                    + "\r\nContent-Disposition: form-data; name=\"jarfile\";"
                                    + " filename=\""
                                    + jar.getFileName()
                                    + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                            .getBytes(StandardCharsets.UTF_8));
            body.write(Files.readAllBytes(jar));
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
        JsonNode r =
                call(
                        HttpRequest.newBuilder(uri("/jars/upload"))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .timeout(Duration.ofMinutes(2))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())),
                        "upload " + jar.getFileName());
        if (!"success".equals(r.path("status").asText())) {
            throw new IllegalStateException("Flink refused the jar " + jar + ": " + r);
        }
        String file = r.path("filename").asText();
        return file.substring(file.lastIndexOf('/') + 1);
    }

    /**
     * {@code POST /jars/:jarid/run}: runs the jar's main in the JobManager; returns the (first)
     * submitted job id. The main's exception comes back as the error.
     */
    public String runJar(String jarId, Run run) {
        ObjectNode req = JSON.createObjectNode();
        if (!run.entryClass().isEmpty()) {
            req.put("entryClass", run.entryClass());
        }
        run.args().forEach(req.putArray("programArgsList")::add);
        run.savepointPath()
                .ifPresent(
                        p -> {
                            req.put("savepointPath", p);
                            req.put("allowNonRestoredState", run.allowNonRestoredState());
                        });
        JsonNode r =
                call(
                        HttpRequest.newBuilder(uri("/jars/" + enc(jarId) + "/run"))
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofMinutes(3))
                                .POST(HttpRequest.BodyPublishers.ofString(req.toString())),
                        "run " + jarId + " " + run.args());
        return r.path("jobid").asText();
    }

    /** {@code GET /jobs/overview}. */
    public List<Job> jobs() {
        List<Job> out = new ArrayList<>();
        for (JsonNode j : get("/jobs/overview").path("jobs")) {
            JsonNode t = j.path("tasks");
            out.add(
                    new Job(
                            j.path("jid").asText(),
                            j.path("name").asText(),
                            j.path("state").asText(),
                            j.path("tasks").path("total").asInt(t.path("total").asInt()),
                            t.path("running").asInt()));
        }
        return out;
    }

    public Optional<Job> job(String id) {
        return jobs().stream().filter(j -> j.id().equals(id)).findFirst();
    }

    /** {@code GET /taskmanagers}: the TaskManagers registered with the ResourceManager. */
    public List<TaskManager> taskManagers() {
        List<TaskManager> out = new ArrayList<>();
        for (JsonNode t : get("/taskmanagers").path("taskmanagers")) {
            out.add(
                    new TaskManager(
                            t.path("id").asText(),
                            t.path("path").asText(),
                            t.path("slotsNumber").asInt(),
                            t.path("freeSlots").asInt()));
        }
        return out;
    }

    /** {@code GET /jobs/:jobid/checkpoints}: how many checkpoints have completed. */
    public long completedCheckpoints(String jobId) {
        return get("/jobs/" + enc(jobId) + "/checkpoints")
                .path("counts")
                .path("completed")
                .asLong();
    }

    /** {@code PATCH /jobs/:jobid?mode=cancel}: cancels without a savepoint. */
    public void cancel(String jobId) {
        call(
                HttpRequest.newBuilder(uri("/jobs/" + enc(jobId) + "?mode=cancel"))
                        .timeout(CALL_TIMEOUT)
                        .method("PATCH", HttpRequest.BodyPublishers.noBody()),
                "cancel " + jobId);
    }

    /**
     * {@code POST /jobs/:jobid/stop}: a savepoint, then the job finishes; waits for the savepoint
     * and returns its location.
     *
     * @param targetDirectory empty for the cluster's {@code execution.checkpointing.savepoint-dir}
     */
    public String stopWithSavepoint(String jobId, Optional<String> targetDirectory, Duration wait) {
        ObjectNode req = JSON.createObjectNode();
        targetDirectory.ifPresent(d -> req.put("targetDirectory", d));
        req.put("drain", false);
        String trigger =
                call(
                                HttpRequest.newBuilder(uri("/jobs/" + enc(jobId) + "/stop"))
                                        .header("Content-Type", "application/json")
                                        .timeout(CALL_TIMEOUT)
                                        .POST(HttpRequest.BodyPublishers.ofString(req.toString())),
                                "stop " + jobId)
                        .path("request-id")
                        .asText();
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            JsonNode s = get("/jobs/" + enc(jobId) + "/savepoints/" + enc(trigger));
            if ("COMPLETED".equals(s.path("status").path("id").asText())) {
                JsonNode op = s.path("operation");
                if (op.hasNonNull("failure-cause")) {
                    throw new IllegalStateException(
                            "stop-with-savepoint of "
                                    + jobId
                                    + " failed: "
                                    + op.path("failure-cause").path("stack-trace").asText(""));
                }
                return op.path("location").asText();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "stop-with-savepoint of " + jobId + " not done within " + wait);
            }
            KafkaBroker.sleep(250);
        }
    }

    /** Waits until the job and all its tasks run; fails with the last state seen. */
    public Job awaitRunning(String jobId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "not listed";
        while (System.nanoTime() < deadline) {
            try {
                Optional<Job> j = job(jobId);
                if (j.isPresent() && j.get().fullyRunning()) {
                    return j.get();
                }
                last = j.map(Job::toString).orElse("not listed");
                if (j.isPresent() && isTerminal(j.get().state())) {
                    break;
                }
            } catch (RuntimeException e) {
                last = e.getMessage();
            }
            KafkaBroker.sleep(250);
        }
        throw new IllegalStateException(
                "job " + jobId + " not RUNNING within " + timeout.toSeconds() + " s: " + last);
    }

    private static boolean isTerminal(String state) {
        return List.of("FAILED", "CANCELED", "FINISHED").contains(state);
    }

    /** For the JobManager's health: the REST API answers; how many TaskManagers and jobs. */
    public Health jobManagerHealth() {
        try {
            JsonNode o = get("/overview");
            return Health.ok(
                    o.path("taskmanagers").asInt()
                            + " TaskManagers, "
                            + o.path("slots-available").asInt()
                            + "/"
                            + o.path("slots-total").asInt()
                            + " slots free, "
                            + o.path("jobs-running").asInt()
                            + " jobs running");
        } catch (RuntimeException e) {
            return Health.failing("Flink REST not answering (" + e.getMessage() + ")");
        }
    }

    /** For a TaskManager's health: it is registered with the JobManager under its id. */
    public Health taskManagerHealth(String resourceId) {
        try {
            return taskManagers().stream()
                    .filter(t -> t.id().equals(resourceId))
                    .findFirst()
                    .map(
                            t ->
                                    Health.ok(
                                            "registered, "
                                                    + t.freeSlots()
                                                    + "/"
                                                    + t.slots()
                                                    + " slots free"))
                    .orElseGet(() -> Health.failing("not registered with the JobManager"));
        } catch (RuntimeException e) {
            return Health.failing("JobManager not answering (" + e.getMessage() + ")");
        }
    }

    private JsonNode get(String path) {
        return call(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).GET(), path);
    }

    private JsonNode call(HttpRequest.Builder request, String what) {
        HttpResponse<String> r;
        try {
            r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Flink REST " + base + ": " + what + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        }
        JsonNode body;
        try {
            body = r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Flink REST " + what + " answered " + r.statusCode() + " with non-JSON", e);
        }
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    "Flink REST " + what + " answered " + r.statusCode() + ": " + errors(body));
        }
        return body;
    }

    /** Flink's {@code {"errors": [...]}}, each cut to its first lines (they carry stack traces). */
    private static String errors(JsonNode body) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : body.path("errors")) {
            String[] lines = e.asText().split("\n");
            List<String> said = new ArrayList<>();
            for (String l : lines) {
                if (!l.startsWith("\tat ") && !l.isBlank() && said.size() < 12) {
                    said.add(l);
                }
            }
            out.add(String.join("\n", said));
        }
        return out.isEmpty() ? body.toString() : String.join("; ", out);
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
